// Plugin fixtures: a folder with a page (page.html, page.json or a shared page), meta.json and expected.json,
// run through a real plugin and compared (format: plugins/sdk/README.md).
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "newsarc/plugin_host/registry.hpp"
#include "newsarc/plugin_host/run.hpp"

namespace newsarc::plugin_host {

/// A fixture folder, found by find_fixtures().
struct FixtureCase {
    std::string plugin_id;           ///< the folder owning fixtures/ (meta.json "plugin" may override it)
    std::string name;                ///< the case folder's name
    std::filesystem::path dir;       ///< the case folder
    bool declarative = false;        ///< under configs/sites/ (a declarative site) rather than plugins/
};

/// Every <root>/plugins/<id>/fixtures/<case>/ and <root>/configs/sites/<id>/fixtures/<case>/, sorted.
std::vector<FixtureCase> find_fixtures(const std::filesystem::path& source_root);

/// The outcome of one fixture.
struct FixtureResult {
    bool passed = false;
    std::vector<std::string> failures; ///< one line per mismatch, naming the field, expected and found
    std::optional<double> body_f1;     ///< when expected.json has body_f1_min
    PageOutcome outcome;
};

/// Runs one fixture with `plugin_id` from `registry` (which must hold it). `shared_dir` resolves
/// "shared_page". Problems with the fixture itself (missing files, bad JSON) are failures too.
FixtureResult run_fixture(const PluginRegistry& registry, const FixtureCase& fixture,
                          const std::filesystem::path& shared_dir);

/// Character-level F1 between two texts, ignoring white space: the harmonic mean of precision and recall of
/// the multiset of code points (1.0 for two empty texts).
double char_f1(std::string_view expected, std::string_view found);

/// The source tree with plugins/ and configs/sites/ for `newsarc plugins test`: $NEWSARC_SOURCE_DIR, else the
/// current folder or one of its parents (a build folder inside the checkout finds it). No path is compiled in:
/// an installed newsarc holds no fixtures, and a build must not point into the checkout it came from.
std::optional<std::filesystem::path> find_source_root();
/// The shared data folder: $NEWSARC_SHARED_DIR, or ../shared beside find_source_root().
std::filesystem::path default_shared_dir();

} // namespace newsarc::plugin_host
