// Focus: `newsarc serve` on the demo archive in a real browser. The demo job crawls the demo web (served over TLS
// under the sites' real names), an article gains a sentence on the server, the job runs again, and headless
// Chromium (Debian's, driven by playwright-core: tests/serve/browser/check.mjs) opens the list, searches 大模型,
// opens that document and the diff of its two versions, and finds the added sentence marked; screenshots go to
// the build folder (tests/serve/screenshots).
#include <catch2/catch.hpp>

#include <fstream>
#include <optional>
#include <sstream>

#include <toml++/toml.h>

#include "newsarc/base/ids.hpp"
#include "newsarc/fixture_server/fixture_server.hpp"
#include "serve_support.hpp"
#include "support/paths.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"
#include "support/tls_certificates.hpp"

using namespace newsarc::test;

namespace {

constexpr const char* kEditedUrl = "https://www.guancha.cn/economy/2024_06_12_738215.shtml";
constexpr const char* kEditedFile = "www.guancha.cn/economy/2024_06_12_738215_s.shtml";
constexpr const char* kFirstParagraph = "五月以来，国内大模型厂商的降价公告一家接着一家。";
constexpr const char* kDemoAddedSentence = "记者随后获悉，新一轮价格调整将于下月起生效。";

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    INFO("the demo job no longer holds: " << from);
    REQUIRE(text.find(from) != std::string::npos);
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

/// The demo web (a copy with real files, so the test can edit a page) over TLS, and the demo job pointed at it,
/// this test's CA, archive and export folder.
struct DemoWeb {
    explicit DemoWeb(const std::filesystem::path& dir) : web(dir / "web"), job(dir / "demo.toml"), archive(dir / "demo.db") {
        std::filesystem::copy(source_dir() / "configs/demo-web", web, std::filesystem::copy_options::recursive);
        std::string text = read_file(source_dir() / "configs/jobs/demo-offline.toml");
        std::vector<std::string> hosts;
        const toml::table table = toml::parse(text);
        for (const auto& entry : *table["network"]["connect_to"].as_array()) {
            const std::string mapping = *entry.value<std::string>();
            hosts.push_back(mapping.substr(0, mapping.find(':')));
        }
        make_tls_certificates(dir / "tls", hosts);
        newsarc::fixture_server::ServerOptions options;
        options.root = web;
        options.cert_file = dir / "tls/server.pem";
        options.key_file = dir / "tls/server.key";
        server.emplace(options);
        replace_all(text, "127.0.0.1:47443", "127.0.0.1:" + std::to_string(server->port()));
        replace_all(text, "\"../../demo-out/tls/ca.pem\"", "\"" + (dir / "tls/ca.pem").string() + "\"");
        replace_all(text, "\"../cleaning\"", "\"" + (source_dir() / "configs/cleaning").string() + "\"");
        replace_all(text, "\"../topics/ai-industry.toml\"",
                    "\"" + (source_dir() / "configs/topics/ai-industry.toml").string() + "\"");
        replace_all(text, "\"../../demo-out/demo.db\"", "\"" + archive.string() + "\"");
        replace_all(text, "\"../../demo-out/corpus\"", "\"" + (dir / "exports").string() + "\"");
        write_file(job, text);
    }
    std::filesystem::path web;
    std::filesystem::path job;
    std::filesystem::path archive;
    std::optional<newsarc::fixture_server::Server> server;
};

} // namespace

TEST_CASE("in headless Chromium: the list, a search for 大模型, a document and the diff of its two versions",
          "[serve][browser][e2e]") {
    const auto browser_dir = source_dir() / "tests/serve/browser";
    INFO("playwright-core lives in " << (browser_dir / "node_modules").string()
                                     << "; scripts/setup installs it (npm ci) and Debian's chromium");
    REQUIRE(std::filesystem::exists(browser_dir / "node_modules/playwright-core/package.json"));
    REQUIRE(std::filesystem::exists("/usr/bin/chromium"));

    TempDir dir("serve-browser");
    const DemoWeb demo(dir.path());
    const ProcessResult first = run_cli({"crawl", demo.job.string()});
    INFO(first.out << first.err);
    REQUIRE(first.exit_code == 0);
    // The edit: one more sentence at the end of the article's first paragraph; then the job again.
    const std::string page = read_file(demo.web / kEditedFile);
    const auto paragraph_end = page.find("</p>", page.find(kFirstParagraph));
    REQUIRE(paragraph_end != std::string::npos);
    write_file(demo.web / kEditedFile, std::string(page).insert(paragraph_end, kDemoAddedSentence));
    const ProcessResult second = run_cli({"crawl", demo.job.string()});
    INFO(second.out << second.err);
    REQUIRE(second.exit_code == 0);

    ServeProcess serve(demo.archive, dir.path());
    INFO(serve.process.err());
    REQUIRE(serve.port != 0);
    const auto screenshots = binary_dir() / "tests/serve/screenshots";
    std::filesystem::create_directories(screenshots);
    for (const char* name : {"serve-1-list.png", "serve-2-search.png", "serve-3-document.png", "serve-4-diff.png"}) {
        std::filesystem::remove(screenshots / name);
    }
    const ProcessResult browser =
        run_process("/usr/bin/node", {(browser_dir / "check.mjs").string(), "http://127.0.0.1:" + std::to_string(serve.port),
                                      newsarc::doc_id_for_url(kEditedUrl), kDemoAddedSentence, screenshots.string()});
    INFO("node check.mjs:\n" << browser.out << browser.err);
    CHECK(browser.exit_code == 0);
    CHECK_THAT(browser.out, Catch::Contains("search: "));
    CHECK_THAT(browser.out, Catch::Contains(std::string("diff: 1 changed line(s), added sentence marked: ") +
                                            kDemoAddedSentence));
    CHECK_THAT(browser.out, Catch::Contains("browser check passed"));
    CHECK(std::filesystem::file_size(screenshots / "serve-4-diff.png") > 10000);
    CHECK(serve.process.stop() == 0);
}
