// Focus: job schedules — cron expressions and "every N" intervals, and when each is next due.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>

#include "newsarc/jobs/schedule.hpp"

using newsarc::jobs::Schedule;
using Clock = Schedule::Clock;

namespace {

/// A local time as a time_point (the schedules work in local time; the tests pin TZ to UTC).
Clock::time_point local(int year, int month, int day, int hour, int minute, int second = 0) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    tm.tm_isdst = -1;
    return Clock::from_time_t(std::mktime(&tm));
}

struct UtcZone {
    UtcZone() {
        ::setenv("TZ", "UTC", 1);
        ::tzset();
    }
};

} // namespace

TEST_CASE("every-N schedules add the interval to the previous run", "[jobs][schedule]") {
    const auto schedule = Schedule::parse("every 30m");
    REQUIRE(schedule);
    CHECK(schedule->is_interval());
    const auto start = local(2026, 11, 23, 10, 0);
    CHECK(schedule->next_after(start) == start + std::chrono::minutes(30));
    CHECK(Schedule::parse("every 2h")->interval() == std::chrono::hours(2));
    CHECK(Schedule::parse("every 45s")->interval() == std::chrono::seconds(45));
    CHECK(Schedule::parse("every 1d")->interval() == std::chrono::hours(24));
}

TEST_CASE("cron expressions find the next matching minute", "[jobs][schedule]") {
    const UtcZone utc;
    SECTION("every quarter hour") {
        const auto schedule = Schedule::parse("*/15 * * * *");
        REQUIRE(schedule);
        CHECK(schedule->next_after(local(2026, 11, 23, 10, 7, 30)) == local(2026, 11, 23, 10, 15));
        CHECK(schedule->next_after(local(2026, 11, 23, 10, 15)) == local(2026, 11, 23, 10, 30));
        CHECK(schedule->next_after(local(2026, 11, 23, 23, 59)) == local(2026, 11, 24, 0, 0));
    }
    SECTION("weekday mornings") {
        const auto schedule = Schedule::parse("30 6 * * mon-fri");
        REQUIRE(schedule);
        // 2026-11-27 is a Friday; the next run after Friday 07:00 is Monday 06:30.
        CHECK(schedule->next_after(local(2026, 11, 27, 7, 0)) == local(2026, 11, 30, 6, 30));
    }
    SECTION("day of month or day of week, as in cron") {
        const auto schedule = Schedule::parse("0 0 13 * 5");
        REQUIRE(schedule);
        // 2026-11-23 (Mon): next is Friday 2026-11-27, before the 13th of December.
        CHECK(schedule->next_after(local(2026, 11, 23, 12, 0)) == local(2026, 11, 27, 0, 0));
    }
    SECTION("lists, ranges with steps and month names") {
        const auto schedule = Schedule::parse("5,35 8-18/5 1 feb,mar *");
        REQUIRE(schedule);
        CHECK(schedule->next_after(local(2026, 11, 23, 0, 0)) == local(2027, 2, 1, 8, 5));
        CHECK(schedule->next_after(local(2027, 2, 1, 8, 5)) == local(2027, 2, 1, 8, 35));
        CHECK(schedule->next_after(local(2027, 2, 1, 8, 35)) == local(2027, 2, 1, 13, 5));
    }
    SECTION("February 29th is found years ahead") {
        const auto schedule = Schedule::parse("0 12 29 2 *");
        REQUIRE(schedule);
        CHECK(schedule->next_after(local(2026, 11, 23, 0, 0)) == local(2028, 2, 29, 12, 0));
    }
}

TEST_CASE("bad schedules are refused with the field and value named", "[jobs][schedule]") {
    const auto check_error = [](const char* text, const char* expected_part) {
        const auto schedule = Schedule::parse(text);
        REQUIRE_FALSE(schedule);
        INFO(schedule.error().message);
        CHECK(schedule.error().message.find(expected_part) != std::string::npos);
    };
    check_error("61 * * * *", "minute");
    check_error("* 24 * * *", "hour");
    check_error("* * 0 * *", "day-of-month");
    check_error("* * * 13 *", "month");
    check_error("* * * * funday", "day-of-week");
    check_error("*/0 * * * *", "step");
    check_error("* * * *", "5 fields");
    check_error("every 10x", "unit 'x'");
    check_error("every soon", "every N");
}

TEST_CASE("a job file's schedule that does not parse fails with the file, line and column", "[jobs][schedule]") {
    const std::string toml = "name = \"news\"\nseeds = [\"http://a.test/\"]\nschedule = \"61 * * * *\"\n";
    const auto job = newsarc::crawl::parse_job_config(toml, "news.toml");
    try {
        newsarc::jobs::check_schedule(job);
        FAIL("a minute of 61 was accepted");
    } catch (const newsarc::Failure& failure) {
        CHECK(failure.exit_code() == 2);
        CHECK_THAT(failure.what(), Catch::StartsWith("news.toml:3:12: 'schedule' = \"61 * * * *\": "));
    }
    newsarc::jobs::check_schedule(newsarc::crawl::parse_job_config(
        "name = \"news\"\nseeds = [\"http://a.test/\"]\nschedule = \"every 30m\"\n", "news.toml"));
}
