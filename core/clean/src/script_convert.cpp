// Script conversion (traditional <-> simplified) through libopencc's C API, one converter per thread and config.
#include <map>
#include <memory>
#include <string>

#include <opencc.h>

#include "newsarc/base/result.hpp"
#include "newsarc/clean/cleaner.hpp"

namespace newsarc::clean {
namespace {

struct OpenccCloser {
    void operator()(void* handle) const noexcept { opencc_close(handle); }
};
using Converter = std::unique_ptr<void, OpenccCloser>;

std::string last_error();

opencc_t converter_for(std::string_view config) {
    // OpenCC handles are not documented as thread-safe, so each thread opens its own (once per config).
    thread_local std::map<std::string, Converter, std::less<>> converters;
    const auto found = converters.find(config);
    if (found != converters.end()) {
        return found->second.get();
    }
    std::string file(config);
    if (file.size() < 5 || file.compare(file.size() - 5, 5, ".json") != 0) {
        file += ".json";
    }
    opencc_t handle = opencc_open(file.c_str());
    if (handle == reinterpret_cast<opencc_t>(-1)) {
        throw usage_failure("script conversion '" + std::string(config) + "': OpenCC cannot open '" + file + "' (" +
                            last_error() + "); use a configuration OpenCC ships, such as t2s, s2t, tw2s or hk2s");
    }
    converters.emplace(std::string(config), Converter(handle));
    return handle;
}

std::string last_error() {
    const char* reason = opencc_error();
    return reason != nullptr ? reason : "unknown error";
}

} // namespace

std::string convert_script(std::string_view text, std::string_view config) {
    if (text.empty()) {
        return {};
    }
    opencc_t handle = converter_for(config);
    char* converted = opencc_convert_utf8(handle, text.data(), text.size());
    if (converted == nullptr) {
        throw Failure("script conversion '" + std::string(config) + "' failed: " + last_error());
    }
    std::string out(converted);
    opencc_convert_utf8_free(converted);
    return out;
}

} // namespace newsarc::clean
