// What inference reads from a parsed page, the way the declarative-site reader reads it: an element's text
// (white space collapsed), the first match of a selector, and a walk over the elements.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <gumbo.h>

#include "newsarc/dom/document.hpp"

namespace newsarc::sitegen {

/// dom::text of `node` with runs of white space made one space (as the reader sets a field).
std::string flat_text(const GumboNode* node);

/// The paragraphs of `node` as the reader cuts a body without a `paragraphs` selector: dom::text split at
/// blank lines, each trimmed, elements in `skip` left out.
std::vector<std::string> body_pieces(const GumboNode* node, const std::unordered_set<const GumboNode*>* skip);

/// Every element under the document in document order (script, style and template content skipped).
void for_each_element(const dom::Document& document, const std::function<void(const GumboNode*)>& visit);

/// The elements `selector` matches under `scope` (the document when nullptr); empty when it does not compile.
std::vector<const GumboNode*> select_all(const dom::Document& document, const std::string& selector,
                                         const GumboNode* scope = nullptr);

/// The value the reader takes from a selector: text or `attr` of its first match, white space collapsed.
std::string first_value(const dom::Document& document, const std::string& selector, const std::string& attr);

/// Paragraphs joined with '\n', for char_f1.
std::string joined(const std::vector<std::string>& paragraphs);

} // namespace newsarc::sitegen
