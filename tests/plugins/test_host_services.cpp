// Focus: the web tools the host offers plugins (ABI 1.1) and uses itself: the one printed-time parser, the
// curl-based URL functions as plugins get them, HTML entity decoding and fragments on gumbo.
#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "newsarc/web/html_fragment.hpp"
#include "newsarc/web/printed_time.hpp"
#include "newsarc/web/url.hpp"

namespace web = newsarc::web;

TEST_CASE("find_datetime understands the date forms of Chinese news pages", "[plugins][web][time]") {
    CHECK(web::find_datetime("2019-09-07 10:26") == std::optional<std::string>("2019-09-07 10:26"));
    CHECK(web::find_datetime("发布时间：2019/9/7 10:26:03 来源") == std::optional<std::string>("2019-09-07 10:26:03"));
    CHECK(web::find_datetime("2019年09月07日 10:26") == std::optional<std::string>("2019-09-07 10:26"));
    CHECK(web::find_datetime("2019年9月7日10时26分") == std::optional<std::string>("2019-09-07 10:26"));
    CHECK(web::find_datetime("2019.09.07") == std::optional<std::string>("2019-09-07"));
    // China time comes back in the plain form; another offset is kept for the host to convert.
    CHECK(web::find_datetime("2019-09-07T10:26:00+08:00") == std::optional<std::string>("2019-09-07 10:26:00"));
    CHECK(web::find_datetime("2024-05-09T14:30:07.000Z") == std::optional<std::string>("2024-05-09T14:30:07+00:00"));
    CHECK(web::find_datetime("2019年11月25日 16:04:30") == std::optional<std::string>("2019-11-25 16:04:30"));
    CHECK_FALSE(web::find_datetime("no date 12345678 here"));
    CHECK_FALSE(web::find_datetime("2019-13-40"));
    CHECK_FALSE(web::find_datetime("2019-09/07"));
}

TEST_CASE("[issue-16] find_time reads every form a byline prints, and never throws", "[plugins][web][time][issue-16]") {
    // The meta tag that made the generic plugin throw std::out_of_range: minute precision.
    CHECK(web::find_datetime("2024-12-10 01:55") == std::optional<std::string>("2024-12-10 01:55"));
    CHECK(web::find_datetime("2024年5月22日週三 上午8:21") == std::optional<std::string>("2024-05-22 08:21"));
    CHECK(web::find_datetime("下午3:05", {}) == std::nullopt);
    CHECK(web::find_datetime("2024 05/09 22:27:02") == std::optional<std::string>("2024-05-09 22:27:02"));
    CHECK(web::find_datetime("2021-01-20 04:29:4439健康网") == std::optional<std::string>("2021-01-20 04:29:44"));
    CHECK(web::find_datetime("最新更新：2016/03/19 10:48") == std::optional<std::string>("2016-03-19 10:48"));
    web::TimeContext context;
    context.now = *web::unix_from_text("2026-11-23T18:00:00+08:00");
    CHECK(web::find_datetime("09-07 19:02", context) == std::optional<std::string>("2026-09-07 19:02"));
    CHECK(web::find_datetime("12-30 08:00", context) == std::optional<std::string>("2025-12-30 08:00"));
    CHECK(web::find_datetime("昨天 14:05", context) == std::optional<std::string>("2026-11-22 14:05"));
    CHECK(web::find_datetime("3小时前", context) == std::optional<std::string>("2026-11-23 15:00"));
    CHECK(web::find_datetime("刚刚", context) == std::optional<std::string>("2026-11-23 18:00"));
    context.year = 2019;
    CHECK(web::find_datetime("9月7日 19:02", context) == std::optional<std::string>("2019-09-07 19:02"));
    CHECK_FALSE(web::find_datetime("2019-02-30 10:00"));
    CHECK(web::date_from_url("https://news.163.com/19/0907/13/EOF.html")->text() == "2019-09-07");
    CHECK(web::date_from_url("https://news.youth.cn/gn/202405/t20240513_15249693.htm")->text() == "2024-05-13");
    CHECK(web::date_from_url("https://politics.gmw.cn/2024-05/13/content_37319243.htm")->text() == "2024-05-13");
    CHECK_FALSE(web::date_from_url("https://www.sohu.com/a/778336904_120702"));
    // Every prefix of every form: bounds-checked reads, no exception.
    for (const std::string text : {"2024-12-10T01:55:07.123+09:30", "2024年5月22日週三 下午8点21分", "昨天 14:05",
                                   "12-30 08:00", "2024 05/ 09 22:27:02"}) {
        for (std::size_t n = 0; n <= text.size(); ++n) {
            CHECK_NOTHROW(web::find_time(text.substr(0, n), context));
        }
    }
}

TEST_CASE("time_from_unix converts seconds and milliseconds to +08:00", "[plugins][web][time]") {
    CHECK(web::time_from_unix(1581517074)->text() == "2020-02-12 22:17:54");
    CHECK(web::time_from_unix(1581517074000LL)->text() == "2020-02-12 22:17:54");
    CHECK(web::time_from_unix(951782400)->text() == "2000-02-29 08:00:00");
    CHECK_FALSE(web::time_from_unix(0)); // 1970: no news time
}

TEST_CASE("[issue-16] time_from_unix_text reads digit strings without throwing", "[plugins][web][time][issue-16]") {
    CHECK(web::time_from_unix_text("1581517074")->text() == "2020-02-12 22:17:54");
    CHECK(web::time_from_unix_text("1581517074000")->text() == "2020-02-12 22:17:54");
    CHECK_FALSE(web::time_from_unix_text(""));
    CHECK_FALSE(web::time_from_unix_text("12a4"));
    CHECK_FALSE(web::time_from_unix_text("99999999999999999999")); // std::stoll threw here
    CHECK_FALSE(web::time_from_unix_text("42"));                   // 1970: no news time
}

TEST_CASE("[issue-16] relative and yearless times resolve against the fetch time given as text",
          "[plugins][web][time][issue-16]") {
    // What guancha's 风闻 posts print, read the way its plugin now reads them.
    web::TimeContext context;
    context.now = web::unix_from_text("2026-11-23T18:00:00+08:00");
    CHECK(web::find_datetime("刚刚", context) == std::optional<std::string>("2026-11-23 18:00"));
    CHECK(web::find_datetime("5分钟前", context) == std::optional<std::string>("2026-11-23 17:55"));
    CHECK(web::find_datetime("2天前", context) == std::optional<std::string>("2026-11-21 18:00"));
    CHECK(web::find_datetime("前天 09:15", context) == std::optional<std::string>("2026-11-21 09:15"));
    CHECK(web::find_datetime("12-30 08:00", context) == std::optional<std::string>("2025-12-30 08:00"));
    CHECK(web::find_datetime("11-20 08:00", context) == std::optional<std::string>("2026-11-20 08:00"));
}


TEST_CASE("parse_time reads minute-precision meta times and keeps their precision", "[plugins][web][time]") {
    const auto meta = web::find_time("2024-05-01T08:30+08:00");
    REQUIRE(meta);
    CHECK(meta->text() == "2024-05-01 08:30");
    CHECK(meta->iso() == "2024-05-01T08:30:00+08:00");
    CHECK(web::find_datetime("2024-05-01 08:30") == std::optional<std::string>("2024-05-01 08:30"));
    CHECK(web::find_datetime("2024年5月1日 08:30") == std::optional<std::string>("2024-05-01 08:30"));
    CHECK(web::find_time("2024-05-01T08:30:00Z")->iso() == "2024-05-01T08:30:00+00:00");
}

TEST_CASE("a default zone other than China time reads offset-less times in that zone", "[plugins][web][time]") {
    web::TimeContext tokyo;
    tokyo.zone_offset_minutes = 9 * 60;
    const auto time = web::find_time("2024-05-01 08:30", tokyo);
    REQUIRE(time);
    CHECK(time->text() == "2024-05-01T08:30:00+09:00");
    CHECK(time->unix_seconds() == web::find_time("2024-05-01 07:30")->unix_seconds());
    // A stated offset wins over the default zone.
    CHECK(web::find_time("2024-05-01T08:30:00+08:00", tokyo)->text() == "2024-05-01 08:30:00");
}

TEST_CASE("URLs for plugins: resolved and normalized by curl, split with any scheme", "[plugins][web][url]") {
    const web::UrlOptions keep_query{{}};
    const std::string base = "http://a/b/c/d;p?q";
    const std::pair<const char*, const char*> cases[] = {
        {"g", "http://a/b/c/g"},         {"./g", "http://a/b/c/g"},      {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},            {"//g", "http://g/"},           {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},     {"#s", "http://a/b/c/d;p?q"},   {"g#s", "http://a/b/c/g"},
        {"", "http://a/b/c/d;p?q"},      {"..", "http://a/b/"},          {"../g", "http://a/b/g"},
        {"../../../g", "http://a/g"},    {"g/../h", "http://a/b/c/h"},   {"  g\n", "http://a/b/c/g"},
    };
    for (const auto& [reference, expected] : cases) {
        INFO("reference: " << reference);
        const auto resolved = web::resolve_url(base, reference, keep_query);
        REQUIRE(resolved);
        CHECK(resolved.value() == expected);
    }
    CHECK_FALSE(web::resolve_url(base, "javascript:void(0)", keep_query));
    CHECK_FALSE(web::resolve_url(base, "mailto:a@b.c", keep_query));
    CHECK(web::resolve_url("https://www.huxiu.com/article/1.html", "//img.huxiu.com/a.jpg", keep_query).value() ==
          "https://img.huxiu.com/a.jpg");

    const auto parts = web::split_components("HTTPS://User@Api-One.WallstreetCN.com:8443/p/q.html?x=1&y=2#f");
    REQUIRE(parts);
    CHECK(parts.value().scheme == "https");
    CHECK(parts.value().host == "api-one.wallstreetcn.com");
    CHECK(parts.value().port == "8443");
    CHECK(parts.value().path == "/p/q.html");
    CHECK(parts.value().query == "x=1&y=2");
    CHECK(parts.value().fragment == "f");
    CHECK(web::split_components("https://a.com").value().path == "/");
    CHECK_FALSE(web::split_components("https://a.com").value().has_query);
    const auto error = web::split_components("/relative/path");
    REQUIRE_FALSE(error);
    CHECK(error.error().message.find("/relative/path") != std::string::npos);
}

TEST_CASE("HTML entities decode as HTML5 reads text, markup stays", "[plugins][web][html]") {
    CHECK(web::decode_entities("a&amp;b &lt;i&gt; &#x4E2D;&#25991;&nbsp;&hellip;") ==
          "a&b <i> \xE4\xB8\xAD\xE6\x96\x87\xC2\xA0\xE2\x80\xA6");
    CHECK(web::decode_entities("<b>bold</b> &unknown; & alone") == "<b>bold</b> &unknown; & alone");
    CHECK(web::decode_entities("</textarea>&amp;") == "</textarea>&");
    CHECK(web::decode_entities("\nfirst line kept") == "\nfirst line kept");
}

TEST_CASE("HTML fragments split into blocks on gumbo", "[plugins][web][html]") {
    const auto blocks = web::html_blocks(
        "<p class=\"a b\" label=\"L\">One &amp; <b>two</b><p>three<br>four<h2>Head</h2><div><img src=x></div>"
        "<script>no()</script><p> \xE3\x80\x80 </p><p>\xE4\xB8\xAD\n\xE6\x96\x87 a\nb</p>");
    REQUIRE(blocks.size() == 5);
    CHECK(blocks[0].text == "One & two");
    CHECK(blocks[0].tag == "p");
    CHECK(blocks[0].classes == "a b");
    CHECK(blocks[0].label == "L");
    CHECK(blocks[1].text == "three\nfour"); // an open <p> is closed by the next block, as browsers do
    CHECK(blocks[2].tag == "h2");
    CHECK(blocks[3].has_image);
    CHECK(blocks[3].text.empty());
    CHECK(blocks[4].text == "\xE4\xB8\xAD\xE6\x96\x87 a b"); // a line break between CJK characters is nothing

    struct DropAds final : web::BlockFilter {
        bool drop(std::string_view, std::string_view classes) const override { return classes == "ad"; }
    } drop_ads;
    const auto kept = web::html_blocks("<p>a</p><div class=\"ad\"><p>buy</p></div><p>b</p>", &drop_ads);
    REQUIRE(kept.size() == 2);
    CHECK(kept[1].text == "b");
    CHECK(web::html_text("<p>a</p><p>b</p>") == "a\n\nb");
}
