// Focus: the header-only SDK helpers plugins rely on: RFC 3986 resolution, query parameters, percent
// coding, dates, trimming and embedded JSON.
#include <catch2/catch.hpp>

#include "newsarc/plugin.hpp"

namespace sdk = newsarc::sdk;
namespace url = newsarc::sdk::url;

TEST_CASE("resolve follows RFC 3986 section 5.4 normal examples", "[plugins][sdk][url]") {
    const std::string base = "http://a/b/c/d;p?q";
    const std::pair<const char*, const char*> cases[] = {
        {"g:h", "g:h"},          {"g", "http://a/b/c/g"},          {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"}, {"/g", "http://a/g"},           {"//g", "http://g"},
        {"?y", "http://a/b/c/d;p?y"}, {"g?y", "http://a/b/c/g?y"}, {"#s", "http://a/b/c/d;p?q#s"},
        {"g#s", "http://a/b/c/g#s"}, {"g?y#s", "http://a/b/c/g?y#s"}, {";x", "http://a/b/c/;x"},
        {"g;x", "http://a/b/c/g;x"}, {"g;x?y#s", "http://a/b/c/g;x?y#s"}, {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"},  {"./", "http://a/b/c/"},          {"..", "http://a/b/"},
        {"../", "http://a/b/"},  {"../g", "http://a/b/g"},         {"../..", "http://a/"},
        {"../../", "http://a/"}, {"../../g", "http://a/g"},
    };
    for (const auto& [reference, expected] : cases) {
        INFO("reference: " << reference);
        CHECK(url::resolve(base, reference) == expected);
    }
}

TEST_CASE("resolve follows RFC 3986 section 5.4 abnormal examples", "[plugins][sdk][url]") {
    const std::string base = "http://a/b/c/d;p?q";
    const std::pair<const char*, const char*> cases[] = {
        {"../../../g", "http://a/g"}, {"../../../../g", "http://a/g"}, {"/./g", "http://a/g"},
        {"/../g", "http://a/g"},      {"g.", "http://a/b/c/g."},        {".g", "http://a/b/c/.g"},
        {"g..", "http://a/b/c/g.."},  {"..g", "http://a/b/c/..g"},      {"./../g", "http://a/b/g"},
        {"./g/.", "http://a/b/c/g/"}, {"g/./h", "http://a/b/c/g/h"},    {"g/../h", "http://a/b/c/h"},
        {"g;x=1/./y", "http://a/b/c/g;x=1/y"}, {"g;x=1/../y", "http://a/b/c/y"},
        {"g?y/./x", "http://a/b/c/g?y/./x"}, {"g?y/../x", "http://a/b/c/g?y/../x"},
        {"g#s/./x", "http://a/b/c/g#s/./x"}, {"g#s/../x", "http://a/b/c/g#s/../x"}, {"http:g", "http:g"},
    };
    for (const auto& [reference, expected] : cases) {
        INFO("reference: " << reference);
        CHECK(url::resolve(base, reference) == expected);
    }
}

TEST_CASE("resolve trims hrefs and handles host-only bases", "[plugins][sdk][url]") {
    CHECK(url::resolve("https://www.guancha.cn", "  internation/2019_09_07_516891.shtml\n") ==
          "https://www.guancha.cn/internation/2019_09_07_516891.shtml");
    CHECK(url::resolve("https://www.huxiu.com/article/1.html", "//img.huxiu.com/a.jpg") == "https://img.huxiu.com/a.jpg");
}

TEST_CASE("URL parts, query parameters and percent coding", "[plugins][sdk][url]") {
    CHECK(url::host("https://User@Api-One.WallstreetCN.com:443/x") == "api-one.wallstreetcn.com");
    CHECK(url::scheme("HTTPS://x") == "https");
    CHECK(url::path("https://a.com/p/q.html?x=1#f") == "/p/q.html");
    CHECK(url::query("https://a.com/p?x=1&y=2#f") == "x=1&y=2");
    CHECK(url::query_param("https://a.com/?id=5&page=0", "page") == std::optional<std::string>("0"));
    CHECK(url::query_param("https://a.com/?q=%E4%B8%AD+%E6%96%87", "q") == std::optional<std::string>("中 文"));
    CHECK(url::query_param("https://a.com/?flag&x=1", "flag") == std::optional<std::string>(""));
    CHECK_FALSE(url::query_param("https://a.com/?x=1", "y"));
    CHECK(url::set_query_param("https://a.com/p?id=1&page=3&page=4#top", "page", "0") ==
          "https://a.com/p?id=1&page=0#top");
    CHECK(url::set_query_param("https://a.com/p", "q", "中 文") == "https://a.com/p?q=%E4%B8%AD%20%E6%96%87");
    CHECK(url::remove_query_param("https://a.com/p?s=sywglbt", "s") == "https://a.com/p");
    CHECK(url::remove_query_param("https://a.com/p?a=1&s=x&b=2", "s") == "https://a.com/p?a=1&b=2");
    CHECK(url::percent_decode("a%2Fb%zz%4") == "a/b%zz%4");
    CHECK(url::percent_encode("a b/中") == "a%20b%2F%E4%B8%AD");
    CHECK(url::is_http("https://x.cn/"));
    CHECK_FALSE(url::is_http("javascript:void(0)"));
    CHECK_FALSE(url::is_http("mailto:a@b.c"));
    CHECK(url::host_in("news.qq.com", "qq.com"));
    CHECK_FALSE(url::host_in("newsqq.com", "qq.com"));
}

TEST_CASE("find_datetime understands the date forms of Chinese news pages", "[plugins][sdk][date]") {
    CHECK(sdk::find_datetime("2019-09-07 10:26") == std::optional<std::string>("2019-09-07 10:26"));
    CHECK(sdk::find_datetime("发布时间：2019/9/7 10:26:03 来源") == std::optional<std::string>("2019-09-07 10:26:03"));
    CHECK(sdk::find_datetime("2019年09月07日 10:26") == std::optional<std::string>("2019-09-07 10:26"));
    CHECK(sdk::find_datetime("2019年9月7日10时26分") == std::optional<std::string>("2019-09-07 10:26"));
    CHECK(sdk::find_datetime("2019.09.07") == std::optional<std::string>("2019-09-07"));
    // China time comes back in the plain form; another offset is kept for the host to convert.
    CHECK(sdk::find_datetime("2019-09-07T10:26:00+08:00") == std::optional<std::string>("2019-09-07 10:26:00"));
    CHECK(sdk::find_datetime("2024-05-09T14:30:07.000Z") == std::optional<std::string>("2024-05-09T14:30:07+00:00"));
    CHECK(sdk::find_datetime("2019年11月25日 16:04:30") == std::optional<std::string>("2019-11-25 16:04:30"));
    CHECK_FALSE(sdk::find_datetime("no date 12345678 here"));
    CHECK_FALSE(sdk::find_datetime("2019-13-40"));
    CHECK_FALSE(sdk::find_datetime("2019-09/07"));
}

TEST_CASE("[issue-16] find_time reads every form a byline prints, and never throws", "[plugins][sdk][date][issue-16]") {
    // The meta tag that made the generic plugin throw std::out_of_range: minute precision.
    CHECK(sdk::find_datetime("2024-12-10 01:55") == std::optional<std::string>("2024-12-10 01:55"));
    CHECK(sdk::find_datetime("2024年5月22日週三 上午8:21") == std::optional<std::string>("2024-05-22 08:21"));
    CHECK(sdk::find_datetime("下午3:05", {}) == std::nullopt);
    CHECK(sdk::find_datetime("2024 05/09 22:27:02") == std::optional<std::string>("2024-05-09 22:27:02"));
    CHECK(sdk::find_datetime("2021-01-20 04:29:4439健康网") == std::optional<std::string>("2021-01-20 04:29:44"));
    CHECK(sdk::find_datetime("最新更新：2016/03/19 10:48") == std::optional<std::string>("2016-03-19 10:48"));
    sdk::TimeContext context;
    context.now = *sdk::unix_from_text("2026-11-23T18:00:00+08:00");
    CHECK(sdk::find_datetime("09-07 19:02", context) == std::optional<std::string>("2026-09-07 19:02"));
    CHECK(sdk::find_datetime("12-30 08:00", context) == std::optional<std::string>("2025-12-30 08:00"));
    CHECK(sdk::find_datetime("昨天 14:05", context) == std::optional<std::string>("2026-11-22 14:05"));
    CHECK(sdk::find_datetime("3小时前", context) == std::optional<std::string>("2026-11-23 15:00"));
    CHECK(sdk::find_datetime("刚刚", context) == std::optional<std::string>("2026-11-23 18:00"));
    context.year = 2019;
    CHECK(sdk::find_datetime("9月7日 19:02", context) == std::optional<std::string>("2019-09-07 19:02"));
    CHECK_FALSE(sdk::find_datetime("2019-02-30 10:00"));
    CHECK(sdk::date_from_url("https://news.163.com/19/0907/13/EOF.html")->text() == "2019-09-07");
    CHECK(sdk::date_from_url("https://news.youth.cn/gn/202405/t20240513_15249693.htm")->text() == "2024-05-13");
    CHECK(sdk::date_from_url("https://politics.gmw.cn/2024-05/13/content_37319243.htm")->text() == "2024-05-13");
    CHECK_FALSE(sdk::date_from_url("https://www.sohu.com/a/778336904_120702"));
    // Every prefix of every form: bounds-checked reads, no exception.
    for (const std::string text : {"2024-12-10T01:55:07.123+09:30", "2024年5月22日週三 下午8点21分", "昨天 14:05",
                                   "12-30 08:00", "2024 05/ 09 22:27:02"}) {
        for (std::size_t n = 0; n <= text.size(); ++n) {
            CHECK_NOTHROW(sdk::find_time(text.substr(0, n), context));
        }
    }
}

TEST_CASE("china_time_from_unix converts seconds and milliseconds to +08:00", "[plugins][sdk][date]") {
    CHECK(sdk::china_time_from_unix(0) == "1970-01-01 08:00:00");
    CHECK(sdk::china_time_from_unix(1581517074) == "2020-02-12 22:17:54");
    CHECK(sdk::china_time_from_unix(1581517074000LL) == "2020-02-12 22:17:54");
    CHECK(sdk::china_time_from_unix(951782400) == "2000-02-29 08:00:00");
}

TEST_CASE("[issue-16] time_from_unix_text reads digit strings without throwing", "[plugins][sdk][date][issue-16]") {
    CHECK(sdk::time_from_unix_text("1581517074")->text() == "2020-02-12 22:17:54");
    CHECK(sdk::time_from_unix_text("1581517074000")->text() == "2020-02-12 22:17:54");
    CHECK_FALSE(sdk::time_from_unix_text(""));
    CHECK_FALSE(sdk::time_from_unix_text("12a4"));
    CHECK_FALSE(sdk::time_from_unix_text("99999999999999999999")); // std::stoll threw here
    CHECK_FALSE(sdk::time_from_unix_text("42"));                   // 1970: no news time
}

TEST_CASE("[issue-16] relative and yearless times resolve against the fetch time given as text",
          "[plugins][sdk][date][issue-16]") {
    // What guancha's 风闻 posts print, read the way its plugin now reads them.
    sdk::TimeContext context;
    context.now = sdk::unix_from_text("2026-11-23T18:00:00+08:00");
    CHECK(sdk::find_datetime("刚刚", context) == std::optional<std::string>("2026-11-23 18:00"));
    CHECK(sdk::find_datetime("5分钟前", context) == std::optional<std::string>("2026-11-23 17:55"));
    CHECK(sdk::find_datetime("2天前", context) == std::optional<std::string>("2026-11-21 18:00"));
    CHECK(sdk::find_datetime("前天 09:15", context) == std::optional<std::string>("2026-11-21 09:15"));
    CHECK(sdk::find_datetime("12-30 08:00", context) == std::optional<std::string>("2025-12-30 08:00"));
    CHECK(sdk::find_datetime("11-20 08:00", context) == std::optional<std::string>("2026-11-20 08:00"));
}

TEST_CASE("trim and collapse_space know full-width and no-break spaces", "[plugins][sdk]") {
    CHECK(sdk::trim("\xe3\x80\x80 a b\xc2\xa0\n") == "a b");
    CHECK(sdk::trim("   ").empty());
    CHECK(sdk::collapse_space("  a \n\t b  ") == "a b");
    CHECK(sdk::split_trimmed("a\n\n\n\nb\n\n ", "\n\n") == std::vector<std::string_view>{"a", "b"});
}

TEST_CASE("json_after finds the state object after a marker", "[plugins][sdk][json]") {
    const std::string script = R"(var x = 1; window.__INITIAL_STATE__ = {"a": {"b": "}]\"x"}, "n": [1, 2]}; f();)";
    const auto state = sdk::json_after(script, "window.__INITIAL_STATE__");
    REQUIRE(state);
    CHECK((*state)["a"]["b"] == "}]\"x");
    CHECK((*state)["n"].size() == 2);
    CHECK_FALSE(sdk::json_after(script, "window.__MISSING__"));
    CHECK_FALSE(sdk::json_after("window.S = {unterminated", "window.S"));
    CHECK_FALSE(sdk::json_after("window.S = call({a: 1})", "window.S"));
}
