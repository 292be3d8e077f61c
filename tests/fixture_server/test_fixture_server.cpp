// Focus: the fixture web server behind the offline demo — real host names over HTTPS with a generated CA,
// files looked up by host, path, query and POST body, edits visible at once, nothing served outside the folder.
#include <catch2/catch.hpp>

#include <curl/curl.h>

#include <atomic>
#include <fstream>
#include <string>

#include "newsarc/fixture_server/fixture_server.hpp"
#include "support/temp_dir.hpp"
#include "support/tls_certificates.hpp"

namespace {

struct Fetched {
    long status = 0;
    std::string body;
    std::string content_type;
    CURLcode code = CURLE_OK;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

/// Fetches `url` the way the crawler will: the real host name, mapped to 127.0.0.1:port, TLS verified
/// against `ca_file`.
Fetched fetch(const std::string& url, std::uint16_t port, const std::string& ca_file, const std::string& post = "") {
    Fetched result;
    CURL* curl = curl_easy_init();
    const std::string host = url.substr(url.find("://") + 3, url.find('/', url.find("://") + 3) - url.find("://") - 3);
    const std::string mapping = host + ":443:127.0.0.1:" + std::to_string(port);
    curl_slist* connect_to = curl_slist_append(nullptr, mapping.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECT_TO, connect_to);
    curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
    // Send "/../x" as written, so the server's own check is what keeps it inside the folder.
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
    if (!post.empty()) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post.c_str());
    }
    result.code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
    char* type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
    result.content_type = type != nullptr ? type : "";
    curl_slist_free_all(connect_to);
    curl_easy_cleanup(curl);
    return result;
}

void write(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

} // namespace

TEST_CASE("the fixture server answers real host names over verified TLS", "[fixture_server]") {
    const newsarc::test::TempDir dir("fixtures");
    const auto root = dir / "web";
    write(root / "www.guancha.cn/index.html", "<html>home</html>");
    write(root / "www.guancha.cn/internet/2023_03_22_1.shtml", "<html>article one</html>");
    write(root / "api-one-wscn.awtmt.com/apiv1/content/information-flow?channel=global&cursor=",
          "{\"code\":20000,\"page\":1}");
    write(root / "api-one-wscn.awtmt.com/apiv1/content/information-flow?channel=global&cursor=abc",
          "{\"code\":20000,\"page\":2}");
    write(root / "www.guancha.cn/api/list?page=2", "{\"posted\":true}");
    write(root / "www.guancha.cn/gone.shtml", "<html>removed</html>");
    write(root / "www.guancha.cn/gone.shtml.status", "410\n");
    write(dir / "secret.txt", "outside the served folder");
    newsarc::test::make_tls_certificates(dir.path(), {"www.guancha.cn", "api-one-wscn.awtmt.com"});

    newsarc::fixture_server::ServerOptions options;
    options.root = root;
    options.cert_file = dir / "server.pem";
    options.key_file = dir / "server.key";
    std::atomic<int> served{0}; // counted on the server thread
    options.on_request = [&](const std::string&, const std::string&, const std::string&, int) { ++served; };
    newsarc::fixture_server::Server server(options);
    REQUIRE(server.port() != 0);
    const std::string ca = (dir / "ca.pem").string();

    SECTION("paths, index pages and content types") {
        auto home = fetch("https://www.guancha.cn/", server.port(), ca);
        REQUIRE(home.code == CURLE_OK);
        CHECK(home.status == 200);
        CHECK(home.body == "<html>home</html>");
        CHECK(home.content_type.find("text/html") == 0);
        auto article = fetch("https://www.guancha.cn/internet/2023_03_22_1.shtml", server.port(), ca);
        CHECK(article.body == "<html>article one</html>");
        CHECK(served == 2);
    }
    SECTION("queries and POST bodies select files; JSON is labelled as JSON") {
        auto first = fetch("https://api-one-wscn.awtmt.com/apiv1/content/information-flow?channel=global&cursor=",
                           server.port(), ca);
        CHECK(first.body == "{\"code\":20000,\"page\":1}");
        CHECK(first.content_type.find("application/json") == 0);
        auto second = fetch("https://api-one-wscn.awtmt.com/apiv1/content/information-flow?channel=global&cursor=abc",
                            server.port(), ca);
        CHECK(second.body == "{\"code\":20000,\"page\":2}");
        auto posted = fetch("https://www.guancha.cn/api/list", server.port(), ca, "page=2");
        CHECK(posted.body == "{\"posted\":true}");
    }
    SECTION("missing files are 404, .status files set the status, edits show at once") {
        CHECK(fetch("https://www.guancha.cn/nothing.shtml", server.port(), ca).status == 404);
        CHECK(fetch("https://www.guancha.cn/gone.shtml", server.port(), ca).status == 410);
        write(root / "www.guancha.cn/internet/2023_03_22_1.shtml", "<html>article one, edited</html>");
        CHECK(fetch("https://www.guancha.cn/internet/2023_03_22_1.shtml", server.port(), ca).body ==
              "<html>article one, edited</html>");
    }
    SECTION("nothing outside the folder is served") {
        auto escaped = fetch("https://www.guancha.cn/../../secret.txt", server.port(), ca);
        CHECK(escaped.status == 404);
        CHECK(escaped.body.find("outside the served folder") == std::string::npos);
    }
    SECTION("a client that does not trust the CA is refused by its own verification") {
        const auto other = dir / "other";
        std::filesystem::create_directories(other);
        newsarc::test::make_tls_certificates(other, {"www.guancha.cn", "api-one-wscn.awtmt.com"});
        auto untrusted = fetch("https://www.guancha.cn/", server.port(), (other / "ca.pem").string());
        CHECK(untrusted.code == CURLE_PEER_FAILED_VERIFICATION);
    }
    server.stop();
}

TEST_CASE("the fixture server refuses a missing folder or an unusable certificate", "[fixture_server]") {
    const newsarc::test::TempDir dir("fixtures-bad");
    newsarc::fixture_server::ServerOptions missing;
    missing.root = dir / "no-such-folder";
    CHECK_THROWS_WITH(newsarc::fixture_server::Server(missing), Catch::Contains("no-such-folder"));

    newsarc::fixture_server::ServerOptions bad_cert;
    bad_cert.root = dir.path();
    bad_cert.cert_file = dir / "missing.pem";
    bad_cert.key_file = dir / "missing.key";
    CHECK_THROWS_WITH(newsarc::fixture_server::Server(bad_cert), Catch::Contains("missing.pem"));
}
