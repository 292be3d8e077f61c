// What the inference steps share: each article page as the generic extractor read it, and the steps that
// fill an InferredSite from those pages (field_inference.cpp, body_inference.cpp, url_inference.cpp).
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gumbo.h>

#include "newsarc/base/result.hpp"
#include "newsarc/dom/document.hpp"
#include "newsarc/plugin_host/run.hpp"
#include "newsarc/sitegen/site_inference.hpp"
#include "selector_candidates.hpp"

namespace newsarc::sitegen {

/// Elements with a longer text than this are not where a title, a time or a byline is printed.
inline constexpr std::size_t kShortText = 400;

/// One article page as the generic extractor read it.
struct ArticlePage {
    const SamplePage* sample = nullptr;
    std::unique_ptr<dom::Document> document;
    plugin_host::PageOutcome generic;
    std::string body_text;                                             ///< generic paragraphs joined
    std::vector<std::pair<const GumboNode*, std::string>> short_texts; ///< elements with a short flat text
    const GumboNode* body = nullptr;                                   ///< the container the body came from
    double body_f1 = 0;                                                ///< its F1 against the generic body
};

/// The error for a field no list of alternatives reads on every page: which pages the list read, which not.
Error layouts_error(const std::string& field, const Cover& cover, const std::vector<ArticlePage>& pages);

/// The body element of `page` as the reader finds it with `site.body` (the first alternative that matches).
const GumboNode* body_of(const ArticlePage& page, const InferredSite& site);

/// The title selector (and fallbacks) and the title suffix; an error when the pages disagree.
Result<Ok> infer_title(std::vector<ArticlePage>& pages, InferredSite& site);
/// The time selector or meta tag and its format; an error when the pages disagree.
Result<Ok> infer_time(std::vector<ArticlePage>& pages, InferredSite& site);
/// The author selector, left out when the generic extractor found none or no selector agrees.
void infer_author(std::vector<ArticlePage>& pages, InferredSite& site);
/// The body selector; an error when the pages disagree.
Result<Ok> infer_body(std::vector<ArticlePage>& pages, InferredSite& site);
/// Drop selectors, lines and prefixes inside the chosen body.
void infer_drops(std::vector<ArticlePage>& pages, InferredSite& site);
/// Hosts, seeds, article and list URL patterns; an error for a list URL shaped like the articles.
Result<Ok> infer_urls(const std::vector<SamplePage>& samples, InferredSite& site);

} // namespace newsarc::sitegen
