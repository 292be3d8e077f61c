// newsarc::dom text: the readable text of a node, with block elements as paragraph breaks.
#pragma once
#include <string>
#include <unordered_set>

#include <gumbo.h>

namespace newsarc::dom {

/// Options for text().
struct TextOptions {
    /// Elements (with everything under them) to leave out, e.g. ads matched by a site's drop selectors.
    const std::unordered_set<const GumboNode*>* skip = nullptr;
};

/// The text of `node` as a reader sees it: block elements (p, div, h1-h6, li, section, article,
/// blockquote, tr, figure, figcaption, ...) become paragraph breaks ("\n\n"), <br> a line break ("\n"),
/// table cells are separated by a space, runs of white space become one space (a line break in the source
/// between two CJK characters disappears, as CSS Text 3 renders it), <pre> keeps its lines; script, style,
/// noscript, template and comments are skipped. The result is trimmed. Iterative: any depth is safe.
std::string text(const GumboNode* node, const TextOptions& options = {});

/// The raw text of a node's descendants in document order, entities decoded as gumbo did, nothing
/// collapsed (for <script> bodies holding JSON).
std::string raw_text(const GumboNode* node);

} // namespace newsarc::dom
