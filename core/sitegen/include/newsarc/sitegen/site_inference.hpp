// Site inference: from 2 to 10 saved pages of one site, the declarative site (configs/sites format) that reads
// them as the generic extractor does: per field the selector that agrees on every page, or, when the pages show
// several layouts, an ordered list of at most 3 (the first one found on a page decides, as the reader reads a
// list), a time format per layout, drop rules and URL patterns. Nothing here writes files (site_files.hpp does).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "newsarc/base/result.hpp"
#include "newsarc/plugin_host/plugin.hpp"

namespace newsarc::sitegen {

/// One saved page given to `sites new`: UTF-8 text (decoded by the caller), the URL it came from.
struct SamplePage {
    std::string file; ///< as the user named it, for messages and fixture names
    std::string url;
    std::string html;
    bool list = false; ///< a list page (--list): only its links and URL are used
};

/// How one field is read: a selector, an attribute of its first match, a time format (time only).
struct FieldSource {
    std::string selector;
    std::string attr;
    std::string format;
};

/// Per field, what was chosen and how many article pages it agreed on.
struct FieldReport {
    std::string field;
    std::string selector; ///< as written into the site file ("" when left out)
    std::size_t agreed = 0;
    std::size_t pages = 0;
    std::string note;
};

/// The inferred site, ready for site_toml().
struct InferredSite {
    std::string id;
    std::vector<std::string> hosts;
    std::vector<std::string> seeds;
    std::vector<std::string> article_patterns;
    std::vector<std::string> list_patterns;
    std::vector<FieldSource> title; ///< alternatives, first non-empty wins
    std::vector<std::string> title_suffixes;
    std::vector<FieldSource> time;
    std::vector<FieldSource> author;
    std::vector<std::string> body; ///< alternatives, the first that matches is the body (one per layout)
    std::vector<std::string> drop;
    std::vector<std::string> drop_lines;
    std::vector<std::string> drop_prefixes;
    std::vector<FieldReport> report;
    std::vector<std::string> notes; ///< what else was seen (links on list pages the pattern takes, ...)
};

/// Infers the site `id` from `pages` (2 to 10 article pages, plus list pages) with `generic`, the generic
/// extractor plugin. The error names the page and what is wrong with it: not HTML, not an article, another
/// host, or layouts that no list of alternatives tells apart (it names the selector that reads some pages and
/// finds something else on others).
Result<InferredSite> infer_site(const std::string& id, const std::vector<SamplePage>& pages,
                                const plugin_host::Plugin& generic);

} // namespace newsarc::sitegen
