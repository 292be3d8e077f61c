// HTML that the crawler did not fetch as a page: an article body held in JSON (an API's answer, embedded
// state), an attribute or a title with character references. Read with gumbo, the one HTML tokenizer, so
// such text decodes exactly as the page's own text does. Plugins reach it through the host API.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsarc::web {

/// One block-level piece of text, with the innermost block element that holds it.
struct HtmlBlock {
    std::string text;    ///< plain text; "\n" where a <br> stood; white space not yet collapsed
    std::string tag;     ///< lower-case tag of the innermost block element ("p", "h2", "blockquote"), or ""
    std::string classes; ///< that element's class attribute
    std::string label;   ///< that element's label attribute (huxiu marks paragraphs with it)
    bool has_image = false;
};

/// Decides whether an element and everything inside it is left out (by tag and class attribute).
struct BlockFilter {
    virtual ~BlockFilter() = default;
    [[nodiscard]] virtual bool drop(std::string_view tag, std::string_view classes) const = 0;
};

/// Splits `html` into blocks: block elements (p, div, h1-h6, li, blockquote, figure, figcaption, table cells …)
/// start new blocks, <br> is a line break, entities are decoded, script/style/template content and elements
/// the filter drops are skipped. Blocks whose text is only white space are left out unless they hold an image.
/// Any input is read (as a browser would read it as the content of a <body>); never fails.
std::vector<HtmlBlock> html_blocks(std::string_view html, const BlockFilter* filter = nullptr);

/// The plain text of an HTML fragment: its blocks' texts joined by "\n\n".
std::string html_text(std::string_view html);

/// `text` with HTML character references decoded as HTML5 reads them in text ("&amp;", "&#x4e2d;", "&nbsp;",
/// also the legacy forms without ';'); no other markup is interpreted ("<b>" stays as written).
std::string decode_entities(std::string_view text);

} // namespace newsarc::web
