// Focus: the host API as a C++ SDK plugin sees it, through a real .so: DOM queries, text, attributes,
// embedded JSON, discovery output, exceptions turned into FAILED, configure/prepare/seeds, and the ABI 1.1
// host services (URLs, times, HTML fragments), including a clean refusal by a host that predates them.
#include <catch2/catch.hpp>

#include <dlfcn.h>

#include <cstddef>
#include <filesystem>
#include <string>

#include "newsarc/plugin_host/registry.hpp"
#include "newsarc/plugin_host/run.hpp"

namespace host = newsarc::plugin_host;

namespace {

const char* const kArticle = R"html(<html><head><meta name="description" content="About probes">
<script>window.__INITIAL_STATE__ = {"id": 42, "list": [1, 2, 3]};</script>
<script id="__NUXT_DATA__" type="application/json">[1, {"a": 2}, "x"]</script></head>
<body><h1> Probe   title </h1><span class="author">Li  Lei</span><span class="time">2023年3月22日 10:26</span>
<div class="body"><p>First <b>para</b>.</p><p>Second<br>line</p><div><p>Nested</p></div></div>
<a href="/x.html">x</a><a href="https://other.example.com/y#frag">y</a><a href="javascript:void(0)">js</a></body></html>)html";

host::PluginRegistry& registry() {
    static host::PluginRegistry loaded;
    static const bool once = [] {
        REQUIRE(loaded.load_file(std::filesystem::path(NEWSARC_TEST_PLUGIN_DIR) / "newsarc_sdk_probe.so"));
        return true;
    }();
    (void)once;
    return loaded;
}

host::PageOutcome run_probe(const std::string& url, std::string_view body, std::string content_type = "text/html") {
    host::PageInput page;
    page.url = url;
    page.body = body;
    page.content_type = std::move(content_type);
    return host::run(*registry().by_id("sdk_probe"), page);
}

} // namespace

TEST_CASE("an SDK plugin reads the page through the host API", "[plugins][host_api]") {
    const auto outcome = run_probe("https://probe.example.com/news/2023/a.html", kArticle);
    REQUIRE(outcome.extract_status);
    CHECK(*outcome.extract_status == NEWSARC_OK);
    CHECK(outcome.field("title") == "Probe title");
    CHECK(outcome.field("author") == "Li Lei");
    CHECK(outcome.field("published_at") == "2023-03-22T10:26:00+08:00");
    CHECK(outcome.field("meta_description") == "About probes");
    CHECK(outcome.field("first_tag") == "p");
    CHECK(outcome.field("parent_tag") == "div");
    CHECK(outcome.field("child_count") == "3");
    CHECK(outcome.field("missing_attr") == "absent");
    CHECK(outcome.field("state_id") == "42");
    CHECK(outcome.field("nuxt_size") == "3");
    // Resolved and normalized by the host, as the crawler keys pages: the fragment goes.
    CHECK(outcome.field("resolved") == "https://probe.example.com/news/a/b.html?x=1");
    CHECK(outcome.paragraphs == std::vector<std::string>{"First para.", "Second\nline", "Nested"});
    CHECK(outcome.tags == std::vector<std::string>{"probe"});
    REQUIRE_FALSE(outcome.log.empty());
    CHECK(outcome.log.back().message == "extracted 3 paragraphs");
}

TEST_CASE("discovery resolves links, drops fragments and non-http links, passes requests", "[plugins][host_api]") {
    const auto outcome = run_probe("https://probe.example.com/list/1", kArticle);
    CHECK(outcome.kind == NEWSARC_PAGE_LIST);
    CHECK_FALSE(outcome.extract_status); // lists are not extracted
    REQUIRE(outcome.discover_status);
    REQUIRE(outcome.links.size() == 3);
    CHECK(outcome.links[0].url == "https://probe.example.com/x.html");
    CHECK(outcome.links[0].priority == 1);
    CHECK(outcome.links[1].url == "https://other.example.com/y");
    CHECK(outcome.links[2].url == "https://probe.example.com/api/list?page=2");
    CHECK(outcome.links[2].method == "POST");
    CHECK(outcome.links[2].body == "a=1");
    CHECK(outcome.links[2].headers == "X-Test: yes");
    CHECK(outcome.links[2].kind == NEWSARC_PAGE_FEED);
}

TEST_CASE("a plugin exception becomes FAILED with its message, a bad selector names itself", "[plugins][host_api]") {
    const auto thrown = run_probe("https://probe.example.com/throw/1", kArticle);
    REQUIRE(thrown.extract_status);
    CHECK(*thrown.extract_status == NEWSARC_FAILED);
    CHECK(thrown.error == "probe failure on https://probe.example.com/throw/1");

    const auto bad = run_probe("https://probe.example.com/bad-selector", kArticle);
    REQUIRE(bad.extract_status);
    CHECK(*bad.extract_status == NEWSARC_FAILED);
    CHECK(bad.error.find("'div['") != std::string::npos);
}

TEST_CASE("paywalled, JSON bodies and ignored pages", "[plugins][host_api]") {
    const auto paywalled = run_probe("https://probe.example.com/paywall/1", kArticle);
    REQUIRE(paywalled.extract_status);
    CHECK(*paywalled.extract_status == NEWSARC_PAYWALLED);

    const auto json = run_probe("https://probe.example.com/json/1", R"({"title": "T", "text": "Body"})",
                                "application/json");
    REQUIRE(json.extract_status);
    CHECK(*json.extract_status == NEWSARC_OK);
    CHECK(json.field("title") == "T");
    CHECK(json.paragraphs == std::vector<std::string>{"Body"});

    const auto not_json = run_probe("https://probe.example.com/json/2", "<html>", "application/json");
    CHECK(*not_json.extract_status == NEWSARC_FAILED);
    CHECK(not_json.error.find("is not valid JSON") != std::string::npos);

    const auto ignored = run_probe("https://probe.example.com/skip/1", kArticle);
    CHECK(ignored.kind == NEWSARC_PAGE_IGNORE);
    CHECK_FALSE(ignored.extract_status);
    CHECK_FALSE(ignored.discover_status);
}

TEST_CASE("configure, prepare and seeds", "[plugins][host_api]") {
    host::Plugin* plugin = registry().by_id_mutable("sdk_probe");
    REQUIRE(plugin != nullptr);
    const auto configured = host::configure(*plugin, R"({"mode": "fast"})");
    CHECK(configured.status == NEWSARC_OK);
    CHECK(run_probe("https://probe.example.com/a", kArticle).field("configured") == "fast");
    CHECK(host::configure(*plugin, "{not json").status == NEWSARC_FAILED);

    const auto prepared = host::prepare(*plugin, "https://probe.example.com/a?b=1", NEWSARC_PAGE_ARTICLE);
    CHECK(prepared.status == NEWSARC_OK);
    REQUIRE(prepared.requests.size() == 1);
    CHECK(prepared.requests[0].url == "https://probe.example.com/api/article?url=https%3A%2F%2Fprobe.example.com%2Fa%3Fb%3D1");
    CHECK(prepared.requests[0].document_url == "https://probe.example.com/a?b=1");
    CHECK(host::prepare(*plugin, "https://probe.example.com/list", NEWSARC_PAGE_LIST).status == NEWSARC_NOT_MINE);

    const auto seeded = host::seeds(*plugin);
    REQUIRE(seeded.requests.size() == 1);
    CHECK(seeded.requests[0].kind == NEWSARC_PAGE_LIST);
}

TEST_CASE("an SDK plugin reads URLs, times and HTML fragments through the host services", "[plugins][host_api]") {
    host::PageInput page;
    page.url = "https://probe.example.com/services/1?page=1#x";
    page.body = kArticle;
    page.fetched_at = "2026-11-23T18:00:00+08:00";
    const auto outcome = host::run(*registry().by_id("sdk_probe"), page);
    REQUIRE(outcome.extract_status);
    CHECK(*outcome.extract_status == NEWSARC_OK);
    CHECK(outcome.field("split") == "https|www.probe.example.com|8443|/a/b.html|x=1&y=2|top");
    CHECK(outcome.field("split_bad") == "invalid");
    CHECK(outcome.field("resolve_js") == "skipped");
    // Normalized as the crawler keys pages, but a plugin's URL keeps its query: stripping utm_* is job policy.
    CHECK(outcome.field("normalized") == "http://probe.example.com/b/~x?utm_source=q");
    CHECK(outcome.field("query_edit") == "https://probe.example.com/services/1?page=2#x");
    CHECK(outcome.field("time_meta") == "2024-05-01T08:30:00+08:00");
    CHECK(outcome.field("time_chinese") == "2024-05-01 08:30");
    CHECK(outcome.field("time_relative") == "2026-11-23 15:00");
    CHECK(outcome.field("time_url") == "2024-05-13");
    CHECK(outcome.field("time_unix") == "2024-05-01 08:30:00");
    CHECK(outcome.field("entities") == "a&b <i> \xE4\xB8\xAD\xC2\xA0\xE2\x80\xA6");
    CHECK(outcome.field("blocks") == "p:One & two;p:three\nfour+img;");
}

namespace {

// What a host built before the 1.1 services hands a plugin: its table ends after `children`.
std::string g_older_host_message;

void older_host_log(void*, newsarc_log_level, newsarc_str message) {
    g_older_host_message.assign(message.data, message.size);
}

void older_host_set_error(void*, newsarc_str message) {
    g_older_host_message.assign(message.data, message.size);
}

} // namespace

TEST_CASE("an SDK plugin refuses cleanly, naming the service, when the host predates the services",
          "[plugins][host_api]") {
    void* library = dlopen((std::filesystem::path(NEWSARC_TEST_PLUGIN_DIR) / "newsarc_sdk_probe.so").c_str(),
                           RTLD_NOW | RTLD_LOCAL);
    REQUIRE(library != nullptr);
    const auto entry = reinterpret_cast<newsarc_plugin_entry>(dlsym(library, "newsarc_sdk_probe_plugin"));
    REQUIRE(entry != nullptr);
    const newsarc_plugin* table = entry();
    REQUIRE(table->classify_with_host != nullptr);

    newsarc_host_api older{};
    older.struct_size = offsetof(newsarc_host_api, url_resolve);
    older.abi_major = 1;
    older.abi_minor = 1;
    older.log = older_host_log;
    older.set_error = older_host_set_error;

    // classify reads the URL's path through url_split, which this host lacks.
    g_older_host_message.clear();
    const std::string url = "https://probe.example.com/list/1";
    CHECK(table->classify_with_host(newsarc_str{url.data(), url.size()}, &older, nullptr) == NEWSARC_PAGE_INVALID);
    CHECK(g_older_host_message.find("offers no url_split") != std::string::npos);

    newsarc_page page{};
    page.struct_size = sizeof page;
    page.url = newsarc_str{url.data(), url.size()};
    g_older_host_message.clear();
    CHECK(table->extract(&page, &older, nullptr) == NEWSARC_FAILED);
    CHECK(g_older_host_message ==
          "the newsarc host offers no url_split (a host service of plugin ABI 1.1): update newsarc, the plugin "
          "needs it");
    dlclose(library);
}
