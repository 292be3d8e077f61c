// Focus: an installed newsarc (issue #18 item 4) as a user gets it from `cmake --install build --prefix P`: it
// runs from any folder with nothing of the checkout or the build tree, finds its plugins in P/lib/newsarc/plugins
// and its data in P/share/newsarc, and obeys NEWSARC_DATA_DIR.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsarc/archive/store.hpp"
#include "newsarc/base/ids.hpp"
#include "support/http_server.hpp"
#include "support/paths.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc::test;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// The variables by which the test harness points the code at the build tree and the checkout
/// (tests/support/catch_main.cpp); an installed program must do without them.
constexpr const char* kHarnessVariables[] = {"NEWSARC_DATA_DIR", "NEWSARC_SOURCE_DIR", "NEWSARC_SHARED_DIR",
                                             "NEWSARC_PLUGIN_PATH", "NEWSARC_SITES_PATH"};

/// This build installed into a fresh prefix, and a separate empty folder to run the installed program from.
class Installed {
public:
    Installed() : prefix_("newsarc-prefix"), work_("newsarc-elsewhere") {
        for (const char* name : kHarnessVariables) {
            ::unsetenv(name);
        }
        const auto installed = run_process(NEWSARC_CMAKE_COMMAND,
                                           {"--install", binary_dir().string(), "--prefix", prefix_.path().string()});
        INFO(installed.out << installed.err);
        REQUIRE(installed.exit_code == 0);
    }

    [[nodiscard]] const fs::path& prefix() const { return prefix_.path(); }
    [[nodiscard]] const fs::path& work() const { return work_.path(); }
    [[nodiscard]] fs::path data() const { return prefix() / "share" / "newsarc"; }

    /// The installed `newsarc` with `args`, run in work(); `data_dir` sets NEWSARC_DATA_DIR for this run only.
    ProcessResult run(const std::vector<std::string>& args, const std::optional<fs::path>& data_dir = {}) const {
        if (data_dir) {
            ::setenv("NEWSARC_DATA_DIR", data_dir->c_str(), 1);
        }
        auto result = run_process(prefix() / "bin" / "newsarc", args, work());
        ::unsetenv("NEWSARC_DATA_DIR");
        return result;
    }

private:
    TempDir prefix_;
    TempDir work_;
};

/// A corpus text whose body carries two lines the installed cleaning rules drop (a share widget, a disclaimer)
/// between two real paragraphs.
const std::string kCorpusText = "大模型价格战升级\n\n2024-05-01 10:00     测试新闻\n\n"
                                "国内多家人工智能公司本周发布了新一代大模型，算力需求随之上升。\n\n点赞\n\n"
                                "免责声明：本文仅代表作者个人观点，与本站无关。\n\n"
                                "业内人士表示，生成式AI的商业化正在加速，英伟达的芯片仍然供不应求。";

} // namespace

TEST_CASE("the installed tree holds the program, the plugins and the data, and no path of the checkout or build",
          "[install]") {
    const Installed installed;
    CHECK(fs::is_regular_file(installed.prefix() / "bin" / "newsarc"));
    for (const char* plugin : {"generic", "guancha", "huxiu", "wallstreetcn"}) {
        CHECK(fs::is_regular_file(installed.prefix() / "lib" / "newsarc" / "plugins" /
                                  (std::string("newsarc_") + plugin + ".so")));
    }
    for (const char* file : {"cleaning/boilerplate.toml", "topics/ai-industry.toml", "sites/qbitai.toml",
                             "demo-web/expected.toml", "demo-web/www.qbitai.com/2023/03/43345.html",
                             "jobs/ai-industry.toml"}) {
        INFO(file);
        CHECK(fs::is_regular_file(installed.data() / file));
    }
    // The demo web's article pages are links to fixture pages in the checkout: installed, they are the pages.
    CHECK(read_file(installed.data() / "demo-web" / "www.qbitai.com" / "2023" / "03" / "43345.html") ==
          read_file(source_dir() / "configs" / "sites" / "qbitai" / "fixtures" / "article-2023-03-llm-chips" /
                    "page.html"));
    // Test data stays out: no plugin fixtures, and none of the build's test plugins.
    CHECK_FALSE(fs::exists(installed.data() / "sites" / "qbitai" / "fixtures"));
    CHECK_FALSE(fs::exists(installed.prefix() / "lib" / "newsarc" / "plugins" / "newsarc_good.so"));

    // grep -r over the tree, binary files included: neither the checkout's path nor the build's (usually inside
    // it) in any file, as given and with links resolved; and no symlink that could lead back there.
    std::vector<std::string> forbidden = {fs::weakly_canonical(source_dir()).string(),
                                          fs::weakly_canonical(binary_dir()).string()};
    for (const auto& path : {source_dir().string(), binary_dir().string()}) {
        forbidden.push_back(path);
    }
    std::size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(installed.prefix())) {
        INFO(entry.path().string());
        CHECK_FALSE(entry.is_symlink());
        if (!entry.is_regular_file()) {
            continue;
        }
        ++files;
        const std::string content = read_file(entry.path());
        for (const auto& path : forbidden) {
            INFO("holds " << path);
            CHECK_FALSE(contains(content, path));
        }
    }
    CHECK(files > 50);
}

TEST_CASE("the installed newsarc lists its plugins and the declarative sites from another folder", "[install]") {
    const Installed installed;
    const auto listed = installed.run({"plugins", "list"});
    INFO(listed.out << listed.err);
    REQUIRE(listed.exit_code == 0);
    for (const char* id : {"generic", "guancha", "huxiu", "wallstreetcn", "qbitai"}) {
        CHECK(contains(listed.out, std::string(id) + "\t"));
    }
    // Each is loaded from the prefix.
    CHECK(contains(listed.out, (installed.prefix() / "lib" / "newsarc" / "plugins" / "newsarc_guancha.so").string()));
    CHECK(contains(listed.out, (installed.data() / "sites" / "qbitai.toml").string()));
}

TEST_CASE("the installed newsarc cleans a seed text with its own rules from another folder", "[install]") {
    const Installed installed;
    const fs::path in = installed.work() / "in";
    fs::create_directories(in);
    fs::copy_file(shared_dir() / "seeds" / "000_6f2a3172923db0ae.txt", in / "000_6f2a3172923db0ae.txt");
    write_file(in / "900_widgets.txt", kCorpusText);

    const auto cleaned = installed.run({"clean", "in", "out"});
    INFO(cleaned.out << cleaned.err);
    REQUIRE(cleaned.exit_code == 0);
    CHECK(contains(cleaned.out, "2 cleaned"));
    const std::string widgets = read_file(installed.work() / "out" / "900_widgets.txt");
    CHECK(contains(widgets, "算力需求随之上升"));
    CHECK(contains(widgets, "英伟达的芯片仍然供不应求"));
    CHECK_FALSE(contains(widgets, "点赞"));
    CHECK_FALSE(contains(widgets, "免责声明"));
    // The seed comes out as the build's newsarc cleans it with the checkout's rules.
    TempDir reference("newsarc-clean-reference");
    const auto built = run_cli({"clean", in.string(), (reference / "out").string(), "--rules",
                                (source_dir() / "configs" / "cleaning").string()});
    REQUIRE(built.exit_code == 0);
    CHECK(read_file(installed.work() / "out" / "000_6f2a3172923db0ae.txt") ==
          read_file(reference / "out" / "000_6f2a3172923db0ae.txt"));
}

TEST_CASE("the installed newsarc extracts saved pages with a plugin and a declarative site", "[install]") {
    const Installed installed;
    const fs::path web = installed.data() / "demo-web";
    struct Page {
        fs::path file;
        std::string url;
        std::string plugin;
        std::string title;
    };
    const Page pages[] = {
        {web / "www.guancha.cn" / "economy" / "2024_06_12_738215_s.shtml",
         "https://www.guancha.cn/economy/2024_06_12_738215_s.shtml", "guancha",
         "大模型价格战打到“厘时代”，算力账本谁来买单"},
        {web / "www.qbitai.com" / "2023" / "03" / "43345.html", "https://www.qbitai.com/2023/03/43345.html", "qbitai",
         "国产大模型芯片进入量产阶段，推理成本一年降了一半"},
    };
    for (const Page& page : pages) {
        const auto extracted = installed.run({"extract", page.file.string(), "--url", page.url, "--json"});
        INFO(page.url << "\n" << extracted.out << extracted.err);
        REQUIRE(extracted.exit_code == 0);
        const auto json = nlohmann::json::parse(extracted.out);
        CHECK(json["plugin"] == page.plugin);
        CHECK(json["title"] == page.title);
        CHECK(json["paragraphs"].size() > 3);
    }
}

TEST_CASE("the installed newsarc crawls a 127.0.0.1 site and cleans with the installed rules", "[install]") {
    const Installed installed;
    constexpr const char* kHost = "blog.install.test";
    RouteTable routes;
    routes.add(kHost, "/", HttpReply::text(200, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>博客"
                                                "</title></head><body><a href=\"/2024/06/ai.html\">AI</a></body></html>"));
    routes.add(kHost, "/2024/06/ai.html",
               HttpReply::text(200, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>AI应用落地加速</title>"
                                    "<meta property=\"article:published_time\" content=\"2024-06-02T08:30:00+08:00\">"
                                    "</head><body><article><h1>AI应用落地加速</h1><div class=\"body\">"
                                    "<p>国内多家人工智能公司本周发布了新一代大模型，算力需求随之上升，企业开始把模型用到客服和编程上。</p>"
                                    "<p>点赞</p><p>免责声明：本文仅代表作者个人观点，与本站无关。</p>"
                                    "<p>业内人士表示，生成式AI的商业化正在加速，英伟达的芯片仍然供不应求，价格也在上涨。</p>"
                                    "<p>分析人士认为，算力成本下降将推动更多企业采用大模型技术，开源模型的影响力也在扩大。</p>"
                                    "</div></article></body></html>"));
    HttpServer server(routes.handler());
    // No [clean] rules: the crawl takes the data folder's, found beside the installed program.
    write_file(installed.work() / "blog.toml",
               std::string("name = \"blog\"\nplugins = [\"generic\"]\nseeds = [\"http://") + kHost + "/\"]\n" +
                   "[scope]\nhosts = [\"" + kHost + "\"]\nmax_depth = 2\nmax_pages = 10\n" +
                   "[politeness]\ndelay_ms = 0\nrobots = false\n[discovery]\nsitemaps = false\n" +
                   "[network]\nallow_private = true\ntimeout_s = 20\nconnect_to = [\"" + kHost + ":80:127.0.0.1:" +
                   std::to_string(server.port()) + "\"]\n[archive]\npath = \"blog.db\"\n");

    const auto crawled = installed.run({"crawl", "blog.toml"});
    INFO(crawled.out << crawled.err);
    REQUIRE(crawled.exit_code == 0);
    CHECK_FALSE(contains(crawled.err, "no_rules"));
    auto store = newsarc::archive::Store::open(installed.work() / "blog.db", newsarc::archive::OpenMode::read_only);
    const auto version = store.version(newsarc::doc_id_for_url(std::string("http://") + kHost + "/2024/06/ai.html"));
    REQUIRE(version);
    CHECK(version->info.plugin == "generic");
    CHECK(version->info.title == "AI应用落地加速");
    CHECK(contains(version->body, "英伟达的芯片仍然供不应求"));
    // The generic extractor drops the disclaimer by itself; the share widget goes only by the installed rules.
    CHECK_FALSE(contains(version->body, "免责声明"));
    CHECK_FALSE(contains(version->body, "点赞"));
}

TEST_CASE("NEWSARC_DATA_DIR replaces the installed data folder, and a missing one is a usage error naming it",
          "[install]") {
    const Installed installed;
    const fs::path in = installed.work() / "in";
    write_file(in / "900_widgets.txt", kCorpusText);

    // Another data folder: the installed rules plus one of the user's own, which drops a line they keep.
    const fs::path mine = installed.work() / "my-data";
    fs::create_directories(mine);
    fs::copy(installed.data() / "cleaning", mine / "cleaning", fs::copy_options::recursive);
    write_file(mine / "cleaning" / "mine.toml",
               "[[rule]]\nname = \"no-chip-news\"\ncontains = [\"英伟达的芯片\"]\n");
    const auto own = installed.run({"clean", "in", "own"}, mine);
    INFO(own.out << own.err);
    REQUIRE(own.exit_code == 0);
    const std::string cleaned = read_file(installed.work() / "own" / "900_widgets.txt");
    CHECK_FALSE(contains(cleaned, "英伟达的芯片"));
    CHECK_FALSE(contains(cleaned, "免责声明"));
    CHECK(contains(cleaned, "算力需求随之上升"));
    // Without it, the installed rules keep that line.
    REQUIRE(installed.run({"clean", "in", "installed"}).exit_code == 0);
    CHECK(contains(read_file(installed.work() / "installed" / "900_widgets.txt"), "英伟达的芯片"));

    const fs::path missing = installed.work() / "no-such-data";
    const auto refused = installed.run({"clean", "in", "refused"}, missing);
    CHECK(refused.exit_code == 2);
    CHECK(contains(refused.err, (missing / "cleaning").string()));
    CHECK(contains(refused.err, "NEWSARC_DATA_DIR"));
    CHECK_FALSE(fs::exists(installed.work() / "refused"));
}
