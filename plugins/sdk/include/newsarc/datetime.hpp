// The one parser of printed times for every plugin: finds a date-time in the forms Chinese news pages print
// (absolute, without a year, relative to the fetch, ISO 8601 with an offset, Unix seconds) and turns it into
// what Article::published_at accepts. China time unless the text states an offset.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace newsarc::sdk {

/// China Standard Time, the zone every printed time without an offset is read in.
inline constexpr int kChinaOffsetMinutes = 8 * 60;

/// A time as found in a text: a civil date, perhaps a clock, perhaps a stated UTC offset.
struct PrintedTime {
    std::chrono::sys_days date{};
    int hour = 0;
    int minute = 0;
    int second = 0;
    bool has_clock = false;
    bool has_seconds = false;
    int offset_minutes = kChinaOffsetMinutes; ///< the text's own offset (ISO 8601 'Z', '+09:00'), else China
    bool relative = false;                    ///< resolved against the fetch time (昨天, 3小时前, 刚刚)
    std::size_t position = 0;                 ///< byte offset of the match in the text searched
    std::size_t length = 0;                   ///< byte length of the match

    /// Seconds since the Unix epoch.
    [[nodiscard]] std::int64_t unix_seconds() const noexcept {
        const auto days = static_cast<std::int64_t>(date.time_since_epoch().count());
        return days * 86400 + hour * 3600 + minute * 60 + second - static_cast<std::int64_t>(offset_minutes) * 60;
    }

    /// "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" (China time), or "YYYY-MM-DDTHH:MM:SS±HH:MM" when the text stated
    /// another offset: the forms Article::published_at accepts.
    [[nodiscard]] std::string text() const;
};

/// What a time printed without a year or relative to "now" needs.
struct TimeContext {
    std::optional<int> year;         ///< for "09-07 19:02": the page's year (from meta, the URL, the fetch)
    std::optional<std::int64_t> now; ///< Unix seconds of the fetch, for 刚刚, 3小时前, 昨天 14:05, and the year
};

namespace detail_time {

inline void append_number(std::string& out, std::int64_t value, std::size_t width) {
    if (value < 0) {
        out.push_back('-');
        value = -value;
    }
    const std::string digits = std::to_string(value);
    if (digits.size() < width) {
        out.append(width - digits.size(), '0');
    }
    out += digits;
}

inline std::optional<std::chrono::sys_days> civil(int year, int month, int day) noexcept {
    const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                          std::chrono::day{static_cast<unsigned>(day)}};
    if (year < 1970 || year > 2100 || !ymd.ok()) {
        return std::nullopt;
    }
    return std::chrono::sys_days{ymd};
}

inline bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

/// A cursor over the searched text; every read is bounds-checked, so no input can throw or overrun.
class Scanner {
public:
    explicit Scanner(std::string_view text) noexcept : text_(text) {}

    [[nodiscard]] std::size_t size() const noexcept { return text_.size(); }
    [[nodiscard]] char at(std::size_t i) const noexcept { return i < text_.size() ? text_[i] : '\0'; }
    [[nodiscard]] bool digit_at(std::size_t i) const noexcept { return is_digit(at(i)); }

    /// Reads min..max digits at `i` into `value`; returns how many (0 when fewer than `min`, or, unless
    /// `allow_more`, when more digits follow).
    std::size_t digits(std::size_t i, std::size_t min, std::size_t max, int& value, bool allow_more = false) const
        noexcept {
        std::size_t n = 0;
        value = 0;
        while (n < max && digit_at(i + n)) {
            value = value * 10 + (at(i + n) - '0');
            ++n;
        }
        if (n < min || (!allow_more && digit_at(i + n))) {
            return 0;
        }
        return n;
    }

    /// The length of the first of `words` found at `i`, or 0.
    [[nodiscard]] std::size_t word(std::size_t i, std::initializer_list<std::string_view> words) const noexcept {
        if (i > text_.size()) {
            return 0;
        }
        for (const std::string_view candidate : words) {
            if (text_.substr(i).starts_with(candidate)) {
                return candidate.size();
            }
        }
        return 0;
    }

    /// `i` moved past ASCII spaces, U+00A0, U+3000 and the middle dot that joins a time to a source.
    [[nodiscard]] std::size_t skip_space(std::size_t i) const noexcept {
        while (i < text_.size()) {
            if (const std::size_t n = word(i, {" ", "\t", "\n", "\r", "\xC2\xA0", "\xE3\x80\x80"}); n > 0) {
                i += n;
            } else {
                break;
            }
        }
        return i;
    }

private:
    std::string_view text_;
};

struct Clock {
    int hour = 0;
    int minute = 0;
    int second = 0;
    bool has_seconds = false;
    std::optional<int> offset_minutes;
    std::size_t end = 0;
};

/// "19:02", "19:02:33", "19时02分", "上午8:21", "下午3点05分", ISO "10:26:00.000+08:00": the clock at `i`.
inline std::optional<Clock> read_clock(const Scanner& s, std::size_t i) {
    i = s.skip_space(i);
    // A weekday between the date and the clock: 星期三, 周三, 週三, (三).
    if (const std::size_t n = s.word(i, {"星期", "礼拜", "周", "週"}); n > 0) {
        const std::size_t day = s.word(i + n, {"一", "二", "三", "四", "五", "六", "日", "天"});
        if (day > 0) {
            i = s.skip_space(i + n + day);
        }
    }
    int shift = 0; // 下午 3:05 is 15:05
    if (const std::size_t n = s.word(i, {"下午", "晚上", "中午"}); n > 0) {
        shift = 12;
        i = s.skip_space(i + n);
    } else if (const std::size_t m = s.word(i, {"上午", "早上", "凌晨", "早晨"}); m > 0) {
        shift = -1;
        i = s.skip_space(i + m);
    }
    Clock clock;
    const std::size_t h = s.digits(i, 1, 2, clock.hour);
    if (h == 0 || clock.hour > 23) {
        return std::nullopt;
    }
    i += h;
    const std::size_t sep = s.word(i, {":", "：", "时", "時", "點", "点"});
    if (sep == 0) {
        return std::nullopt;
    }
    const std::size_t m = s.digits(i + sep, 2, 2, clock.minute);
    if (m == 0 || clock.minute > 59) {
        return std::nullopt;
    }
    i += sep + m;
    i += s.word(i, {"分"});
    if (const std::size_t sep2 = s.word(i, {":", "："}); sep2 > 0) {
        // Seconds may run into the next word ("04:29:4439健康网"): two digits are taken.
        if (s.digits(i + sep2, 2, 2, clock.second, true) == 2 && clock.second <= 60) {
            clock.has_seconds = true;
            i += sep2 + 2;
            i += s.word(i, {"秒"});
            // Fractions of a second (ISO 8601) are dropped.
            if (s.at(i) == '.' && s.digit_at(i + 1)) {
                ++i;
                while (s.digit_at(i)) {
                    ++i;
                }
            }
        } else {
            clock.second = 0;
        }
    }
    if (shift == 12 && clock.hour < 12) {
        clock.hour += 12;
    } else if (shift == -1 && clock.hour == 12) {
        clock.hour = 0;
    }
    // A stated offset right after the clock: 'Z', "+08:00", "+0800", "-05:00".
    if (s.at(i) == 'Z') {
        clock.offset_minutes = 0;
        ++i;
    } else if ((s.at(i) == '+' || s.at(i) == '-') && s.digit_at(i + 1) && s.digit_at(i + 2)) {
        int hours = 0;
        int minutes = 0;
        std::size_t j = i + 1 + s.digits(i + 1, 2, 2, hours, true);
        if (s.at(j) == ':') {
            ++j;
        }
        if (s.digits(j, 2, 2, minutes, true) == 2) {
            j += 2;
        }
        if (hours <= 14 && minutes <= 59) {
            clock.offset_minutes = (s.at(i) == '-' ? -1 : 1) * (hours * 60 + minutes);
            i = j;
        }
    }
    clock.end = i;
    return clock;
}

inline PrintedTime from_unix_seconds(std::int64_t seconds, int offset_minutes, bool has_seconds) {
    using namespace std::chrono;
    const std::int64_t local = seconds + static_cast<std::int64_t>(offset_minutes) * 60;
    const sys_seconds instant{std::chrono::seconds{local}};
    const sys_days day = floor<days>(instant);
    const std::int64_t rest = (instant - day).count();
    PrintedTime time;
    time.date = day;
    time.hour = static_cast<int>(rest / 3600);
    time.minute = static_cast<int>(rest % 3600 / 60);
    time.second = static_cast<int>(rest % 60);
    time.has_clock = true;
    time.has_seconds = has_seconds;
    time.offset_minutes = offset_minutes;
    return time;
}

inline void set_clock(PrintedTime& time, const Clock& clock) noexcept {
    time.hour = clock.hour;
    time.minute = clock.minute;
    time.second = clock.second;
    time.has_clock = true;
    time.has_seconds = clock.has_seconds;
    time.offset_minutes = clock.offset_minutes.value_or(kChinaOffsetMinutes);
}

/// A date with a four-digit year at `i`: 2019-09-07, 2019/9/7, 2019.09.07, 2019年09月07日, "2024 05/09"
/// (xinhuanet's header), followed by an optional clock or ISO 'T' time.
inline std::optional<PrintedTime> read_full_date(const Scanner& s, std::size_t i) {
    int year = 0;
    int month = 0;
    int day = 0;
    const std::size_t start = i;
    std::size_t n = s.digits(i, 4, 4, year);
    if (n == 0 || year < 1990 || year > 2100) {
        return std::nullopt;
    }
    i += n;
    std::size_t sep = s.word(i, {"-", "/", ".", "年"});
    const bool chinese = sep == 3;
    std::string_view separator;
    if (sep == 0) {
        // "2024 05/09": a space, then month/day.
        const std::size_t after = s.skip_space(i);
        if (after == i || after - i > 3) {
            return std::nullopt;
        }
        sep = after - i;
        separator = "/";
    }
    const char first_separator = s.at(i);
    i += sep;
    i = chinese ? s.skip_space(i) : i;
    n = s.digits(i, 1, 2, month);
    if (n == 0 || month < 1 || month > 12) {
        return std::nullopt;
    }
    i += n;
    if (chinese) {
        n = s.word(s.skip_space(i), {"月"});
        i = n == 0 ? i : s.skip_space(s.skip_space(i) + n);
    } else if (!separator.empty()) {
        n = s.word(i, {"/"});
        i = s.skip_space(i + n);
    } else {
        n = s.at(i) == first_separator ? 1 : 0;
        i += n;
    }
    if (n == 0) {
        return std::nullopt;
    }
    n = s.digits(i, 1, 2, day);
    if (n == 0) {
        return std::nullopt;
    }
    i += n;
    if (chinese) {
        i += s.word(i, {"日", "号"});
    }
    const auto date = civil(year, month, day);
    if (!date) {
        return std::nullopt;
    }
    PrintedTime time;
    time.date = *date;
    time.position = start;
    std::size_t clock_at = i;
    if (s.at(i) == 'T' && s.digit_at(i + 1)) {
        clock_at = i + 1;
    }
    if (const auto clock = read_clock(s, clock_at)) {
        set_clock(time, *clock);
        i = clock->end;
    }
    time.length = i - start;
    return time;
}

/// A month and day without a year, followed by a clock ("09-07 19:02", "9月7日 19:02", "05/20 14:33").
inline std::optional<PrintedTime> read_yearless(const Scanner& s, std::size_t i, const TimeContext& context) {
    int month = 0;
    int day = 0;
    const std::size_t start = i;
    std::size_t n = s.digits(i, 1, 2, month);
    if (n == 0 || month < 1 || month > 12) {
        return std::nullopt;
    }
    i += n;
    const std::size_t sep = s.word(i, {"-", "/", "月"});
    if (sep == 0) {
        return std::nullopt;
    }
    i += sep;
    n = s.digits(i, 1, 2, day);
    if (n == 0) {
        return std::nullopt;
    }
    i += n;
    if (sep == 3) {
        i += s.word(i, {"日", "号"});
    } else if (s.at(i) == '-' || s.at(i) == '/') {
        return std::nullopt; // part of a longer date with the year last (07/09/2024)
    }
    const auto clock = read_clock(s, i);
    if (!clock) {
        return std::nullopt;
    }
    std::optional<int> year = context.year;
    if (!year && context.now) {
        year = static_cast<int>(
            std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(std::chrono::sys_seconds{
                                            std::chrono::seconds{*context.now + kChinaOffsetMinutes * 60}})}
                .year());
    }
    if (!year) {
        return std::nullopt;
    }
    auto date = civil(*year, month, day);
    if (!date) {
        return std::nullopt;
    }
    PrintedTime time;
    time.date = *date;
    set_clock(time, *clock);
    // A yearless date after the fetch lies in the previous year (a page fetched on Jan 2 showing 12-30).
    if (!context.year && context.now && time.unix_seconds() > *context.now + 86400) {
        if (auto earlier = civil(*year - 1, month, day)) {
            time.date = *earlier;
        }
    }
    time.position = start;
    time.length = clock->end - start;
    return time;
}

/// 刚刚, 5分钟前, 3小时前, 2天前, 今天/昨天/前天 14:05, at `i`, against context.now.
inline std::optional<PrintedTime> read_relative(const Scanner& s, std::size_t i, const TimeContext& context) {
    if (!context.now) {
        return std::nullopt;
    }
    const std::int64_t now = *context.now;
    if (const std::size_t n = s.word(i, {"刚刚"}); n > 0) {
        PrintedTime time = from_unix_seconds(now, kChinaOffsetMinutes, false);
        time.second = 0;
        time.relative = true;
        time.position = i;
        time.length = n;
        return time;
    }
    int value = 0;
    if (const std::size_t d = s.digits(i, 1, 4, value); d > 0) {
        const std::size_t unit_at = s.skip_space(i + d);
        static constexpr std::pair<std::string_view, std::int64_t> kUnits[] = {
            {"分钟前", 60}, {"分鐘前", 60}, {"小时前", 3600}, {"小時前", 3600}, {"天前", 86400}};
        for (const auto& [unit, seconds] : kUnits) {
            if (s.word(unit_at, {unit}) > 0) {
                PrintedTime time = from_unix_seconds(now - value * seconds, kChinaOffsetMinutes, false);
                time.second = 0;
                time.relative = true;
                time.position = i;
                time.length = unit_at + unit.size() - i;
                return time;
            }
        }
        return std::nullopt;
    }
    static constexpr std::pair<std::string_view, int> kDays[] = {{"今天", 0}, {"昨天", 1}, {"前天", 2}};
    for (const auto& [word, days_back] : kDays) {
        if (s.word(i, {word}) > 0) {
            const auto clock = read_clock(s, i + word.size());
            if (!clock) {
                return std::nullopt;
            }
            PrintedTime time = from_unix_seconds(now - days_back * 86400, kChinaOffsetMinutes, false);
            set_clock(time, *clock);
            time.relative = true;
            time.position = i;
            time.length = clock->end - i;
            return time;
        }
    }
    return std::nullopt;
}

} // namespace detail_time

inline std::string PrintedTime::text() const {
    const std::chrono::year_month_day ymd{date};
    std::string out;
    out.reserve(25);
    detail_time::append_number(out, static_cast<int>(ymd.year()), 4);
    out.push_back('-');
    detail_time::append_number(out, static_cast<unsigned>(ymd.month()), 2);
    out.push_back('-');
    detail_time::append_number(out, static_cast<unsigned>(ymd.day()), 2);
    if (!has_clock) {
        return out;
    }
    const bool foreign = offset_minutes != kChinaOffsetMinutes;
    out.push_back(foreign ? 'T' : ' ');
    detail_time::append_number(out, hour, 2);
    out.push_back(':');
    detail_time::append_number(out, minute, 2);
    if (has_seconds || foreign) {
        out.push_back(':');
        detail_time::append_number(out, second, 2);
    }
    if (foreign) {
        const int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
        out.push_back(offset_minutes < 0 ? '-' : '+');
        detail_time::append_number(out, magnitude / 60, 2);
        out.push_back(':');
        detail_time::append_number(out, magnitude % 60, 2);
    }
    return out;
}

/// The first date-time printed in `text`, in any of these forms: 2019-09-07 19:02[:33], 2019/9/7, 2019.09.07,
/// 2019年09月07日 19:02, 2019年9月7日10时26分, 2024年5月22日週三 上午8:21, ISO 8601 with 'T' and an offset;
/// with `context.year` or `context.now`: 09-07 19:02, 9月7日 19:02; with `context.now`: 刚刚, 3小时前, 昨天 14:05.
/// nullopt when none is found. Never throws on any input.
inline std::optional<PrintedTime> find_time(std::string_view text, const TimeContext& context = {}) {
    const detail_time::Scanner s(text);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool after_digit = i > 0 && detail_time::is_digit(text[i - 1]);
        if (detail_time::is_digit(c) && !after_digit) {
            if (auto full = detail_time::read_full_date(s, i)) {
                return full;
            }
            if (auto yearless = detail_time::read_yearless(s, i, context)) {
                // Not the tail of a date whose year came first ("2019-09-07": "09-07" is not yearless).
                const bool tail = i >= 1 && (text[i - 1] == '-' || text[i - 1] == '/' || text[i - 1] == '.');
                if (!tail) {
                    return yearless;
                }
            }
        }
        if (context.now && (!detail_time::is_digit(c) || !after_digit)) {
            if (auto relative = detail_time::read_relative(s, i, context)) {
                return relative;
            }
        }
    }
    return std::nullopt;
}

/// find_time(text, context) in the form Article::published_at accepts ("YYYY-MM-DD HH:MM[:SS]" China time,
/// "YYYY-MM-DD", or ISO 8601 with the text's own offset).
inline std::optional<std::string> find_datetime(std::string_view text, const TimeContext& context = {}) {
    if (const auto time = find_time(text, context)) {
        return time->text();
    }
    return std::nullopt;
}

/// A Unix time (seconds, or milliseconds when above 1e11, as many JSON APIs send them) as a PrintedTime in
/// China time; nullopt outside 1990..2100.
inline std::optional<PrintedTime> time_from_unix(std::int64_t seconds) {
    if (seconds > 100000000000LL || seconds < -100000000000LL) {
        seconds /= 1000;
    }
    if (seconds < 631152000LL || seconds > 4102444800LL) {
        return std::nullopt;
    }
    return detail_time::from_unix_seconds(seconds, kChinaOffsetMinutes, true);
}

/// A Unix time written as digits (a JSON field "1685002080", or milliseconds "1685002080000") as a PrintedTime
/// in China time; nullopt for anything but 1 to 13 digits, or outside 1990..2100. Never throws.
inline std::optional<PrintedTime> time_from_unix_text(std::string_view digits) {
    if (digits.empty() || digits.size() > 13) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (const char c : digits) {
        if (!detail_time::is_digit(c)) {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return time_from_unix(value);
}

/// "YYYY-MM-DD HH:MM:SS" in China time for a Unix time (seconds, or milliseconds above 1e11).
inline std::string china_time_from_unix(std::int64_t seconds) {
    if (seconds > 100000000000LL || seconds < -100000000000LL) {
        seconds /= 1000;
    }
    return detail_time::from_unix_seconds(seconds, kChinaOffsetMinutes, true).text();
}

/// Unix seconds of a time written out in full (a fetch time "2026-11-23T18:00:00+08:00"), or nullopt.
inline std::optional<std::int64_t> unix_from_text(std::string_view text) {
    if (const auto time = find_time(text)) {
        return time->unix_seconds();
    }
    return std::nullopt;
}

/// The publish date a URL path carries, in the patterns news sites use: /2024-05/13/, /20240513/,
/// /2024/0510/, t20240513_, /2019_09_07_, /19/0907/ (two-digit year). nullopt when none is found.
inline std::optional<PrintedTime> date_from_url(std::string_view url) {
    const std::size_t scheme = url.find("://");
    const std::size_t path_at = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
    if (path_at == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view path = url.substr(path_at, url.find_first_of("?#", path_at) - path_at);
    const detail_time::Scanner s(path);
    for (std::size_t i = 1; i < path.size(); ++i) {
        if (!detail_time::is_digit(path[i]) || detail_time::is_digit(path[i - 1])) {
            continue;
        }
        int year = 0;
        int month = 0;
        int day = 0;
        std::size_t n = s.digits(i, 4, 4, year, true);
        if (n == 4 && year >= 1990 && year <= 2100) {
            std::size_t j = i + 4;
            j += s.word(j, {"-", "/", "_"});
            if (s.digits(j, 2, 2, month, true) == 2) {
                j += 2;
                j += s.word(j, {"-", "/", "_"});
                if (s.digits(j, 2, 2, day) == 2 || s.digits(j, 2, 2, day, true) == 2) {
                    if (auto date = detail_time::civil(year, month, day)) {
                        PrintedTime time;
                        time.date = *date;
                        return time;
                    }
                }
            }
        }
        // 163.com: /19/0907/13/<id>.html
        if (path[i - 1] == '/' && s.digits(i, 2, 2, year) == 2 && s.at(i + 2) == '/' &&
            s.digits(i + 3, 4, 4, month) == 4 && s.at(i + 7) == '/') {
            if (auto date = detail_time::civil(2000 + year, month / 100, month % 100)) {
                PrintedTime time;
                time.date = *date;
                return time;
            }
        }
    }
    return std::nullopt;
}

} // namespace newsarc::sdk
