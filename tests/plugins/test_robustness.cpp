// Focus: hostile input never crashes the parser, the selector engine, text or the generic extractor:
// truncated HTML, 100,000-level nesting, a 10 MB page, binary garbage, empty input.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "newsarc/dom/document.hpp"
#include "newsarc/dom/selector.hpp"
#include "newsarc/dom/text.hpp"
#include "newsarc/plugin_host/registry.hpp"
#include "newsarc/plugin_host/run.hpp"
#include "support/paths.hpp"

namespace dom = newsarc::dom;
namespace host = newsarc::plugin_host;

namespace {

const char* const kSelectors[] = {"div p", "body > div > p:first-child", "*", "div div div span", "p:nth-child(odd)",
                                  "[class*=a] > *", "a[href$=.html], h1"};

// Runs every selector and text() over a page; returns how many nodes matched in total.
std::size_t exercise(const dom::Document& document) {
    std::size_t total = 0;
    for (const char* text : kSelectors) {
        const auto selector = dom::Selector::compile(text).value();
        std::vector<const GumboNode*> found;
        selector.select(document, nullptr, found);
        total += found.size();
    }
    (void)dom::text(document.root());
    (void)dom::raw_text(document.root());
    return total;
}

const host::Plugin& generic() {
    static host::PluginRegistry registry;
    static const host::Plugin* plugin = [] {
        auto loaded = registry.load_file(newsarc::test::plugin_dir() / "newsarc_generic.so");
        REQUIRE(loaded);
        return loaded.value();
    }();
    return *plugin;
}

host::PageOutcome extract(std::string_view body) {
    host::PageInput page;
    page.url = "https://hostile.example.com/a.html";
    page.body = body;
    return host::run(generic(), page);
}

std::string article_html(std::size_t paragraphs) {
    std::string html = "<html><head><title>标题 - 网站</title></head><body><h1>标题</h1><div class='content'>";
    for (std::size_t i = 0; i < paragraphs; ++i) {
        html += "<p>这是第" + std::to_string(i) + "段正文，内容充实，标点齐全。这里还有更多的文字，用来构成一个段落。</p>";
    }
    return html + "</div></body></html>";
}

} // namespace

TEST_CASE("empty input parses to an empty document", "[plugins][robustness]") {
    const auto document = dom::Document::parse("");
    CHECK(exercise(*document) > 0); // "*" still matches html, head, body
    CHECK(dom::text(document->root()).empty());
    const auto outcome = extract("");
    REQUIRE(outcome.extract_status);
    CHECK(*outcome.extract_status == NEWSARC_NO_CONTENT);
}

TEST_CASE("truncated HTML at every length parses and extracts without crashing", "[plugins][robustness]") {
    const std::string html = article_html(6) + "<script>var x = '<div>';</script><!-- comment <p> -->";
    for (std::size_t length = 0; length <= html.size(); length += 7) {
        const std::string_view cut = std::string_view(html).substr(0, length);
        const auto document = dom::Document::parse(cut);
        exercise(*document);
        const auto outcome = extract(cut);
        REQUIRE(outcome.extract_status);
    }
    const auto full = extract(html);
    REQUIRE(full.extract_status);
    CHECK(*full.extract_status == NEWSARC_OK);
    CHECK(full.paragraphs.size() == 6);
}

TEST_CASE("100,000 levels of nesting are flattened before parsing", "[plugins][robustness]") {
    // <p> and <li> close their open sibling, so only the others really nest.
    const std::pair<const char*, bool> tags[] = {{"div", true},  {"span", true}, {"b", true},  {"p", false},
                                                 {"table", true}, {"li", false},  {"svg", true}};
    for (const auto& [tag, nests] : tags) {
        std::string html = "<html><body>";
        for (int i = 0; i < 100000; ++i) {
            html += "<" + std::string(tag) + (i % 2 == 0 ? " class='a'" : "") + ">x";
        }
        html += "正文。";
        for (int i = 0; i < 100000; ++i) {
            html += "</" + std::string(tag) + ">";
        }
        INFO("tag " << tag);
        const auto document = dom::Document::parse(html);
        CHECK(document->depth_limited() == nests);
        exercise(*document);
        const std::string text = dom::text(document->root());
        // Text inside <svg> is drawing, never article text: there the words must be left out, elsewhere kept.
        const bool inside_drawing = std::string_view(tag) == "svg";
        CHECK((text.find("正文。") != std::string::npos) == !inside_drawing);
        REQUIRE(extract(html).extract_status);
    }
}

TEST_CASE("formatting elements reopened after every block do not multiply", "[plugins][robustness]") {
    // Each <b id=N> stays in the list of active formatting elements and would be reopened in every later
    // paragraph, making the tree quadratic; the depth limit drops the excess.
    std::string html = "<body>";
    for (int i = 0; i < 20000; ++i) {
        html += "<p><b id=" + std::to_string(i) + ">x</p>";
    }
    const auto document = dom::Document::parse(html);
    CHECK(document->depth_limited());
    exercise(*document);
}

TEST_CASE("a 10 MB page", "[plugins][robustness]") {
    std::string html = article_html(60);
    while (html.size() < 10 * 1024 * 1024) {
        html += "<div class='list'><ul><li><a href='/x.html'>链接文字</a></li><li><a href='/y.html'>更多链接</a></li></ul>"
                "<p>填充的段落文字，用来把页面撑大。</p></div>";
    }
    const auto document = dom::Document::parse(html);
    CHECK(exercise(*document) > 0);
    REQUIRE(extract(html).extract_status);
}

TEST_CASE("binary garbage", "[plugins][robustness]") {
    std::mt19937 random(12345);
    for (int round = 0; round < 20; ++round) {
        std::string bytes(static_cast<std::size_t>(1000 + round * 5000), '\0');
        for (char& c : bytes) {
            // Mix raw bytes with markup characters so the tokenizer sees tags too.
            const auto value = random();
            c = (value % 5 == 0) ? "<>/=\"' "[(value >> 8) % 7] : static_cast<char>(value & 0xFF);
        }
        const auto document = dom::Document::parse(bytes);
        exercise(*document);
        REQUIRE(extract(bytes).extract_status);
    }
}

TEST_CASE("the limiter keeps text and balanced tags", "[plugins][robustness]") {
    CHECK_FALSE(dom::limit_depth("<div><p>a</p></div>", 10));
    std::string deep;
    for (int i = 0; i < 20; ++i) {
        deep += "<div>";
    }
    deep += "text";
    for (int i = 0; i < 20; ++i) {
        deep += "</div>";
    }
    const auto limited = dom::limit_depth(deep, 5);
    REQUIRE(limited);
    CHECK(limited->find("text") != std::string::npos);
    // Each dropped start tag takes its end tag with it.
    std::size_t opens = 0;
    std::size_t closes = 0;
    for (std::size_t at = limited->find("<div>"); at != std::string::npos; at = limited->find("<div>", at + 1)) {
        ++opens;
    }
    for (std::size_t at = limited->find("</div>"); at != std::string::npos; at = limited->find("</div>", at + 1)) {
        ++closes;
    }
    CHECK(opens == 5);
    CHECK(closes == 5);
}
