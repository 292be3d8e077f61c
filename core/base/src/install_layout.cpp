// The install layout, looked up from the running executable. The relative paths come from CMake
// (NEWSARC_DATA_RELATIVE, NEWSARC_PLUGINS_RELATIVE: the same variables place the build outputs and the install
// destinations), so the layout is stated once.
#include "newsarc/base/install_layout.hpp"

#include <cstdlib>
#include <system_error>

namespace newsarc {
namespace {

const char* data_dir_override() {
    const char* value = std::getenv("NEWSARC_DATA_DIR");
    return value != nullptr && *value != '\0' ? value : nullptr;
}

} // namespace

std::filesystem::path executable_dir() {
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::filesystem::path() : self.parent_path();
}

std::filesystem::path data_dir() {
    if (const char* value = data_dir_override()) {
        return value;
    }
    const auto exe_dir = executable_dir();
    return exe_dir.empty() ? exe_dir : (exe_dir / NEWSARC_DATA_RELATIVE).lexically_normal();
}

std::filesystem::path data_path(std::string_view name) {
    const auto dir = data_dir();
    return dir.empty() ? dir : dir / name;
}

std::string describe_data_dir() {
    if (const char* value = data_dir_override()) {
        return std::string(value) + " (from $NEWSARC_DATA_DIR)";
    }
    const auto dir = data_dir();
    if (dir.empty()) {
        return "unknown (/proc/self/exe cannot be read; set NEWSARC_DATA_DIR)";
    }
    return dir.string() + " (beside the program; set NEWSARC_DATA_DIR to use another)";
}

std::filesystem::path installed_plugin_dir() {
    const auto exe_dir = executable_dir();
    return exe_dir.empty() ? exe_dir : (exe_dir / NEWSARC_PLUGINS_RELATIVE).lexically_normal();
}

} // namespace newsarc
