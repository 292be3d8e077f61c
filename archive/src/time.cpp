// Parsing and formatting of archive times; China time is a fixed +08:00 (no daylight saving since 1991).
#include "newsarc/archive/time.hpp"

#include <chrono>
#include <cstdio>

namespace newsarc::archive {
namespace {

constexpr std::int64_t kChinaOffsetSeconds = 8 * 3600;

/// The calendar date, if it exists (C++20 <chrono>: no hand-kept leap-year or day-count tables).
std::optional<std::chrono::sys_days> calendar_date(int year, int month, int day) noexcept {
    const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    return std::chrono::sys_days{date};
}

/// Reads exactly `count` digits at `pos`, advancing it; false when they are not all digits.
bool read_digits(std::string_view text, std::size_t& pos, std::size_t count, int& value) noexcept {
    if (pos + count > text.size()) {
        return false;
    }
    value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') {
            return false;
        }
        value = value * 10 + (c - '0');
    }
    pos += count;
    return true;
}

bool expect(std::string_view text, std::size_t& pos, char wanted) noexcept {
    if (pos < text.size() && text[pos] == wanted) {
        ++pos;
        return true;
    }
    return false;
}

} // namespace

std::optional<TimePoint> parse_time(std::string_view text) {
    std::size_t pos = 0;
    int year = 0;
    int month = 0;
    int day = 0;
    if (!read_digits(text, pos, 4, year) || !expect(text, pos, '-') || !read_digits(text, pos, 2, month) ||
        !expect(text, pos, '-') || !read_digits(text, pos, 2, day)) {
        return std::nullopt;
    }
    const auto date = calendar_date(year, month, day);
    if (!date) {
        return std::nullopt;
    }
    int hour = 0;
    int minute = 0;
    int second = 0;
    int millisecond = 0;
    std::int64_t offset_seconds = kChinaOffsetSeconds;
    if (pos < text.size()) {
        if (text[pos] != ' ' && text[pos] != 'T') {
            return std::nullopt;
        }
        ++pos;
        if (!read_digits(text, pos, 2, hour) || !expect(text, pos, ':') || !read_digits(text, pos, 2, minute)) {
            return std::nullopt;
        }
        if (expect(text, pos, ':') && !read_digits(text, pos, 2, second)) {
            return std::nullopt;
        }
        if (expect(text, pos, '.')) {
            const std::size_t start = pos;
            int fraction = 0;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                if (pos - start < 3) {
                    fraction = fraction * 10 + (text[pos] - '0');
                }
                ++pos;
            }
            if (pos == start) {
                return std::nullopt;
            }
            for (std::size_t digits = pos - start; digits < 3; ++digits) {
                fraction *= 10;
            }
            millisecond = fraction;
        }
        if (hour > 23 || minute > 59 || second > 59) {
            return std::nullopt;
        }
        if (pos < text.size()) {
            if (text[pos] == 'Z' && pos + 1 == text.size()) {
                offset_seconds = 0;
                ++pos;
            } else if (text[pos] == '+' || text[pos] == '-') {
                const int sign = text[pos] == '-' ? -1 : 1;
                ++pos;
                int offset_hours = 0;
                int offset_minutes = 0;
                if (!read_digits(text, pos, 2, offset_hours)) {
                    return std::nullopt;
                }
                expect(text, pos, ':');
                if (!read_digits(text, pos, 2, offset_minutes) || offset_hours > 14 || offset_minutes > 59) {
                    return std::nullopt;
                }
                offset_seconds = sign * (offset_hours * 3600 + offset_minutes * 60);
            } else {
                return std::nullopt;
            }
        }
    }
    if (pos != text.size()) {
        return std::nullopt;
    }
    const std::int64_t days = date->time_since_epoch().count();
    const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
    return from_unix_ms(seconds * 1000 + millisecond);
}

std::string format_iso(TimePoint time) {
    const std::int64_t milliseconds = to_unix_ms(time);
    const std::int64_t seconds = (milliseconds >= 0 ? milliseconds : milliseconds - 999) / 1000 + kChinaOffsetSeconds;
    const std::int64_t days = (seconds >= 0 ? seconds : seconds - 86399) / 86400;
    const std::int64_t in_day = seconds - days * 86400;
    const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d+08:00", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60), static_cast<int>(in_day % 60));
    return buffer;
}

std::optional<std::string> normalize_published_at(std::string_view text) {
    const auto parsed = parse_time(text);
    if (!parsed) {
        return std::nullopt;
    }
    return format_iso(*parsed);
}

std::int64_t to_unix_ms(TimePoint time) noexcept {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

TimePoint from_unix_ms(std::int64_t milliseconds) noexcept {
    return TimePoint(std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(milliseconds)));
}

} // namespace newsarc::archive
