// Focus: the declarative reader's time format inferred from a printed time (core/sitegen time_format).
#include <catch2/catch.hpp>

#include "newsarc/sitegen/time_format.hpp"

using newsarc::sitegen::time_format_of;

TEST_CASE("time formats from printed times", "[plugins][sitegen][issue-22]") {
    CHECK(time_format_of("2024年05月10日 00:26") == "%Y年%m月%d日 %H:%M");
    CHECK(time_format_of("2019-09-09 19:32:27") == "%Y-%m-%d %H:%M:%S");
    CHECK(time_format_of("2024/5/9  8:05") == "%Y/%m/%d %H:%M");
    CHECK(time_format_of("2016年05月25日10:10") == "%Y年%m月%d日%H:%M");
    CHECK(time_format_of("2024-05-13") == "%Y-%m-%d");
}

TEST_CASE("no time format where the reader should find the time itself", "[plugins][sitegen][issue-22]") {
    CHECK(time_format_of("2024-05-01T08:30:00+08:00").empty()); // an offset
    CHECK(time_format_of("05-10 08:30").empty());               // no year first
    CHECK(time_format_of("2024-05").empty());                   // not a date
    CHECK(time_format_of("发布于 2024-05-10").empty());           // text before the year
    CHECK(time_format_of("").empty());
}
