// The files of an inferred site: DIR/<id>.toml, DIR/<id>/fixtures/<case>/ (page.html, meta.json, expected.json
// from the site's own reading, for the user to review) and DIR/<id>/README.md (what was inferred, from which
// pages). Everything is checked with the declarative-site reader before anything is written.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "newsarc/base/result.hpp"
#include "newsarc/sitegen/site_inference.hpp"

namespace newsarc::sitegen {

/// The site file's text (TOML, written with toml++), as load_declarative_site reads it.
std::string site_toml(const InferredSite& site);

/// What write_site wrote.
struct WrittenSite {
    std::filesystem::path site_file;
    std::filesystem::path folder;
    std::vector<std::string> fixtures; ///< case names
};

/// Loads the site with the real reader, runs it over every page (dropping a time format the reader does not
/// read alike), then writes the files into `out_dir` (created when missing) all at once. Refuses, writing
/// nothing, when DIR/<id>.toml or DIR/<id>/ exists or the reader does not read an article page back.
Result<WrittenSite> write_site(InferredSite& site, const std::vector<SamplePage>& pages,
                               const std::filesystem::path& out_dir);

} // namespace newsarc::sitegen
