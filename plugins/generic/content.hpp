// The generic extractor's content finder: scores blocks of a gumbo tree by text length, punctuation and link
// density, picks the article body and returns its paragraphs.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <gumbo.h>

namespace newsarc::generic {

/// What find_content() found.
struct Content {
    std::vector<std::string> paragraphs; ///< body paragraphs, in reading order, trimmed, boilerplate removed
    const GumboNode* container = nullptr; ///< the chosen body element (nullptr when none)
    long text_chars = 0;                  ///< non-space characters in the body
    long link_chars = 0;                  ///< of which inside links
    long punctuation = 0;                 ///< sentence punctuation in the body
};

/// Finds the article body under `root` (the document node). `title` is dropped when it is repeated as a
/// paragraph; `description` (the page's meta description, may be empty) identifies the article's first
/// paragraph when teasers of other stories outscore it. Never recursive: any depth is safe.
Content find_content(const GumboNode* root, const std::string& title, std::string_view description = {});

/// True when the content looks like an article rather than a list or home page: enough running text with
/// sentence punctuation and a low share of link text.
bool looks_like_article(const Content& content);

/// True when the content is a brief: a little running text with sentence punctuation and few links (used when
/// the page confirms the headline, so a one-paragraph article is not taken for an empty page).
bool looks_like_brief(const Content& content);

/// True for a paragraph that is an editorial line rather than article text: an original-title note, an editor,
/// source or image-credit line, a share prompt (the lines find_content drops).
bool is_editorial_line(std::string_view text);

/// Non-space code points in `text`.
long count_chars(std::string_view text) noexcept;

/// True when an element is hidden by the page itself (the hidden attribute or an inline display:none); false for
/// anything that is not an element.
bool is_hidden_element(const GumboNode* node);

} // namespace newsarc::generic
