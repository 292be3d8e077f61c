// Focus: block pages. A JavaScript challenge (加速乐's __jsl_clearance, answered 521) or a short verification page
// served with 200 is recorded as `blocked` with its reason, retried after a pause of the whole host, and never
// archived as the page; an article that only talks about captchas is an article.
#include <catch2/catch.hpp>

#include <algorithm>

#include "crawl_support.hpp"

using namespace newsarc::test;
using namespace std::chrono_literals;

namespace {

const char* const kJslChallenge =
    "<html><script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')+('e')+('a')+('r')+('a')+('n')+"
    "('c')+('e')+('=1700000000.123|0|abc')+';max-age=3600;path=/';document.cookie='__jsl_clearance=1700000000';"
    "location.href=location.pathname+location.search</script></html>";

const char* const kVerification =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>访问验证</title></head><body><div class=\"box\">"
    "<p>您的访问过于频繁，请输入验证码后继续访问。</p><img src=\"/captcha.png\"><input name=\"code\">"
    "<button>提交</button></div></body></html>";

std::string article_about_captchas() {
    std::string html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>验证码的二十年</title></head><body>"
                       "<h1>验证码的二十年</h1>";
    for (int i = 0; i < 8; ++i) {
        html += "<p>从扭曲的字母到拖动滑块，网站用各种人机验证区分用户和机器人。研究者发现，大模型已经能够识别大多数"
                "图形验证码，请输入验证码这样的提示正在被行为分析取代，安全验证也越来越依赖设备指纹。</p>";
    }
    return html + "</body></html>";
}

} // namespace

TEST_CASE("block pages are recorded as blocked, retried after a pause, never archived as the page",
          "[crawl][blocked]") {
    TempDir dir("newsarc-blocked");
    RouteTable routes;
    routes.add("a.test", "/", HttpReply::text(200, html_page("home", {"/jsl", "/verify", "/story"})));
    routes.add("a.test", "/jsl", HttpReply::text(521, kJslChallenge));
    routes.add("a.test", "/verify", HttpReply::text(200, kVerification));
    routes.add("a.test", "/story", HttpReply::text(200, article_about_captchas()));
    HttpServer server(routes.handler());
    const auto archive = dir / "a.db";
    const auto stats = run_job(job_toml(server, {"a.test"}, {"http://a.test/"}, archive,
                                        {{"network.retries", "1"}, {"network.retry_base_ms", "200"},
                                         {"politeness.per_host", "1"}}));
    CHECK(stats.finished);
    CHECK(stats.by_outcome.at("blocked") == 2);
    for (const std::string path : {"/jsl", "/verify"}) {
        INFO(path);
        const auto rows = fetch_log_for(archive, "http://a.test" + path);
        REQUIRE(rows.size() == 2); // retried once, then given up
        CHECK(rows[0].outcome == "blocked");
        CHECK(rows[1].outcome == "blocked");
        CHECK(hits(server, "a.test", path) == 2);
        CHECK(capture_count(archive, "http://a.test" + path) == 0);
    }
    CHECK_THAT(fetch_log_for(archive, "http://a.test/jsl").back().detail, Catch::Contains("__jsl_clearance"));
    CHECK_THAT(fetch_log_for(archive, "http://a.test/verify").back().detail, Catch::Contains("验证"));
    // The host paused after a block page: no request to a.test in the ~100 ms after one (the backoff is 0.5 to
    // 1.5 times retry_base_ms).
    const auto log = server.log();
    for (std::size_t i = 0; i + 1 < log.size(); ++i) {
        const std::string target = log[i].request.target;
        if (target == "/jsl" || target == "/verify") {
            INFO(target << " then " << log[i + 1].request.target);
            CHECK(log[i + 1].received - log[i].received >= 100ms - 50ms);
        }
    }
    const auto story = fetch_log_for(archive, "http://a.test/story");
    REQUIRE(story.size() == 1);
    CHECK(story[0].outcome == "ok");
    CHECK(capture_count(archive, "http://a.test/story") == 1);
}
