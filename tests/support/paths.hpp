// Where tests find the repository, ../shared, the build's CLI and plugins (set by tests/CMakeLists.txt).
#pragma once
#include <filesystem>

namespace newsarc::test {

inline std::filesystem::path source_dir() { return NEWSARC_SOURCE_DIR; }
inline std::filesystem::path shared_dir() { return NEWSARC_SHARED_DIR; }
inline std::filesystem::path binary_dir() { return NEWSARC_BINARY_DIR; }
inline std::filesystem::path plugin_dir() { return NEWSARC_PLUGIN_DIR; }
inline std::filesystem::path cli_path() { return NEWSARC_CLI_PATH; }

} // namespace newsarc::test
