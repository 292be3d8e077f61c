// The one parser of printed times, for the crawler and (through the host API's parse_time) every plugin:
// finds a date-time in the forms Chinese news pages print (absolute, without a year, relative to the fetch,
// ISO 8601 with an offset, Unix seconds, a date in a URL path) and spells it the way articles store it.
// Times without a stated offset are read in the caller's zone: China time unless told otherwise.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newsarc::web {

/// China Standard Time: the zone the archive stores times in, and the default zone of printed times.
inline constexpr int kChinaOffsetMinutes = 8 * 60;

/// A time as found in a text: a civil date, perhaps a clock, perhaps a stated UTC offset.
struct PrintedTime {
    std::chrono::sys_days date{};
    int hour = 0;
    int minute = 0;
    int second = 0;
    bool has_clock = false;
    bool has_seconds = false;
    int offset_minutes = kChinaOffsetMinutes; ///< the text's own offset ('Z', "+09:00"), else the default zone
    bool relative = false;                    ///< resolved against the fetch time (昨天, 3小时前, 刚刚)
    std::size_t position = 0;                 ///< byte offset of the match in the text searched
    std::size_t length = 0;                   ///< byte length of the match

    /// Seconds since the Unix epoch.
    [[nodiscard]] std::int64_t unix_seconds() const noexcept {
        const auto days = static_cast<std::int64_t>(date.time_since_epoch().count());
        return days * 86400 + hour * 3600 + minute * 60 + second - static_cast<std::int64_t>(offset_minutes) * 60;
    }

    /// The stored form (what the published_at field holds): "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" in China
    /// time, or "YYYY-MM-DDTHH:MM:SS±HH:MM" when the time is in another offset. Minute precision stays minutes.
    [[nodiscard]] std::string text() const;

    /// Full ISO 8601 with the offset, "YYYY-MM-DDTHH:MM:SS+08:00" ("YYYY-MM-DD" for a date without a clock).
    [[nodiscard]] std::string iso() const;
};

/// What a time printed without a year, without an offset or relative to "now" needs.
struct TimeContext {
    std::optional<int> year;         ///< for "09-07 19:02": the page's year (from meta, the URL, the fetch)
    std::optional<std::int64_t> now; ///< Unix seconds of the fetch, for 刚刚, 3小时前, 昨天 14:05, and the year
    int zone_offset_minutes = kChinaOffsetMinutes; ///< the zone of times that state no offset
};

/// The first date-time printed in `text`, in any of these forms: 2019-09-07 19:02[:33], 2019/9/7, 2019.09.07,
/// 2019年09月07日 19:02, 2019年9月7日10时26分, 2024年5月22日週三 上午8:21, ISO 8601 with 'T' and an offset
/// (also minute precision, "2024-05-01T08:30+08:00"); with `context.year` or `context.now`: 09-07 19:02,
/// 9月7日 19:02; with `context.now`: 刚刚, 3小时前, 昨天 14:05. nullopt when none is found. Never throws on any
/// input but std::bad_alloc.
std::optional<PrintedTime> find_time(std::string_view text, const TimeContext& context = {});

/// find_time(text, context)->text(): the stored form, or nullopt.
std::optional<std::string> find_datetime(std::string_view text, const TimeContext& context = {});

/// A Unix time (seconds, or milliseconds when above 1e11, as many JSON APIs send them) in the zone of
/// `zone_offset_minutes`; nullopt outside 1990..2100.
std::optional<PrintedTime> time_from_unix(std::int64_t seconds, int zone_offset_minutes = kChinaOffsetMinutes);

/// A Unix time written as digits (a JSON field "1685002080", or milliseconds "1685002080000"); nullopt for
/// anything but 1 to 13 digits, or outside 1990..2100.
std::optional<PrintedTime> time_from_unix_text(std::string_view digits,
                                               int zone_offset_minutes = kChinaOffsetMinutes);

/// Unix seconds of a time written out in full (a fetch time "2026-11-23T18:00:00+08:00"), or nullopt.
std::optional<std::int64_t> unix_from_text(std::string_view text);

/// The publish date a URL path carries, in the patterns news sites use: /2024-05/13/, /20240513/,
/// /2024/0510/, t20240513_, /2019_09_07_, /19/0907/ (two-digit year). nullopt when none is found.
std::optional<PrintedTime> date_from_url(std::string_view url);

/// The whole of `text` (surrounding spaces aside) read as one time and spelled in ISO 8601 in China time,
/// "2019-09-08T04:00:00+08:00" for "2019-09-07T20:00:00Z"; a date alone is its midnight. nullopt when `text`
/// is not exactly one time (the check the host applies to a plugin's published_at).
std::optional<std::string> china_iso_time(std::string_view text);

/// Appends `value` with at least `width` digits, zero-padded (the spelling of every number in text()).
void append_number(std::string& out, std::int64_t value, std::size_t width);

} // namespace newsarc::web
