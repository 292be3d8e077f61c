// clean_article(): the cleaning pipeline the crawl runs after every extraction, and `newsarc clean` per file.
#pragma once
#include <string>
#include <string_view>

#include "newsarc/clean/article.hpp"
#include "newsarc/clean/clean_options.hpp"
#include "newsarc/clean/clean_rules.hpp"

namespace newsarc::clean {

/// Cleans one article: normalises every field and line, applies the repairs, drops pinyin annotations,
/// boilerplate, keyword spam and title repeats, fills empty fields from date/source/author lines, keeps the
/// main content block, and converts the script when options.convert asks for it. Every dropped line is listed
/// in the result. Idempotent: cleaning the result again (as a RawArticle) changes nothing.
/// Thread-safe: `rules` is only read. Throws newsarc::Failure (usage) when options.convert names an OpenCC
/// configuration that does not exist.
CleanArticle clean_article(const RawArticle& in, const CleanOptions& options, const CleanRules& rules);

/// Converts the script of UTF-8 `text` with OpenCC configuration `config` ("t2s", "s2t", "tw2s", ...; the
/// ".json" suffix is optional). Converters are opened once per thread and kept. Throws newsarc::Failure
/// (usage) for a configuration OpenCC cannot open.
std::string convert_script(std::string_view text, std::string_view config);

} // namespace newsarc::clean
