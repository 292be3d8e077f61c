// The printed-time parser (see printed_time.hpp): a bounds-checked scanner over the text, one reader per form.
#include "newsarc/web/printed_time.hpp"

#include <initializer_list>
#include <utility>

namespace newsarc::web {
namespace {

std::optional<std::chrono::sys_days> civil(int year, int month, int day) noexcept {
    const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                          std::chrono::day{static_cast<unsigned>(day)}};
    if (year < 1970 || year > 2100 || !ymd.ok()) {
        return std::nullopt;
    }
    return std::chrono::sys_days{ymd};
}

bool is_digit(char c) noexcept {
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
std::optional<Clock> read_clock(const Scanner& s, std::size_t i) {
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

PrintedTime from_unix_seconds(std::int64_t seconds, int offset_minutes, bool has_seconds) {
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

void set_clock(PrintedTime& time, const Clock& clock, int zone) noexcept {
    time.hour = clock.hour;
    time.minute = clock.minute;
    time.second = clock.second;
    time.has_clock = true;
    time.has_seconds = clock.has_seconds;
    time.offset_minutes = clock.offset_minutes.value_or(zone);
}

/// A date with a four-digit year at `i`: 2019-09-07, 2019/9/7, 2019.09.07, 2019年09月07日, "2024 05/09"
/// (xinhuanet's header), followed by an optional clock or ISO 'T' time.
std::optional<PrintedTime> read_full_date(const Scanner& s, std::size_t i, int zone) {
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
        set_clock(time, *clock, zone);
        i = clock->end;
    }
    time.length = i - start;
    return time;
}

/// A month and day without a year, followed by a clock ("09-07 19:02", "9月7日 19:02", "05/20 14:33").
std::optional<PrintedTime> read_yearless(const Scanner& s, std::size_t i, const TimeContext& context) {
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
                                            std::chrono::seconds{*context.now + context.zone_offset_minutes * 60}})}
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
    set_clock(time, *clock, context.zone_offset_minutes);
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
std::optional<PrintedTime> read_relative(const Scanner& s, std::size_t i, const TimeContext& context) {
    if (!context.now) {
        return std::nullopt;
    }
    const std::int64_t now = *context.now;
    if (const std::size_t n = s.word(i, {"刚刚"}); n > 0) {
        PrintedTime time = from_unix_seconds(now, context.zone_offset_minutes, false);
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
                PrintedTime time = from_unix_seconds(now - value * seconds, context.zone_offset_minutes, false);
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
            PrintedTime time = from_unix_seconds(now - days_back * 86400, context.zone_offset_minutes, false);
            set_clock(time, *clock, context.zone_offset_minutes);
            time.relative = true;
            time.position = i;
            time.length = clock->end - i;
            return time;
        }
    }
    return std::nullopt;
}


} // namespace

void append_number(std::string& out, std::int64_t value, std::size_t width) {
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

std::string PrintedTime::text() const {
    const std::chrono::year_month_day ymd{date};
    std::string out;
    out.reserve(25);
    append_number(out, static_cast<int>(ymd.year()), 4);
    out.push_back('-');
    append_number(out, static_cast<unsigned>(ymd.month()), 2);
    out.push_back('-');
    append_number(out, static_cast<unsigned>(ymd.day()), 2);
    if (!has_clock) {
        return out;
    }
    const bool foreign = offset_minutes != kChinaOffsetMinutes;
    out.push_back(foreign ? 'T' : ' ');
    append_number(out, hour, 2);
    out.push_back(':');
    append_number(out, minute, 2);
    if (has_seconds || foreign) {
        out.push_back(':');
        append_number(out, second, 2);
    }
    if (foreign) {
        const int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
        out.push_back(offset_minutes < 0 ? '-' : '+');
        append_number(out, magnitude / 60, 2);
        out.push_back(':');
        append_number(out, magnitude % 60, 2);
    }
    return out;
}

/// The first date-time printed in `text`, in any of these forms: 2019-09-07 19:02[:33], 2019/9/7, 2019.09.07,
/// 2019年09月07日 19:02, 2019年9月7日10时26分, 2024年5月22日週三 上午8:21, ISO 8601 with 'T' and an offset;
/// with `context.year` or `context.now`: 09-07 19:02, 9月7日 19:02; with `context.now`: 刚刚, 3小时前, 昨天 14:05.
/// nullopt when none is found. Never throws on any input.
std::optional<PrintedTime> find_time(std::string_view text, const TimeContext& context) {
    const Scanner s(text);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool after_digit = i > 0 && is_digit(text[i - 1]);
        if (is_digit(c) && !after_digit) {
            if (auto full = read_full_date(s, i, context.zone_offset_minutes)) {
                return full;
            }
            if (auto yearless = read_yearless(s, i, context)) {
                // Not the tail of a date whose year came first ("2019-09-07": "09-07" is not yearless).
                const bool tail = i >= 1 && (text[i - 1] == '-' || text[i - 1] == '/' || text[i - 1] == '.');
                if (!tail) {
                    return yearless;
                }
            }
        }
        if (context.now && (!is_digit(c) || !after_digit)) {
            if (auto relative = read_relative(s, i, context)) {
                return relative;
            }
        }
    }
    return std::nullopt;
}

/// find_time(text, context) in the form Article::published_at accepts ("YYYY-MM-DD HH:MM[:SS]" China time,
/// "YYYY-MM-DD", or ISO 8601 with the text's own offset).
std::optional<std::string> find_datetime(std::string_view text, const TimeContext& context) {
    if (const auto time = find_time(text, context)) {
        return time->text();
    }
    return std::nullopt;
}

/// A Unix time (seconds, or milliseconds when above 1e11, as many JSON APIs send them) as a PrintedTime in
/// China time; nullopt outside 1990..2100.
std::optional<PrintedTime> time_from_unix(std::int64_t seconds, int zone_offset_minutes) {
    if (seconds > 100000000000LL || seconds < -100000000000LL) {
        seconds /= 1000;
    }
    if (seconds < 631152000LL || seconds > 4102444800LL) {
        return std::nullopt;
    }
    return from_unix_seconds(seconds, zone_offset_minutes, true);
}

/// A Unix time written as digits (a JSON field "1685002080", or milliseconds "1685002080000") as a PrintedTime
/// in China time; nullopt for anything but 1 to 13 digits, or outside 1990..2100. Never throws.
std::optional<PrintedTime> time_from_unix_text(std::string_view digits, int zone_offset_minutes) {
    if (digits.empty() || digits.size() > 13) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (const char c : digits) {
        if (!is_digit(c)) {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return time_from_unix(value, zone_offset_minutes);
}

/// Unix seconds of a time written out in full (a fetch time "2026-11-23T18:00:00+08:00"), or nullopt.
std::optional<std::int64_t> unix_from_text(std::string_view text) {
    if (const auto time = find_time(text)) {
        return time->unix_seconds();
    }
    return std::nullopt;
}

/// The publish date a URL path carries, in the patterns news sites use: /2024-05/13/, /20240513/,
/// /2024/0510/, t20240513_, /2019_09_07_, /19/0907/ (two-digit year). nullopt when none is found.
std::optional<PrintedTime> date_from_url(std::string_view url) {
    const std::size_t scheme = url.find("://");
    const std::size_t path_at = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
    if (path_at == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view path = url.substr(path_at, url.find_first_of("?#", path_at) - path_at);
    const Scanner s(path);
    for (std::size_t i = 1; i < path.size(); ++i) {
        if (!is_digit(path[i]) || is_digit(path[i - 1])) {
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
                    if (auto date = civil(year, month, day)) {
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
            if (auto date = civil(2000 + year, month / 100, month % 100)) {
                PrintedTime time;
                time.date = *date;
                return time;
            }
        }
    }
    return std::nullopt;
}


std::optional<std::string> china_iso_time(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    const auto time = find_time(text);
    if (!time || time->position != 0 || time->length != text.size()) {
        return std::nullopt;
    }
    return from_unix_seconds(time->unix_seconds(), kChinaOffsetMinutes, true).iso();
}

std::string PrintedTime::iso() const {
    PrintedTime full = *this;
    if (!has_clock) {
        return text();
    }
    full.has_seconds = true;
    std::string out = full.text();
    if (offset_minutes == kChinaOffsetMinutes) {
        out[10] = 'T';
        out += "+08:00";
    }
    return out;
}

} // namespace newsarc::web
