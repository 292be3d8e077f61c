// Parsing of cron and interval schedules, and the search for the next due time.
#include "newsarc/jobs/schedule.hpp"

#include <array>
#include <charconv>
#include <ctime>
#include <optional>
#include <vector>

namespace newsarc::jobs {
namespace {

struct FieldSpec {
    const char* name;
    int low;
    int high;
    const std::array<const char*, 12>* names; // names[i] stands for low + i (months) or i (weekdays)
};

constexpr std::array<const char*, 12> kMonthNames = {"jan", "feb", "mar", "apr", "may", "jun",
                                                     "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<const char*, 12> kWeekdayNames = {"sun", "mon", "tue", "wed", "thu", "fri", "sat",
                                                       nullptr, nullptr, nullptr, nullptr, nullptr};

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) {
            return parts;
        }
        start = end + 1;
    }
}

std::vector<std::string_view> split_spaces(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
            ++i;
        }
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t') {
            ++i;
        }
        if (i > start) {
            parts.push_back(text.substr(start, i - start));
        }
    }
    return parts;
}

std::optional<int> parse_number(std::string_view text, const FieldSpec& spec) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size() && !text.empty()) {
        return value;
    }
    if (spec.names != nullptr && text.size() == 3) {
        std::string lower(text);
        for (char& c : lower) {
            c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        for (std::size_t i = 0; i < spec.names->size(); ++i) {
            const char* name = (*spec.names)[i];
            if (name != nullptr && lower == name) {
                return spec.names == &kMonthNames ? static_cast<int>(i) + 1 : static_cast<int>(i);
            }
        }
    }
    return std::nullopt;
}

/// Sets the bits of one cron field; returns an error message or an empty string.
template <std::size_t N>
std::string parse_field(std::string_view field, const FieldSpec& spec, std::bitset<N>& bits, bool& restricted) {
    restricted = field != "*";
    for (const std::string_view item : split(field, ',')) {
        std::string_view range = item;
        int step = 1;
        if (const std::size_t slash = item.find('/'); slash != std::string_view::npos) {
            range = item.substr(0, slash);
            const std::string_view step_text = item.substr(slash + 1);
            const auto [end, error] = std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
            if (error != std::errc() || end != step_text.data() + step_text.size() || step <= 0) {
                return "step '" + std::string(step_text) + "' is not a positive number";
            }
        }
        int first = spec.low;
        int last = spec.high;
        if (range != "*") {
            const std::size_t dash = range.find('-');
            const auto low = parse_number(range.substr(0, dash), spec);
            if (!low) {
                return "'" + std::string(item) + "' is not a number, range or name";
            }
            first = *low;
            last = *low;
            if (dash != std::string_view::npos) {
                const auto high = parse_number(range.substr(dash + 1), spec);
                if (!high) {
                    return "'" + std::string(item) + "' is not a valid range";
                }
                last = *high;
            } else if (item.find('/') != std::string_view::npos) {
                last = spec.high; // "5/15" means from 5 to the end in steps of 15
            }
        }
        // Day of week 7 is Sunday, as in Vixie cron.
        const int high_allowed = spec.names == &kWeekdayNames ? 7 : spec.high;
        if (first < spec.low || last > high_allowed || first > last) {
            return "'" + std::string(item) + "' is outside " + std::to_string(spec.low) + "-" +
                   std::to_string(high_allowed);
        }
        for (int value = first; value <= last; value += step) {
            bits.set(static_cast<std::size_t>(spec.names == &kWeekdayNames ? value % 7 : value));
        }
    }
    return {};
}

Result<std::chrono::seconds> parse_interval(std::string_view text) {
    // "every 30m", "every 2h", "every 45s", "every 1d"
    std::string_view rest = text.substr(6);
    while (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
    }
    long long amount = 0;
    const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), amount);
    const std::string_view unit = rest.substr(static_cast<std::size_t>(end - rest.data()));
    if (error != std::errc() || amount <= 0) {
        return make_error("schedule '" + std::string(text) + "': expected 'every N' followed by s, m, h or d");
    }
    long long factor = 0;
    if (unit == "s") {
        factor = 1;
    } else if (unit == "m") {
        factor = 60;
    } else if (unit == "h") {
        factor = 3600;
    } else if (unit == "d") {
        factor = 86400;
    } else {
        return make_error("schedule '" + std::string(text) + "': unit '" + std::string(unit) +
                          "' is not one of s, m, h, d");
    }
    return std::chrono::seconds(amount * factor);
}

} // namespace

Result<Schedule> Schedule::parse(std::string_view text) {
    Schedule schedule;
    schedule.text_ = std::string(text);
    if (text.rfind("every ", 0) == 0) {
        auto interval = parse_interval(text);
        if (!interval) {
            return interval.error();
        }
        schedule.interval_ = *interval;
        return schedule;
    }
    const auto fields = split_spaces(text);
    if (fields.size() != 5) {
        return make_error("schedule '" + std::string(text) + "': a cron expression has 5 fields (minute hour "
                          "day-of-month month day-of-week), found " + std::to_string(fields.size()));
    }
    static const FieldSpec minute{"minute", 0, 59, nullptr};
    static const FieldSpec hour{"hour", 0, 23, nullptr};
    static const FieldSpec day_of_month{"day-of-month", 1, 31, nullptr};
    static const FieldSpec month{"month", 1, 12, &kMonthNames};
    static const FieldSpec day_of_week{"day-of-week", 0, 6, &kWeekdayNames};
    bool unused = false;
    std::string problem;
    const auto fail = [&](const FieldSpec& spec) {
        return make_error("schedule '" + std::string(text) + "': " + spec.name + " field: " + problem);
    };
    if (problem = parse_field(fields[0], minute, schedule.minutes_, unused); !problem.empty()) {
        return fail(minute);
    }
    if (problem = parse_field(fields[1], hour, schedule.hours_, unused); !problem.empty()) {
        return fail(hour);
    }
    if (problem = parse_field(fields[2], day_of_month, schedule.days_of_month_, schedule.day_of_month_restricted_);
        !problem.empty()) {
        return fail(day_of_month);
    }
    if (problem = parse_field(fields[3], month, schedule.months_, unused); !problem.empty()) {
        return fail(month);
    }
    if (problem = parse_field(fields[4], day_of_week, schedule.days_of_week_, schedule.day_of_week_restricted_);
        !problem.empty()) {
        return fail(day_of_week);
    }
    return schedule;
}

Schedule::Clock::time_point Schedule::next_after(Clock::time_point after) const {
    if (is_interval()) {
        return after + interval_;
    }
    // Walk minute by minute in local time, skipping whole hours and days that cannot match. Bounded: a
    // valid expression matches within 4 years (Feb 29), i.e. at most ~1500 day steps.
    std::time_t t = Clock::to_time_t(after) + 60;
    std::tm local{};
    localtime_r(&t, &local);
    local.tm_sec = 0;
    for (int guard = 0; guard < 400000; ++guard) {
        std::tm probe = local;
        probe.tm_isdst = -1;
        const std::time_t at = std::mktime(&probe);
        localtime_r(&at, &local);
        const bool dom = days_of_month_.test(static_cast<std::size_t>(local.tm_mday));
        const bool dow = days_of_week_.test(static_cast<std::size_t>(local.tm_wday));
        bool day_ok = dom && dow;
        if (day_of_month_restricted_ && day_of_week_restricted_) {
            day_ok = dom || dow;
        }
        if (!months_.test(static_cast<std::size_t>(local.tm_mon + 1)) || !day_ok) {
            local.tm_mday += 1;
            local.tm_hour = 0;
            local.tm_min = 0;
            continue;
        }
        if (!hours_.test(static_cast<std::size_t>(local.tm_hour))) {
            local.tm_hour += 1;
            local.tm_min = 0;
            continue;
        }
        if (!minutes_.test(static_cast<std::size_t>(local.tm_min))) {
            local.tm_min += 1;
            continue;
        }
        return Clock::from_time_t(at);
    }
    return Clock::time_point::max();
}

void check_schedule(const crawl::JobConfig& job) {
    if (job.schedule.empty()) {
        return;
    }
    if (auto schedule = Schedule::parse(job.schedule); !schedule) {
        throw usage_failure(job.schedule_where + ": 'schedule' = \"" + job.schedule + "\": " +
                            schedule.error().message);
    }
}

} // namespace newsarc::jobs
