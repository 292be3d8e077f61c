// The generic extractor's fallback for pages whose article lives in script state rather than in the DOM
// (window.__INITIAL_STATE__, __NEXT_DATA__, Nuxt's __NUXT__ / __NUXT_DATA__, `var data = {...}`).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/plugin.hpp"

namespace newsarc::generic {

/// An article object found in a page's script state.
struct StateArticle {
    std::string title;
    std::optional<std::string> published_at; ///< in the form Article::published_at accepts
    std::vector<std::string> paragraphs;
};

/// Looks through the page's script state for the article: an object with a headline-like key and a long
/// body-like HTML or text field (the longest such body wins). `page_titles` are the page's own <title> /
/// og:title texts: when any is non-empty, the object's title must be part of one of them, so a home page's
/// state listing many stories gives no article. Every step is bounded (script size, occurrences, depth and
/// node count); malformed or hostile scripts give nullopt, never an exception.
std::optional<StateArticle> find_state_article(const sdk::Page& page, const std::vector<std::string>& page_titles);

} // namespace newsarc::generic
