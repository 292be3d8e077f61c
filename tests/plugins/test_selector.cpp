// Focus: the CSS selector engine (parse errors, every supported form, document order, combinators).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "newsarc/dom/document.hpp"
#include "newsarc/dom/selector.hpp"
#include "newsarc/dom/text.hpp"

namespace dom = newsarc::dom;

namespace {

const char* const kPage = R"(<!doctype html><html><head><title>T</title></head><body>
<div id="main" class="content article">
  <h1 class="title big">Headline</h1>
  <p class="lead" data-x="alpha-beta">one</p>
  <p>two <a href="/a.shtml" rel="nofollow noopener">link</a></p>
  <p lang="en-US">three</p>
  <ul><li>a</li><li>b</li><li>c</li><li>d</li><li>e</li></ul>
  <section><div><span class="deep">x</span></div></section>
  <my-widget Data-Id="7">custom</my-widget>
</div>
<div class="side"><p>side</p></div>
</body></html>)";

// The text of every match, joined by '|'.
std::string texts(const dom::Document& document, std::string_view selector) {
    auto compiled = dom::Selector::compile(selector);
    REQUIRE(compiled);
    std::vector<const GumboNode*> found;
    compiled->select(document, nullptr, found);
    std::string out;
    for (const GumboNode* node : found) {
        out += (out.empty() ? "" : "|") + dom::text(node);
    }
    return out;
}

} // namespace

TEST_CASE("selectors match tags, ids, classes and attributes", "[plugins][selector]") {
    const auto document = dom::Document::parse(kPage);
    CHECK(texts(*document, "h1") == "Headline");
    CHECK(texts(*document, "#main > h1.title.big") == "Headline");
    CHECK(texts(*document, ".lead") == "one");
    CHECK(texts(*document, "p[data-x]") == "one");
    CHECK(texts(*document, "p[data-x=alpha-beta]") == "one");
    CHECK(texts(*document, "p[data-x=\"alpha-beta\"]") == "one");
    CHECK(texts(*document, "p[data-x^=alpha]") == "one");
    CHECK(texts(*document, "p[data-x$=beta]") == "one");
    CHECK(texts(*document, "p[data-x*=a-b]") == "one");
    CHECK(texts(*document, "p[data-x*=zzz]").empty());
    CHECK(texts(*document, "a[rel~=noopener]") == "link");
    CHECK(texts(*document, "p[lang|=en]") == "three");
    CHECK(texts(*document, "a[href$=.shtml]") == "link");
    CHECK(texts(*document, "P[DATA-X=alpha-beta]") == "one");
    CHECK(texts(*document, "p[data-x=ALPHA-BETA i]") == "one");
    CHECK(texts(*document, "my-widget") == "custom");
    CHECK(texts(*document, "my-widget[data-id='7']") == "custom");
}

TEST_CASE("selectors combine with descendant and child combinators", "[plugins][selector]") {
    const auto document = dom::Document::parse(kPage);
    CHECK(texts(*document, "div p") == "one|two link|three|side");
    CHECK(texts(*document, "#main > p") == "one|two link|three");
    CHECK(texts(*document, "body > div > p") == "one|two link|three|side");
    CHECK(texts(*document, "section span") == "x");
    CHECK(texts(*document, "section > span").empty());
    CHECK(texts(*document, "div section div > span.deep") == "x");
    CHECK(texts(*document, "html body div#main section > div > span") == "x");
    // The nearest-ancestor choice must not miss a match further up.
    CHECK(texts(*document, "div > section span") == "x");
    CHECK(texts(*document, ".side p, h1") == "Headline|side"); // grouping keeps document order
    CHECK(texts(*document, "*.lead") == "one");
}

TEST_CASE("structural pseudo-classes", "[plugins][selector]") {
    const auto document = dom::Document::parse(kPage);
    CHECK(texts(*document, "li:first-child") == "a");
    CHECK(texts(*document, "li:last-child") == "e");
    CHECK(texts(*document, "li:nth-child(2)") == "b");
    CHECK(texts(*document, "li:nth-child(odd)") == "a|c|e");
    CHECK(texts(*document, "li:nth-child(even)") == "b|d");
    CHECK(texts(*document, "li:nth-child(2n+1)") == "a|c|e");
    CHECK(texts(*document, "li:nth-child(-n+2)") == "a|b");
    CHECK(texts(*document, "li:nth-child(n+4)") == "d|e");
    CHECK(texts(*document, "li:nth-child( 3n - 1 )") == "b|e");
    CHECK(texts(*document, "li:nth-last-child(1)") == "e");
    CHECK(texts(*document, "span:only-child") == "x");
    CHECK(texts(*document, "#main > p:not(.lead)") == "two link|three");
}

TEST_CASE("selectors that do not parse name the selector and the position", "[plugins][selector]") {
    for (const char* bad : {"", "div[", "div >", "[=x]", "p:nth-child(x)", "p:hover", "a + b", "a ~ b", "div,",
                            "#", ".", "p[x=\"unclosed]", ":not(:not(p))", "div)"}) {
        const auto compiled = dom::Selector::compile(bad);
        INFO("selector: " << bad);
        REQUIRE_FALSE(compiled);
        CHECK(compiled.error().message.find("CSS selector '" + std::string(bad) + "'") != std::string::npos);
    }
    const auto error = dom::Selector::compile("div >").error().message;
    CHECK(error.find("offset 5") != std::string::npos);
}

TEST_CASE("compile_cached returns one compiled selector per text", "[plugins][selector]") {
    const auto first = dom::compile_cached("div.x > p");
    const auto second = dom::compile_cached("div.x > p");
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first.value().get() == second.value().get());
    CHECK_FALSE(dom::compile_cached("div["));
}

TEST_CASE("select under a scope only returns descendants", "[plugins][selector]") {
    const auto document = dom::Document::parse(kPage);
    const auto side = dom::Selector::compile(".side").value();
    std::vector<const GumboNode*> scope;
    side.select(*document, nullptr, scope);
    REQUIRE(scope.size() == 1);
    std::vector<const GumboNode*> found;
    dom::Selector::compile("p").value().select(*document, scope.front(), found);
    REQUIRE(found.size() == 1);
    CHECK(dom::text(found.front()) == "side");
    // The scope itself is not a match of its own query.
    found.clear();
    side.select(*document, scope.front(), found);
    CHECK(found.empty());
}
