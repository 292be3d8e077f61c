// Focus: issue #16's script-state class — the generic plugin reads the article from a page's script state
// (window.__INITIAL_STATE__, __NUXT_DATA__, __NEXT_DATA__, Nuxt 2's __NUXT__ function, `var data = {...}`) when
// the DOM holds none, and hostile scripts (unbalanced, huge, deeply nested, repeated markers) neither throw nor
// hang. The real pages are the huxiu fixtures with their article DOM removed, checked against huxiu's
// hand-written expected outputs.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "newsarc/plugin_host/fixture.hpp"
#include "newsarc/plugin_host/registry.hpp"
#include "newsarc/plugin_host/run.hpp"
#include "support/paths.hpp"

namespace fs = std::filesystem;
namespace host = newsarc::plugin_host;

namespace {

const host::Plugin& generic_plugin() {
    static host::PluginRegistry registry;
    static const host::Plugin* plugin = [] {
        registry.load({newsarc::test::plugin_dir()});
        return registry.by_id("generic");
    }();
    REQUIRE(plugin != nullptr);
    return *plugin;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

host::PageOutcome extract(const std::string& html, const std::string& url = "https://news.example.com/a/1.html") {
    host::PageInput input;
    input.url = url;
    input.body = html;
    input.fetched_at = "2026-11-23T18:00:00+08:00";
    return host::run(generic_plugin(), input);
}

// The page with everything in <body> removed except its <script> elements: the DOM holds no article.
std::string only_scripts_in_body(const std::string& html) {
    const std::size_t open = html.find("<body");
    const std::size_t start = open == std::string::npos ? open : html.find('>', open);
    const std::size_t end = html.rfind("</body>");
    if (start == std::string::npos || end == std::string::npos || end < start) {
        return html;
    }
    std::string scripts;
    std::size_t from = start;
    while (true) {
        const std::size_t script = html.find("<script", from);
        const std::size_t close = script == std::string::npos ? script : html.find("</script>", script);
        if (close == std::string::npos || close > end) {
            break;
        }
        scripts += html.substr(script, close + 9 - script);
        from = close + 9;
    }
    return html.substr(0, start + 1) + scripts + html.substr(end);
}

std::string joined(const std::vector<std::string>& paragraphs) {
    std::string out;
    for (const std::string& paragraph : paragraphs) {
        out += paragraph + "\n";
    }
    return out;
}

std::string page_with_script(const std::string& script, const std::string& title = "示例新闻标题 - 示例网") {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title +
           "</title></head><body><div id=\"app\"></div>" + script + "</body></html>";
}

const std::string kBody =
    "<p>第一段：这是一篇只在脚本状态里的文章，正文由页面的脚本在浏览器里渲染，服务器返回的文档里没有正文。</p>"
    "<p>第二段：通用插件应当在文档里找不到文章时，从脚本状态中找到标题、时间和正文，并把正文切成段落。</p>"
    "<p>第三段：这一段再补充一些文字，使正文足够长，像一篇真实的新闻那样有句号、逗号和完整的句子。</p>";

} // namespace

TEST_CASE("[issue-16] generic reads huxiu's script state when the article DOM is removed",
          "[plugins][generic][script-state][issue-16]") {
    int checked = 0;
    for (const auto& entry : fs::directory_iterator(newsarc::test::source_dir() / "plugins" / "huxiu" / "fixtures")) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with("article-nuxt-") && !name.starts_with("article-state-")) {
            continue;
        }
        const auto meta = nlohmann::json::parse(read_file(entry.path() / "meta.json"));
        const auto expected = nlohmann::json::parse(read_file(entry.path() / "expected.json"));
        const std::string page = only_scripts_in_body(read_file(entry.path() / "page.html"));
        INFO("fixture " << name);
        // No article text is left outside the scripts.
        const std::string outside_scripts = std::regex_replace(page, std::regex("<script[^]*?</script>"), "");
        const std::string first = expected["paragraphs"][0].get<std::string>().substr(0, 30);
        REQUIRE(outside_scripts.find(first) == std::string::npos);
        REQUIRE(page.find(first) != std::string::npos);
        const host::PageOutcome outcome = extract(page, meta["url"].get<std::string>());
        REQUIRE(outcome.extract_status == NEWSARC_OK);
        CHECK(outcome.field("title") == expected["title"].get<std::string>());
        CHECK(outcome.field("published_at") == expected["published_at"].get<std::string>());
        const double f1 = host::char_f1(joined(expected["paragraphs"].get<std::vector<std::string>>()),
                                        joined(outcome.paragraphs));
        INFO("body F1 " << f1);
        CHECK(f1 >= 0.9);
        ++checked;
    }
    CHECK(checked >= 4);
}

TEST_CASE("[issue-16] generic reads __NEXT_DATA__, var data and Nuxt 2's __NUXT__ function",
          "[plugins][generic][script-state][issue-16]") {
    SECTION("__NEXT_DATA__ with an HTML body and an ISO time") {
        const std::string state = R"({"props":{"pageProps":{"menu":[{"title":"首页"}],"article":{"id":7,)"
                                  R"("title":"示例新闻标题","publishedAt":"2024-05-20T10:30:00+08:00","content":")" +
                                  std::regex_replace(kBody, std::regex("\""), "\\\"") + R"("}}}})";
        const auto outcome = extract(
            page_with_script(R"(<script id="__NEXT_DATA__" type="application/json">)" + state + "</script>"));
        REQUIRE(outcome.extract_status == NEWSARC_OK);
        CHECK(outcome.field("title") == "示例新闻标题");
        CHECK(outcome.field("published_at") == "2024-05-20T10:30:00+08:00");
        REQUIRE(outcome.paragraphs.size() == 3);
        CHECK(outcome.paragraphs[0].starts_with("第一段："));
    }
    SECTION("var data = {...} with a plain-text body and Unix seconds as a string") {
        const std::string text = "第一段：这是一篇只在脚本状态里的文章，正文是纯文本，段落之间用换行分开，没有标签。\\n"
                                 "第二段：通用插件应当按换行切分段落，并且读出以秒计的发布时间字符串，不抛出异常。\\n"
                                 "第三段：再多写一些，让正文足够长，像一篇真实的新闻那样有句号、逗号和完整的句子。";
        const auto outcome = extract(page_with_script(
            R"(<script>var data = {"articleInfo":{"title":"示例新闻标题","publishTime":"1716187507","content":")" +
            text + R"("}};</script>)"));
        REQUIRE(outcome.extract_status == NEWSARC_OK);
        CHECK(outcome.field("title") == "示例新闻标题");
        CHECK(outcome.field("published_at") == "2024-05-20T14:45:07+08:00");
        CHECK(outcome.paragraphs.size() == 3);
    }
    SECTION("Nuxt 2: window.__NUXT__=(function(a,b,c){return {...}}(...))") {
        const std::string body = std::regex_replace(kBody, std::regex("\""), "\\\"");
        const auto outcome = extract(page_with_script(
            "<script>window.__NUXT__=(function(a,b,c,d){return {layout:\"default\",data:[{detail:{title:a,"
            "content:b,publish_time:c,tags:[d,d],extra:void 0,}}],state:{user:null,ok:!0?null:null}}}(\"示例新闻标题\",\"" +
            body + "\",1716187507000,'标签'));</script>"));
        // `!0?…` is an expression: the reader refuses it rather than guessing.
        CHECK(outcome.extract_status == NEWSARC_NO_CONTENT);
        const auto plain = extract(page_with_script(
            "<script>window.__NUXT__=(function(a,b,c,d){return {layout:\"default\",data:[{detail:{title:a,"
            "content:b,publish_time:c,tags:[d,d],extra:void 0,}}],state:{user:null}}}(\"示例新闻标题\",\"" +
            body + "\",1716187507000,'标签'));</script>"));
        REQUIRE(plain.extract_status == NEWSARC_OK);
        CHECK(plain.field("title") == "示例新闻标题");
        CHECK(plain.field("published_at") == "2024-05-20T14:45:07+08:00");
        CHECK(plain.paragraphs.size() == 3);
    }
    SECTION("a home page's state listing stories gives no article (no story title is the page's title)") {
        const std::string body = std::regex_replace(kBody, std::regex("\""), "\\\"");
        const auto outcome = extract(page_with_script(
            R"(<script>window.__INITIAL_STATE__={"feed":[{"title":"第一条新闻的标题","content":")" + body +
                R"("},{"title":"第二条新闻的标题","content":")" + body + R"("}]};</script>)",
            "示例网 - 首页"));
        CHECK(outcome.extract_status == NEWSARC_NO_CONTENT);
    }
}

TEST_CASE("[issue-16] hostile script state neither throws nor hangs", "[plugins][generic][script-state][issue-16]") {
    const std::string body = std::regex_replace(kBody, std::regex("\""), "\\\"");
    std::vector<std::pair<std::string, std::string>> pages;
    std::string unbalanced = R"(<script>window.__INITIAL_STATE__={"a":{"title":"示例新闻标题","content":")" + body + "\"";
    for (int i = 0; i < 20000; ++i) {
        unbalanced += R"(,"k":{"x":[)";
    }
    pages.emplace_back("unbalanced braces", page_with_script(unbalanced + "</script>"));
    pages.emplace_back("deep nesting", page_with_script("<script>var data = " + std::string(200000, '[') +
                                                        std::string(200000, ']') + ";</script>"));
    pages.emplace_back("deep JSON script", page_with_script(R"(<script type="application/json" id="__NEXT_DATA__">)" +
                                                            std::string(100000, '[') + std::string(100000, ']') +
                                                            "</script>"));
    std::string markers = "<script>";
    for (int i = 0; i < 100000; ++i) {
        markers += "var data=x;window.__NUXT__=(function(a){return {";
    }
    pages.emplace_back("repeated markers", page_with_script(markers + "</script>"));
    pages.emplace_back("huge string", page_with_script(R"(<script>window.__INITIAL_STATE__={"title":"示例新闻标题","content":")" +
                                                       std::string(6 << 20, 'x') + "\"}</script>"));
    pages.emplace_back("strings hiding brackets",
                       page_with_script(R"(<script>window.__INITIAL_STATE__={"title":"示例新闻标题 }","content":"\"{[)" +
                                        body + R"("};</script>)"));
    std::string nuxt = "<script>window.__NUXT__=(function(";
    for (int i = 0; i < 5000; ++i) {
        nuxt += "a" + std::to_string(i) + ",";
    }
    nuxt += "z){return {a:[z,z,z,z,z,z,z,z]}}(" + std::string(1 << 20, '1') + "));</script>";
    pages.emplace_back("nuxt with many parameters", page_with_script(nuxt));
    for (const auto& [name, html] : pages) {
        INFO(name);
        const auto start = std::chrono::steady_clock::now();
        host::PageOutcome outcome;
        REQUIRE_NOTHROW(outcome = extract(html));
        CHECK(outcome.extract_status != NEWSARC_FAILED);
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
    }
}
