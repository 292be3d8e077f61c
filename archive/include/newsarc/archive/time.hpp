// Time values of the archive: instants are std::chrono::system_clock time points (stored as Unix milliseconds);
// people read and write them as China time (+08:00), the zone of every corpus file.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace newsarc::archive {

using TimePoint = std::chrono::system_clock::time_point;

/// Parses a time a person typed or a page stated. Accepted forms (anything else gives nullopt):
///   "YYYY-MM-DD"                      midnight, China time
///   "YYYY-MM-DD HH:MM" / "...:SS"     China time ('T' may replace the space)
///   "YYYY-MM-DDTHH:MM[:SS][.fff]Z"    UTC
///   "YYYY-MM-DDTHH:MM[:SS][.fff]+HH:MM" / "+HHMM" / "-HH:MM"   that offset
/// Fields are range-checked (month 1-12, day valid for the month, hour 0-23, minute/second 0-59).
std::optional<TimePoint> parse_time(std::string_view text);

/// "YYYY-MM-DDTHH:MM:SS+08:00": ISO 8601 in China time, whole seconds (the form published_at is stored in).
std::string format_iso(TimePoint time);

/// Converts any form parse_time accepts to the stored published_at form "YYYY-MM-DDTHH:MM:SS+08:00";
/// nullopt when parse_time rejects it.
std::optional<std::string> normalize_published_at(std::string_view text);

/// Milliseconds since the Unix epoch, the storage form of instants (and back).
std::int64_t to_unix_ms(TimePoint time) noexcept;
TimePoint from_unix_ms(std::int64_t milliseconds) noexcept;

} // namespace newsarc::archive
