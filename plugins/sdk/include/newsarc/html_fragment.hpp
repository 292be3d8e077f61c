// Block text of an HTML fragment held in JSON (an article body from an API or embedded state), which the host
// did not parse: the plugin ABI only offers DOM queries over the fetched page itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsarc::plugin_html {

/// One block-level piece of text, with the innermost block element that holds it.
struct Block {
    std::string text;    ///< plain text; "\n" where a <br> stood; white space not yet collapsed
    std::string tag;     ///< lower-case tag of the innermost block element ("p", "h2", "blockquote"), or ""
    std::string classes; ///< that element's class attribute
    std::string label;   ///< that element's label attribute (huxiu marks paragraphs with it)
    bool has_image = false;
};

/// Decides whether an element and everything inside it is left out (by tag and class attribute).
using DropPredicate = bool (*)(std::string_view tag, std::string_view classes);

/// Splits `html` into blocks: block elements (p, div, h1-h6, li, blockquote, figure, figcaption, table cells …)
/// start new blocks, <br> is a line break, entities are decoded, script/style/template content and elements
/// for which `drop` returns true are skipped. Blocks whose text is only white space are left out unless they
/// hold an image. Malformed markup never fails: unknown constructs are read as text.
std::vector<Block> blocks(std::string_view html, DropPredicate drop = nullptr);

/// True when the white-space separated list `words` contains `word`.
bool has_word(std::string_view words, std::string_view word) noexcept;

/// `text` with HTML character references decoded (named ones common in Chinese news, and numeric ones).
std::string decode_entities(std::string_view text);

} // namespace newsarc::plugin_html
