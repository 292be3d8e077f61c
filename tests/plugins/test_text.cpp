// Focus: node text (blocks as paragraph breaks, white space, skipped elements) and raw text.
#include <catch2/catch.hpp>

#include "newsarc/dom/document.hpp"
#include "newsarc/dom/selector.hpp"
#include "newsarc/dom/text.hpp"

namespace dom = newsarc::dom;

namespace {

std::string text_of(std::string_view html, std::string_view selector = "body") {
    const auto document = dom::Document::parse(html);
    std::vector<const GumboNode*> found;
    dom::Selector::compile(selector).value().select(*document, nullptr, found);
    REQUIRE_FALSE(found.empty());
    return dom::text(found.front());
}

} // namespace

TEST_CASE("block elements become paragraph breaks and inline white space collapses", "[plugins][text]") {
    CHECK(text_of("<p>one</p><p>two\n   words</p>") == "one\n\ntwo words");
    CHECK(text_of("<div>a<div>b</div>c</div>") == "a\n\nb\n\nc");
    CHECK(text_of("<h2>Title</h2><ul><li>x</li><li>y</li></ul>") == "Title\n\nx\n\ny");
    CHECK(text_of("<p>line<br>break<br/><br>again</p>") == "line\nbreak\nagain");
    CHECK(text_of("<p>  <b>bold</b> and <i>italic</i>  </p>") == "bold and italic");
    CHECK(text_of("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>") == "a b\n\nc");
    CHECK(text_of("<blockquote>q</blockquote><figure><img src=x><figcaption>cap</figcaption></figure>") ==
          "q\n\ncap");
}

TEST_CASE("script, style, noscript, template, hidden and comments are skipped", "[plugins][text]") {
    CHECK(text_of("<p>a<script>var x = 1;</script>b</p><style>p{}</style><noscript>no</noscript>"
                  "<template><p>t</p></template><!-- c --><p hidden>h</p><p style='display: none'>n</p>") == "ab");
}

TEST_CASE("a source line break between CJK characters disappears, other white space stays one space",
          "[plugins][text]") {
    CHECK(text_of("<p>中文\n段落</p>") == "中文段落");
    CHECK(text_of("<p>中文 段落</p>") == "中文 段落");
    CHECK(text_of("<p>AI\n模型</p>") == "AI 模型");
    CHECK(text_of("<p>\xe3\x80\x80\xe3\x80\x80首行缩进&nbsp;文字</p>") == "首行缩进 文字");
}

TEST_CASE("pre keeps its lines", "[plugins][text]") {
    CHECK(text_of("<pre>a  b\nc</pre>") == "a  b\nc");
}

TEST_CASE("raw text returns script bodies untouched", "[plugins][text]") {
    const auto document =
        dom::Document::parse("<script>window.__S__ = {\"a\": \"<b>&amp;\"};</script><p>x &amp; y</p>");
    std::vector<const GumboNode*> found;
    dom::Selector::compile("script").value().select(*document, nullptr, found);
    REQUIRE(found.size() == 1);
    CHECK(dom::raw_text(found.front()) == "window.__S__ = {\"a\": \"<b>&amp;\"};");
    found.clear();
    dom::Selector::compile("p").value().select(*document, nullptr, found);
    CHECK(dom::raw_text(found.front()) == "x & y");
}

TEST_CASE("tag names are lower case, unknown tags keep their name", "[plugins][text]") {
    const auto document = dom::Document::parse("<DIV><My-Tag>x</My-Tag></DIV>");
    std::vector<const GumboNode*> found;
    dom::Selector::compile("my-tag").value().select(*document, nullptr, found);
    REQUIRE(found.size() == 1);
    CHECK(document->tag_name(found.front()) == "my-tag");
    CHECK(document->tag_name(found.front()->parent) == "div");
    CHECK(document->tag_name(document->root()).empty());
}
