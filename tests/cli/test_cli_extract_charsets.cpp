// Focus: `newsarc extract` and `newsarc links` on saved pages in the legacy charsets Chinese sites serve (GBK,
// GB18030, Big5), decoded by the crawl's charset module, and without --url (the page's canonical link or
// og:url, else the file's file: URL). Real UTF-8 pages of ../shared/sites are converted at test time into a
// temporary folder; the converted page must give exactly the JSON the UTF-8 page gives.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "legacy_charset.hpp"
#include "support/paths.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using newsarc::test::run_cli;

namespace {

namespace fs = std::filesystem;

fs::path shared_page(const std::string& name) {
    return newsarc::test::shared_dir() / "sites" / "generic-dev" / name;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void write_file(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    REQUIRE(out.good());
}

/// `newsarc extract FILE --json` (no --url), which must succeed.
nlohmann::json extract_json(const fs::path& page) {
    const auto result = run_cli({"extract", page.string(), "--json"});
    INFO(page.string() << ": " << result.err);
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out);
}

/// The article's visible text: title and paragraphs.
std::string article_text(const nlohmann::json& article) {
    std::string text = article["title"].is_string() ? article["title"].get<std::string>() : "";
    for (const auto& paragraph : article["paragraphs"]) {
        text += "\n" + paragraph.get<std::string>();
    }
    return text;
}

struct LegacyCase {
    const char* page;     ///< a UTF-8 page of ../shared/sites/generic-dev
    const char* charset;  ///< the iconv name it is converted to
    const char* label;    ///< what its <meta> then declares; "" declares nothing (detection)
};

} // namespace

TEST_CASE("extract gives the same article from GBK, GB18030 and Big5 copies of a page, without --url",
          "[cli][extract][charset]") {
    const LegacyCase cases[] = {
        {"toutiao_1.html", "GBK", "gbk"},          // simplified, canonical link
        {"chinadaily_1.html", "GBK", "GB2312"},    // the label most mainland pages still declare; og:url
        {"sina_1.html", "GB18030", "gb18030"},     // has characters GBK lacks (©)
        {"sina_3.html", "GBK", ""},                // no declaration: detected
        // Traditional: Hong Kong's HKSCS bytes (杜琪峯); Taiwan's CP950 under "big5" is the case after this one.
        // HKSCS bytes labelled big5-hkscs. Under the label "big5" a browser reads a few symbols the HKSCS table maps
        // otherwise (0xA145 '‧', not '•'), so only the exact label round-trips every character; "big5" with HKSCS's
        // own characters is tested in tests/crawl/test_charset.cpp.
        {"yahoohk_1.html", "BIG5-HKSCS", "big5-hkscs"}, // Hong Kong, http-equiv declaration
        {"ltn_1.html", "BIG5-HKSCS", "big5-hkscs"}, // traditional (Taiwan), Hong Kong's Big5 extension
    };
    const newsarc::test::TempDir dir("newsarc-extract-charset");
    for (const LegacyCase& c : cases) {
        INFO(c.page << " as " << c.charset << " declaring '" << c.label << "'");
        const fs::path original = shared_page(c.page);
        const nlohmann::json expected = extract_json(original);
        REQUIRE(expected["status"] == "ok");
        REQUIRE_FALSE(expected["paragraphs"].empty());
        REQUIRE(article_text(expected).size() >= 300); // an article, not a stub (yahoohk_1 is one long paragraph)
        // The URL came from the page itself.
        CHECK(expected["url"].get<std::string>().starts_with("http"));
        // The article itself must be text the charset encodes, or the test would not show its decoding.
        REQUIRE(newsarc::test::encodable(article_text(expected), c.charset));

        std::size_t fallbacks = 0;
        const std::string legacy = newsarc::test::encode_html(
            newsarc::test::with_declared_charset(read_file(original), c.label), c.charset, fallbacks);
        const fs::path copy = dir / (fs::path(c.page).stem().string() + "." + c.charset + ".html");
        write_file(copy, legacy);
        // Not valid UTF-8 any more: the bytes really are in the legacy charset.
        REQUIRE(legacy != read_file(original));

        const nlohmann::json found = extract_json(copy);
        CHECK(found == expected);
        CHECK(found.dump().find("\xEF\xBF\xBD") == std::string::npos);
    }
}

// Taiwanese Big5 is CP950: 0xA1FE is U+FF0F '／' (in every Taiwanese byline: 記者王小明／台北報導), 0xA145 is '‧'.
// glibc's BIG5-HKSCS alone rejects the one and misreads the other.
TEST_CASE("extract reads a Taiwanese Big5 page whose byline has a full-width slash", "[cli][extract][charset]") {
    const newsarc::test::TempDir dir("newsarc-extract-big5-slash");
    for (const char* page : {"ltn_1.html", "udn_1.html"}) {
        INFO(page);
        const fs::path original = shared_page(page);
        const nlohmann::json expected = extract_json(original);
        REQUIRE(article_text(expected).find("／") != std::string::npos);
        std::size_t fallbacks = 0;
        const fs::path copy = dir / (fs::path(page).stem().string() + ".big5.html");
        write_file(copy, newsarc::test::encode_html(newsarc::test::with_declared_charset(read_file(original), "big5"),
                                                    "BIG5", fallbacks));
        CHECK(extract_json(copy) == expected);
    }
}

TEST_CASE("links reads a GBK copy of a page like the UTF-8 page, without --url", "[cli][links][charset]") {
    const newsarc::test::TempDir dir("newsarc-links-charset");
    const fs::path original = shared_page("toutiao_1.html");
    std::size_t fallbacks = 0;
    const fs::path copy = dir / "toutiao_1.gbk.html";
    write_file(copy, newsarc::test::encode_html(newsarc::test::with_declared_charset(read_file(original), "gbk"),
                                                "GBK", fallbacks));
    const auto expected = run_cli({"links", original.string()});
    INFO(expected.err);
    REQUIRE(expected.exit_code == 0);
    REQUIRE(expected.out.find("\t") != std::string::npos);
    const auto found = run_cli({"links", copy.string()});
    INFO(found.err);
    CHECK(found.exit_code == 0);
    CHECK(found.out == expected.out);
}

TEST_CASE("a saved page re-encoded to UTF-8 that still declares GB2312 is read as UTF-8", "[cli][extract][charset]") {
    // people_1.html says <meta charset=GB2312> but was saved as UTF-8, as many saved pages are.
    const fs::path page = shared_page("people_1.html");
    REQUIRE(read_file(page).find("GB2312") != std::string::npos);
    const auto result = run_cli({"extract", page.string(), "--url", "http://politics.people.com.cn/n1/2019/0907/c1001-31341452.html", "--json"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const nlohmann::json article = nlohmann::json::parse(result.out);
    CHECK(article["status"] == "ok");
    CHECK(article["paragraphs"].size() >= 2);
    CHECK(result.out.find("\xEF\xBF\xBD") == std::string::npos);
}

TEST_CASE("without --url a page that names no URL of its own gets its file: URL", "[cli][extract]") {
    // kepu_1.html has neither a canonical link nor og:url; the plugins only read http(s) pages.
    const fs::path page = shared_page("kepu_1.html");
    const auto alone = run_cli({"extract", page.string()});
    CHECK(alone.exit_code == 1);
    CHECK(alone.err.find("file://" + fs::absolute(page).lexically_normal().string()) != std::string::npos);
    CHECK(alone.err.find("--url") != std::string::npos);
    // An empty --url means the same as none; a real one is used as given.
    const auto empty = run_cli({"extract", page.string(), "--url", ""});
    CHECK(empty.exit_code == 1);
    CHECK(empty.err == alone.err);
    const auto given = run_cli({"extract", page.string(), "--url", "https://www.kepuchina.cn/article/1.html", "--json"});
    INFO(given.err);
    REQUIRE(given.exit_code == 0);
    CHECK(nlohmann::json::parse(given.out)["url"] == "https://www.kepuchina.cn/article/1.html");
}
