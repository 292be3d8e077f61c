// When a job runs: a 5-field cron expression ("*/15 6-23 * * 1-5") or an interval ("every 30m").
#pragma once
#include <bitset>
#include <chrono>
#include <string>
#include <string_view>

#include "newsarc/base/result.hpp"
#include "newsarc/crawl/job_config.hpp"

namespace newsarc::jobs {

/// A parsed schedule. Cron fields are minute, hour, day of month, month, day of week (0 or 7 = Sunday), each
/// `*`, a number, a range `a-b`, a step `*/n` or `a-b/n`, or a comma list of those; month and weekday names
/// (jan, mon, ...) are accepted. As in cron, when both day fields are restricted a day matching either runs.
/// Cron times are in the machine's local time zone. An interval is "every N{s,m,h,d}" counted from the
/// previous run (or from start-up).
class Schedule {
public:
    using Clock = std::chrono::system_clock;

    /// Parses `text`; the error names the field and the value at fault.
    static Result<Schedule> parse(std::string_view text);

    /// The first time strictly after `after` at which the job is due.
    [[nodiscard]] Clock::time_point next_after(Clock::time_point after) const;

    [[nodiscard]] bool is_interval() const noexcept { return interval_.count() > 0; }
    [[nodiscard]] std::chrono::seconds interval() const noexcept { return interval_; }
    [[nodiscard]] const std::string& text() const noexcept { return text_; }

private:
    Schedule() = default;

    std::string text_;
    std::chrono::seconds interval_{0};
    std::bitset<60> minutes_;
    std::bitset<24> hours_;
    std::bitset<32> days_of_month_; // 1..31
    std::bitset<13> months_;        // 1..12
    std::bitset<7> days_of_week_;   // 0..6, Sunday = 0
    bool day_of_month_restricted_ = false;
    bool day_of_week_restricted_ = false;
};

/// Throws a usage failure naming the file, line and column when `job` has a schedule that does not parse
/// (`newsarc crawl` and `newsarc daemon` check every job file they load).
void check_schedule(const crawl::JobConfig& job);

} // namespace newsarc::jobs
