// Printed times, read by the host's one time parser (newsarc_host_api.parse_time): the same code reads the
// crawler's feed dates and every plugin's. Each function runs inside a plugin call.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "newsarc/plugin.h"
#include "newsarc/sdk/context.hpp"
#include "newsarc/sdk/text.hpp"

namespace newsarc::sdk {

/// China Standard Time, the zone every printed time without an offset is read in unless a plugin says otherwise.
inline constexpr int kChinaOffsetMinutes = 8 * 60;

/// A time the host found.
struct PrintedTime {
    std::chrono::sys_days date{};
    int hour = 0;
    int minute = 0;
    int second = 0;
    bool has_clock = false;
    bool has_seconds = false;
    int offset_minutes = kChinaOffsetMinutes; ///< the text's own offset, else the zone it was read in
    bool relative = false;                    ///< resolved against the fetch time (昨天, 3小时前, 刚刚)
    std::size_t position = 0;                 ///< byte offset of the match in the text searched
    std::size_t length = 0;                   ///< byte length of the match
    std::int64_t seconds = 0;                 ///< Unix seconds
    std::string stored;                       ///< the form published_at stores
    std::string iso_text;                     ///< ISO 8601 with the offset

    [[nodiscard]] std::int64_t unix_seconds() const noexcept { return seconds; }
    /// "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" (China time), or "YYYY-MM-DDTHH:MM:SS±HH:MM" in another offset:
    /// what Article::published_at accepts.
    [[nodiscard]] const std::string& text() const noexcept { return stored; }
    /// "2024-05-01T08:30:00+08:00".
    [[nodiscard]] const std::string& iso() const noexcept { return iso_text; }
};

/// What a time printed without a year, without an offset, or relative to "now" needs.
struct TimeContext {
    std::optional<int> year;         ///< for "09-07 19:02": the page's year (from meta, the URL, the fetch)
    std::optional<std::int64_t> now; ///< Unix seconds of the fetch, for 刚刚, 3小时前, 昨天 14:05, and the year
    std::optional<int> zone_offset_minutes; ///< the zone of times without an offset (default: China time)
};

namespace detail {

inline std::optional<PrintedTime> parse_time(std::string_view text, newsarc_time_form form,
                                             const TimeContext& context) {
    const Context& call = context_with(offsetof(newsarc_host_api, parse_time), "parse_time");
    newsarc_time_options options{};
    options.struct_size = sizeof options;
    options.form = form;
    if (context.year) {
        options.flags |= NEWSARC_TIME_HAS_YEAR;
        options.year = *context.year;
    }
    if (context.now) {
        options.flags |= NEWSARC_TIME_HAS_NOW;
        options.now = *context.now;
    }
    if (context.zone_offset_minutes) {
        options.flags |= NEWSARC_TIME_HAS_ZONE;
        options.zone_offset_minutes = *context.zone_offset_minutes;
    }
    newsarc_time found{};
    found.struct_size = sizeof found;
    newsarc_str error{nullptr, 0};
    const int status = call.host()->parse_time(call.call(), to_c(text), &options, &found, &error);
    if (status < 0) {
        throw Error("parse_time failed: " + std::string(to_view(error)));
    }
    if (status != 0) {
        return std::nullopt;
    }
    PrintedTime time;
    time.date = std::chrono::sys_days{std::chrono::year{found.year} / static_cast<unsigned>(found.month) /
                                      static_cast<unsigned>(found.day)};
    time.hour = found.hour;
    time.minute = found.minute;
    time.second = found.second;
    time.has_clock = (found.flags & NEWSARC_TIME_HAS_CLOCK) != 0;
    time.has_seconds = (found.flags & NEWSARC_TIME_HAS_SECONDS) != 0;
    time.relative = (found.flags & NEWSARC_TIME_RELATIVE) != 0;
    time.offset_minutes = found.offset_minutes;
    time.position = found.position;
    time.length = found.length;
    time.seconds = found.unix_seconds;
    time.stored = std::string(to_view(found.text));
    time.iso_text = std::string(to_view(found.iso));
    return time;
}

} // namespace detail

/// The first date-time printed in `text`: 2019-09-07 19:02[:33], 2019/9/7, 2019.09.07, 2019年09月07日 19:02,
/// 2019年9月7日10时26分, 2024年5月22日週三 上午8:21, ISO 8601 with 'T' and an offset (also to the minute);
/// with `context.year` or `context.now`: 09-07 19:02, 9月7日 19:02; with `context.now`: 刚刚, 3小时前, 昨天 14:05.
inline std::optional<PrintedTime> find_time(std::string_view text, const TimeContext& context = {}) {
    return detail::parse_time(text, NEWSARC_TIME_IN_TEXT, context);
}

/// find_time(text, context) in the form Article::published_at accepts.
inline std::optional<std::string> find_datetime(std::string_view text, const TimeContext& context = {}) {
    if (auto time = find_time(text, context)) {
        return std::move(time->stored);
    }
    return std::nullopt;
}

/// A Unix time written as digits (seconds, or milliseconds "1685002080000"), in China time; nullopt for
/// anything but 1 to 13 digits or outside 1990..2100.
inline std::optional<PrintedTime> time_from_unix_text(std::string_view digits) {
    return detail::parse_time(digits, NEWSARC_TIME_UNIX, {});
}

/// A Unix time (seconds, or milliseconds above 1e11, as many JSON APIs send them) in China time; nullopt
/// outside 1990..2100.
inline std::optional<PrintedTime> time_from_unix(std::int64_t seconds) {
    if (seconds < 0) {
        return std::nullopt;
    }
    return time_from_unix_text(std::to_string(seconds));
}

/// Unix seconds of a time written out in full (a fetch time "2026-11-23T18:00:00+08:00"), or nullopt.
inline std::optional<std::int64_t> unix_from_text(std::string_view text) {
    if (const auto time = find_time(text)) {
        return time->seconds;
    }
    return std::nullopt;
}

/// The publish date a URL path carries: /2024-05/13/, /20240513/, /2024/0510/, t20240513_, /19/0907/.
inline std::optional<PrintedTime> date_from_url(std::string_view url) {
    return detail::parse_time(url, NEWSARC_TIME_URL_PATH, {});
}

} // namespace newsarc::sdk
