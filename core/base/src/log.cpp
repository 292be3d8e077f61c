// The spdlog-backed component loggers behind newsarc::log.
#include "newsarc/base/log.hpp"

#include <mutex>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace newsarc::log {
namespace {

std::mutex registry_mutex;
spdlog::level::level_enum current_level = spdlog::level::info;

spdlog::sink_ptr stderr_sink() {
    static spdlog::sink_ptr sink = [] {
        auto made = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        made->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
        return made;
    }();
    return sink;
}

} // namespace

std::shared_ptr<spdlog::logger> get(const std::string& component) {
    std::lock_guard lock(registry_mutex);
    if (auto existing = spdlog::get(component)) {
        return existing;
    }
    auto logger = std::make_shared<spdlog::logger>(component, stderr_sink());
    logger->set_level(current_level);
    spdlog::register_logger(logger);
    return logger;
}

bool set_level(std::string_view level) {
    const auto parsed = spdlog::level::from_str(std::string(level));
    // spdlog maps unknown names to "off"; only accept "off" when it was asked for.
    if (parsed == spdlog::level::off && level != "off") {
        return false;
    }
    std::lock_guard lock(registry_mutex);
    current_level = parsed;
    spdlog::apply_all([parsed](const std::shared_ptr<spdlog::logger>& logger) { logger->set_level(parsed); });
    return true;
}

} // namespace newsarc::log
