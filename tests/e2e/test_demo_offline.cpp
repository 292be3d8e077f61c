// Focus: the offline demo end to end. The demo web (configs/demo-web) is served over verified TLS under the real
// host names, configs/jobs/demo-offline.toml runs through the `newsarc` executable, then an article is edited on
// the server and the job runs again. Checked: every AI-industry article of the demo web is archived and none of
// the others (configs/demo-web/expected.toml), the edited article has two versions and `newsarc diff` shows the
// edit, the two runs' snapshots differ by exactly that document, and each snapshot's export matches the expected
// corpus files (tests/e2e/data) byte for byte.
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include <toml++/toml.h>

#include "newsarc/archive/store.hpp"
#include "newsarc/base/ids.hpp"
#include "newsarc/fixture_server/fixture_server.hpp"
#include "support/paths.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"
#include "support/tls_certificates.hpp"

using namespace newsarc::test;

namespace {

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

/// `text` with the first `from` replaced by `to`; the test stops when `from` is missing (the job file changed).
std::string replace_once(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    INFO("looking for: " << from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

/// demo-offline.toml pointed at this test's server, certificate, archive and export folder.
std::string test_job(const std::filesystem::path& dir, std::uint16_t port) {
    std::string job = read_file(source_dir() / "configs/jobs/demo-offline.toml");
    while (job.find("127.0.0.1:47443") != std::string::npos) {
        job = replace_once(job, "127.0.0.1:47443", "127.0.0.1:" + std::to_string(port));
    }
    job = replace_once(job, "\"../../demo-out/tls/ca.pem\"", "\"" + (dir / "tls/ca.pem").string() + "\"");
    job = replace_once(job, "\"../cleaning\"", "\"" + (source_dir() / "configs/cleaning").string() + "\"");
    job = replace_once(job, "\"../topics/ai-industry.toml\"",
                       "\"" + (source_dir() / "configs/topics/ai-industry.toml").string() + "\"");
    job = replace_once(job, "\"../../demo-out/demo.db\"", "\"" + (dir / "demo.db").string() + "\"");
    job = replace_once(job, "\"../../demo-out/corpus\"", "\"" + (dir / "exports").string() + "\"");
    return job;
}

/// The host names the job maps to the local server.
std::vector<std::string> mapped_hosts(const std::string& job) {
    const toml::table table = toml::parse(job);
    std::vector<std::string> hosts;
    for (const auto& entry : *table["network"]["connect_to"].as_array()) {
        const std::string text = *entry.value<std::string>();
        hosts.push_back(text.substr(0, text.find(':')));
    }
    return hosts;
}

/// The snapshot a run reports ("snapshot NAME exported to DIR").
std::string snapshot_of(const std::string& out) {
    const auto at = out.find("\nsnapshot ");
    REQUIRE(at != std::string::npos);
    const auto start = at + 10;
    return out.substr(start, out.find(' ', start) - start);
}

/// The *.txt files of an export by document id ("NNN_<id>.txt" -> id), with their bytes.
std::map<std::string, std::string> corpus_files(const std::filesystem::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() == ".txt") {
            files[name.substr(name.find('_') + 1, 16)] = read_file(entry.path());
        }
    }
    return files;
}

std::map<std::string, std::string> expected_files(const std::filesystem::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        files[entry.path().stem().string()] = read_file(entry.path());
    }
    return files;
}

/// The demo web served over TLS from a copy in `dir` (the demo web's articles are links to plugin fixtures; the copy
/// holds real files, so a test can edit them without touching the repository), and the demo job pointed at it.
struct DemoWeb {
    explicit DemoWeb(const std::filesystem::path& dir)
        : web(dir / "web"), job_file(dir / "demo-offline.toml"), archive(dir / "demo.db") {
        std::filesystem::copy(source_dir() / "configs/demo-web", web, std::filesystem::copy_options::recursive);
        make_tls_certificates(dir / "tls", mapped_hosts(read_file(source_dir() / "configs/jobs/demo-offline.toml")));
        newsarc::fixture_server::ServerOptions options;
        options.root = web;
        options.cert_file = dir / "tls/server.pem";
        options.key_file = dir / "tls/server.key";
        options.on_request = [this](const std::string&, const std::string&, const std::string&, int) { ++requests; };
        server.emplace(options);
        write_file(job_file, test_job(dir, server->port()));
    }

    std::filesystem::path web;
    std::filesystem::path job_file;
    std::filesystem::path archive;
    std::atomic<int> requests{0}; ///< requests the server answered
    std::optional<newsarc::fixture_server::Server> server;
};

constexpr const char* kEditedUrl = "https://www.guancha.cn/economy/2024_06_12_738215.shtml";
constexpr const char* kEditedFile = "www.guancha.cn/economy/2024_06_12_738215_s.shtml";
constexpr const char* kAddedSentence = "记者随后获悉，新一轮价格调整将于下月起生效。";

} // namespace

TEST_CASE("the demo job archives the AI articles, versions an edit, and exports both snapshots exactly",
          "[e2e][demo]") {
    TempDir dir("demo-e2e");
    const DemoWeb demo(dir.path());
    const auto& web = demo.web;
    const auto& job_file = demo.job_file;
    const auto& archive = demo.archive;
    REQUIRE(std::filesystem::is_regular_file(web / kEditedFile));
    REQUIRE_FALSE(std::filesystem::is_symlink(web / kEditedFile));

    // Run 1.
    const ProcessResult first = run_cli({"crawl", job_file.string()});
    INFO(first.out << first.err);
    REQUIRE(first.exit_code == 0);
    const std::string snapshot_1 = snapshot_of(first.out);

    const toml::table expected = toml::parse_file((source_dir() / "configs/demo-web/expected.toml").string());
    int ai_articles = 0;
    {
        auto store = newsarc::archive::Store::open(archive, newsarc::archive::OpenMode::read_only);
        for (const auto& entry : *expected["article"].as_array()) {
            const toml::table& article = *entry.as_table();
            const std::string url = *article["url"].value<std::string>();
            const bool ai = *article["ai"].value<bool>();
            INFO(url);
            const auto versions = store.history(newsarc::doc_id_for_url(url));
            CHECK(versions.size() == (ai ? 1U : 0U));
            ai_articles += ai ? 1 : 0;
        }
        CHECK(store.stats().documents == ai_articles);
    }
    CHECK(ai_articles >= 8);

    // The edit: one more sentence at the end of the article's first paragraph.
    const std::string page = read_file(web / kEditedFile);
    const std::string first_paragraph_start = "五月以来，国内大模型厂商的降价公告一家接着一家。";
    const auto paragraph_end = page.find("</p>", page.find(first_paragraph_start));
    REQUIRE(paragraph_end != std::string::npos);
    write_file(web / kEditedFile, std::string(page).insert(paragraph_end, kAddedSentence));

    // Run 2.
    const ProcessResult second = run_cli({"crawl", job_file.string()});
    INFO(second.out << second.err);
    REQUIRE(second.exit_code == 0);
    const std::string snapshot_2 = snapshot_of(second.out);
    CHECK(snapshot_2 != snapshot_1);

    const std::string edited_id = newsarc::doc_id_for_url(kEditedUrl);
    {
        auto store = newsarc::archive::Store::open(archive, newsarc::archive::OpenMode::read_only);
        CHECK(store.history(edited_id).size() == 2);
        CHECK(store.stats().documents == ai_articles);
        const auto diff = store.diff_snapshots(snapshot_1, snapshot_2);
        CHECK(diff.added.empty());
        CHECK(diff.removed.empty());
        CHECK(diff.changed == std::vector<std::string>{edited_id});
    }
    const ProcessResult diff = run_cli({"--db", archive.string(), "diff", kEditedUrl});
    REQUIRE(diff.exit_code == 0);
    CHECK_THAT(diff.out, Catch::Contains(std::string("+") + first_paragraph_start));
    CHECK_THAT(diff.out, Catch::Contains(kAddedSentence));
    CHECK_THAT(diff.out, Catch::Contains(std::string("-") + first_paragraph_start));

    // Each run's snapshot was exported by the job; both match the expected corpus files byte for byte.
    const auto expected_dir = source_dir() / "tests/e2e/data/demo-offline";
    std::map<std::string, std::string> want = expected_files(expected_dir / "run-1");
    CHECK(static_cast<int>(want.size()) == ai_articles);
    CHECK(corpus_files(dir.path() / "exports" / snapshot_1) == want);
    for (auto& [id, text] : expected_files(expected_dir / "run-2-changed")) {
        REQUIRE(want.count(id) == 1);
        text.swap(want[id]);
    }
    CHECK(corpus_files(dir.path() / "exports" / snapshot_2) == want);
}

TEST_CASE("a redesigned site is degraded (exit 3), kept by the fallback, and repaired by reextract offline",
          "[e2e][demo][health]") {
    TempDir dir("demo-health");
    const DemoWeb demo(dir.path());
    const auto& web = demo.web;
    const auto& job_file = demo.job_file;
    const auto& archive = demo.archive;
    const std::atomic<int>& requests = demo.requests;

    const ProcessResult first = run_cli({"crawl", job_file.string()});
    INFO(first.out << first.err);
    REQUIRE(first.exit_code == 0);

    // 量子位 "redesigns": its article container is renamed; the text is still on the pages.
    std::vector<std::filesystem::path> pages;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(web / "www.qbitai.com")) {
        if (entry.path().extension() == ".html" && entry.path().parent_path().filename() != "www.qbitai.com") {
            pages.push_back(entry.path());
        }
    }
    REQUIRE(pages.size() >= 4);
    for (const auto& page : pages) {
        write_file(page, replace_once(read_file(page), "class=\"article\"", "class=\"story\""));
    }
    const ProcessResult second = run_cli({"crawl", job_file.string()});
    INFO(second.out << second.err);
    CHECK(second.exit_code == 3);
    CHECK_THAT(second.out, Catch::Contains("degraded: qbitai"));
    const ProcessResult health = run_cli({"--db", archive.string(), "health", "--site", "qbitai", "--json"});
    CHECK(health.exit_code == 3);
    CHECK_THAT(health.out, Catch::Contains("\"state\": \"degraded\""));
    const std::string qbitai_url = "https://www.qbitai.com/2023/07/46620.html"; // an AI article (expected.toml)
    const std::string qbitai_id = newsarc::doc_id_for_url(qbitai_url);
    {
        auto store = newsarc::archive::Store::open(archive, newsarc::archive::OpenMode::read_only);
        const auto latest = store.version(qbitai_id);
        REQUIRE(latest);
        CHECK(latest->info.plugin == "generic"); // the fallback kept the article meanwhile
    }

    // The site file is mended for the new markup (a copy the job names first); reextract reads the stored pages.
    const auto sites = dir.path() / "sites";
    std::filesystem::create_directories(sites);
    std::string site = read_file(source_dir() / "configs/sites/qbitai.toml");
    site = replace_once(site, "version = \"", "version = \"mended-");
    site = replace_once(site, "title = [\"div.article > h1\"", "title = [\"div.story > h1\"");
    site = replace_once(site, "body = \"div.article\"", "body = \"div.story\"");
    write_file(sites / "qbitai.toml", site);
    const auto fixed_job = dir.path() / "fixed.toml";
    write_file(fixed_job, "site_dirs = [\"" + sites.string() + "\"]\n" + read_file(job_file));
    const int before = requests.load();
    const ProcessResult repaired = run_cli({"reextract", "--job", fixed_job.string(), "--site", "qbitai", "--json"});
    INFO(repaired.out << repaired.err);
    REQUIRE(repaired.exit_code == 0);
    CHECK(requests.load() == before); // not one request
    CHECK_THAT(repaired.out, Catch::Contains("\"fallbacks\":0"));
    CHECK_THAT(repaired.out, Catch::Contains("\"failed\":0"));
    auto store = newsarc::archive::Store::open(archive, newsarc::archive::OpenMode::read_only);
    const auto latest = store.version(qbitai_id);
    REQUIRE(latest);
    CHECK(latest->info.plugin == "qbitai");
    CHECK(latest->info.plugin_version.starts_with("mended-"));
}
