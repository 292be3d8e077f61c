// Helpers shared by the archive subcommands (import, export, snapshot, history, diff, stats): opening the
// archive named by --db, reading TIME arguments, showing times and sizes.
#pragma once
#include <string>
#include <string_view>

#include "command.hpp"
#include "newsarc/archive/store.hpp"

namespace newsarc::cli {

/// Opens --db for writing, creating it when missing. Throws ArchiveError (exit 1) naming the file.
archive::Store open_archive_for_writing(const GlobalOptions& global);

/// Opens --db for reading; never creates it and never writes it (an archive of an older schema is first
/// migrated through a writing open, the one exception). Throws ArchiveError (exit 1) naming the file.
archive::Store open_archive_for_reading(const GlobalOptions& global);

/// Parses a TIME argument ("YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]", ISO 8601 with offset); a bad value throws a
/// usage Failure (exit 2) naming the option and the value.
archive::TimePoint parse_time_argument(std::string_view option, std::string_view value);

/// "YYYY-MM-DD HH:MM:SS" in China time, for tables.
std::string show_time(archive::TimePoint time);

/// "12.3 MiB"-style size.
std::string show_bytes(std::int64_t bytes);

} // namespace newsarc::cli
