// newsarc::log: the one logging facade. Component loggers over spdlog write to stderr (never stdout, which
// belongs to command output). Messages are one event per line with key=value fields.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include <spdlog/logger.h>

namespace newsarc::log {

/// The logger of one component ("engine", "fetch", "frontier", "robots", "charset", "archive", "job",
/// "plugin:<id>"). Created on first use; all share the global level and the stderr sink.
std::shared_ptr<spdlog::logger> get(const std::string& component);

/// Sets the level of every component logger: "trace", "debug", "info", "warn", "error" or "off".
/// Returns false (and changes nothing) for an unknown name.
bool set_level(std::string_view level);

} // namespace newsarc::log
