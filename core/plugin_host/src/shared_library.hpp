// SharedLibraryPlugin: a plugin loaded from newsarc_<id>.so through the C ABI, after the ABI checks.
#pragma once
#include <filesystem>
#include <memory>

#include "newsarc/base/result.hpp"
#include "newsarc/plugin_host/plugin.hpp"

namespace newsarc::plugin_host {

/// dlopen(RTLD_NOW | RTLD_LOCAL)s `file`, finds newsarc_<id>_plugin, checks struct_size and the ABI numbers
/// before reading anything else, copies at most struct_size bytes of the table, and validates it (id equal
/// to the file's, version, hosts, required entry points). Each error names the file, the expectation and
/// what was found.
Result<std::unique_ptr<Plugin>> load_shared_library(const std::filesystem::path& file);

/// The id a file name stands for ("newsarc_huxiu.so" -> "huxiu"), or empty when the name does not have the
/// form newsarc_<id>.so.
std::string plugin_id_from_file_name(const std::string& file_name);

} // namespace newsarc::plugin_host
