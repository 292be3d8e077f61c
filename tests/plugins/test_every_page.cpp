// Focus: issue #16's first class — no exception inside a plugin may silently cost an article. Every plugin .so
// of the build (through the real loader) runs over every page under ../shared (sites/*, bench-web) and every
// fixture page, as they are and mutated the ways real pages differ (seconds dropped from times, time zones
// added, attribute values emptied, attributes and headlines removed, the page cut in half). Nothing may throw
// past the plugin boundary; a failure must be a `failed` status with a reason; the generic plugin, which must
// read any page, may not fail at all.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsarc/plugin_host/fixture.hpp"
#include "newsarc/plugin_host/registry.hpp"
#include "newsarc/plugin_host/run.hpp"
#include "support/paths.hpp"

namespace fs = std::filesystem;
namespace host = newsarc::plugin_host;

namespace {

struct SamplePage {
    std::string name;
    std::string url;
    std::string content_type;
    std::string body;
};

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// True when text[i..] is "dd:dd".
bool clock_at(const std::string& text, std::size_t i) {
    return i + 5 <= text.size() && is_digit(text[i]) && is_digit(text[i + 1]) && text[i + 2] == ':' &&
           is_digit(text[i + 3]) && is_digit(text[i + 4]);
}

// "2024-12-10 01:55:07" -> "2024-12-10 01:55" (the meta tag that crashed the generic plugin).
std::string drop_seconds(const std::string& html) {
    std::string out;
    out.reserve(html.size());
    for (std::size_t i = 0; i < html.size(); ++i) {
        if (clock_at(html, i) && i + 8 <= html.size() && html[i + 5] == ':' && is_digit(html[i + 6]) &&
            is_digit(html[i + 7])) {
            out.append(html, i, 5);
            i += 7;
            continue;
        }
        out.push_back(html[i]);
    }
    return out;
}

// "01:55:07" -> "01:55:07+09:00", "01:55" -> "01:55Z" where no offset follows.
std::string add_zones(const std::string& html) {
    std::string out;
    out.reserve(html.size() + html.size() / 20);
    for (std::size_t i = 0; i < html.size(); ++i) {
        if (clock_at(html, i) && (i == 0 || !is_digit(html[i - 1]))) {
            std::size_t end = i + 5;
            if (end + 3 <= html.size() && html[end] == ':' && is_digit(html[end + 1]) && is_digit(html[end + 2])) {
                end += 3;
            }
            out.append(html, i, end - i);
            if (end < html.size() && html[end] != '+' && html[end] != 'Z' && html[end] != '-') {
                out += end - i == 8 ? "+09:00" : "Z";
            }
            i = end - 1;
            continue;
        }
        out.push_back(html[i]);
    }
    return out;
}

// Every value of `attribute="..."` emptied, or (with `remove`) the attribute dropped.
std::string edit_attribute(const std::string& html, const std::string& attribute, bool remove) {
    const std::string marker = " " + attribute + "=\"";
    std::string out;
    std::size_t from = 0;
    while (true) {
        const std::size_t at = html.find(marker, from);
        const std::size_t close = at == std::string::npos ? at : html.find('"', at + marker.size());
        if (close == std::string::npos) {
            out.append(html, from, std::string::npos);
            return out;
        }
        out.append(html, from, at - from);
        if (!remove) {
            out += marker + "\"";
        }
        from = close + 1;
    }
}

// The text of every <h1> and <title> removed.
std::string empty_headlines(std::string html) {
    for (const std::string tag : {"h1", "title"}) {
        std::size_t from = 0;
        while (true) {
            const std::size_t open = html.find("<" + tag, from);
            const std::size_t start = open == std::string::npos ? open : html.find('>', open);
            const std::size_t end = start == std::string::npos ? start : html.find("</" + tag, start);
            if (end == std::string::npos) {
                break;
            }
            html.erase(start + 1, end - start - 1);
            from = start + 1;
        }
    }
    return html;
}

const std::vector<std::pair<std::string, std::function<std::string(const std::string&)>>>& mutations() {
    static const std::vector<std::pair<std::string, std::function<std::string(const std::string&)>>> list = {
        {"as saved", [](const std::string& html) { return html; }},
        {"seconds removed", drop_seconds},
        {"time zones added", add_zones},
        {"attribute values empty",
         [](const std::string& html) {
             return edit_attribute(edit_attribute(edit_attribute(html, "content", false), "datetime", false), "class",
                                   false);
         }},
        {"attributes missing",
         [](const std::string& html) {
             return edit_attribute(edit_attribute(edit_attribute(html, "content", true), "datetime", true), "id", true);
         }},
        {"headlines empty", empty_headlines},
        {"cut in half", [](const std::string& html) { return html.substr(0, html.size() / 2); }},
    };
    return list;
}

// The pages: every fixture page (with its URL), then every .html/.json file under ../shared/sites and
// ../shared/bench-web not already among them.
std::vector<SamplePage> sample_pages() {
    std::vector<SamplePage> pages;
    std::map<std::string, bool> seen;
    for (const host::FixtureCase& fixture : host::find_fixtures(newsarc::test::source_dir())) {
        const auto meta = nlohmann::json::parse(read_file(fixture.dir / "meta.json"), nullptr, false);
        if (!meta.is_object() || !meta.contains("url") || !meta["url"].is_string()) {
            continue;
        }
        SamplePage page{fixture.plugin_id + "/" + fixture.name, meta["url"].get<std::string>(), "text/html", {}};
        if (fs::exists(fixture.dir / "page.html")) {
            page.body = read_file(fixture.dir / "page.html");
        } else if (fs::exists(fixture.dir / "page.json")) {
            page.body = read_file(fixture.dir / "page.json");
            page.content_type = "application/json";
        } else if (meta.contains("shared_page") && meta["shared_page"].is_string()) {
            const fs::path file = newsarc::test::shared_dir() / meta["shared_page"].get<std::string>();
            page.body = read_file(file);
            seen[fs::weakly_canonical(file).string()] = true;
            if (file.extension() == ".json") {
                page.content_type = "application/json";
            }
        }
        pages.push_back(std::move(page));
    }
    for (const char* folder : {"sites", "bench-web"}) {
        const fs::path root = newsarc::test::shared_dir() / folder;
        std::error_code error;
        if (!fs::is_directory(root, error)) {
            continue;
        }
        for (const auto& entry : fs::recursive_directory_iterator(root, error)) {
            const std::string extension = entry.path().extension().string();
            if (!entry.is_regular_file() || (extension != ".html" && extension != ".htm" && extension != ".json") ||
                seen.count(fs::weakly_canonical(entry.path()).string()) > 0) {
                continue;
            }
            pages.push_back(SamplePage{entry.path().lexically_relative(newsarc::test::shared_dir()).string(),
                                       "https://" + entry.path().parent_path().filename().string() +
                                           ".example.com/" + entry.path().filename().string(),
                                       extension == ".json" ? "application/json" : "text/html",
                                       read_file(entry.path())});
        }
    }
    return pages;
}

} // namespace

TEST_CASE("[issue-16] no plugin throws past its boundary on any page under ../shared, any fixture, or their "
          "mutations",
          "[plugins][robustness][issue-16]") {
    host::PluginRegistry registry;
    registry.load({newsarc::test::plugin_dir()});
    registry.load_sites(newsarc::test::source_dir() / "configs" / "sites");
    REQUIRE(registry.by_id("generic") != nullptr);
    const std::vector<SamplePage> pages = sample_pages();
    REQUIRE(pages.size() >= 80);
    // Each site plugin also reads every page under one of its own article URLs, so classify lets extract run.
    std::map<std::string, std::string> own_url;
    for (const SamplePage& page : pages) {
        const std::string id = page.name.substr(0, page.name.find('/'));
        const host::Plugin* plugin = registry.by_id(id);
        if (plugin != nullptr && own_url.count(id) == 0 && plugin->classify(page.url) == NEWSARC_PAGE_ARTICLE) {
            own_url[id] = page.url;
        }
    }
    std::size_t runs = 0;
    for (const SamplePage& page : pages) {
        for (const auto& [mutation, mutate] : mutations()) {
            const std::string body = mutate(page.body);
            for (const host::Plugin* plugin : registry.plugins()) {
                std::vector<std::string> urls{page.url};
                if (const auto own = own_url.find(plugin->id()); own != own_url.end()) {
                    urls.push_back(own->second);
                }
                for (const std::string& url : urls) {
                    host::PageInput input;
                    input.url = url;
                    input.content_type = page.content_type;
                    input.body = body;
                    input.fetched_at = "2026-11-23T18:00:00+08:00";
                    INFO("page " << page.name << " (" << mutation << ") through " << plugin->id() << " as " << url);
                    host::PageOutcome outcome;
                    REQUIRE_NOTHROW(outcome = host::run(*plugin, input));
                    ++runs;
                    for (const auto& status : {outcome.discover_status, outcome.extract_status}) {
                        if (status && *status == NEWSARC_FAILED) {
                            // A failure is reported with its reason, never silent.
                            CHECK_FALSE(outcome.error.empty());
                            if (plugin->id() == "generic") {
                                FAIL_CHECK("the generic plugin failed: " << outcome.error);
                            }
                        }
                    }
                }
            }
        }
    }
    CHECK(runs >= pages.size() * mutations().size());
}
