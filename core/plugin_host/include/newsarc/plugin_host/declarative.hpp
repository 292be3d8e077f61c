// Declarative sites: a configs/sites/<id>.toml file (URL patterns, selectors, lines to drop) served by a
// built-in plugin, so a simple site needs no C++.
#pragma once
#include <filesystem>
#include <memory>
#include <vector>

#include "newsarc/base/result.hpp"
#include "newsarc/plugin_host/plugin.hpp"
#include "newsarc/plugin_host/registry.hpp"

namespace newsarc::plugin_host {

/// Parses one site file. The error names the file, the key and what was wrong (a bad regex, a selector that
/// does not compile, a missing required key). The format is documented in configs/sites/README.md.
Result<std::unique_ptr<Plugin>> load_declarative_site(const std::filesystem::path& file);

/// Every <id>.toml directly in `dir`, loaded; files that fail are reported in `errors`.
struct DeclarativeSites {
    std::vector<std::unique_ptr<Plugin>> plugins;
    std::vector<LoadError> errors;
};
DeclarativeSites load_declarative_sites(const std::filesystem::path& dir);

} // namespace newsarc::plugin_host
