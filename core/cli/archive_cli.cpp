// The archive subcommands' shared helpers (see archive_cli.hpp).
#include "archive_cli.hpp"

#include <cstdio>

#include "newsarc/base/result.hpp"

namespace newsarc::cli {

archive::Store open_archive_for_writing(const GlobalOptions& global) {
    return archive::Store::open(global.db_path, archive::OpenMode::read_write);
}

archive::Store open_archive_for_reading(const GlobalOptions& global) {
    try {
        return archive::Store::open(global.db_path, archive::OpenMode::read_only);
    } catch (const archive::ArchiveError& error) {
        if (error.code() != archive::ArchiveErrc::read_only) {
            throw;
        }
    }
    // An older schema: migrate it once, then read through that connection.
    archive::OpenOptions options;
    options.create = false;
    return archive::Store::open(global.db_path, options);
}

archive::TimePoint parse_time_argument(std::string_view option, std::string_view value) {
    const auto parsed = archive::parse_time(value);
    if (!parsed) {
        throw usage_failure(std::string(option) + " '" + std::string(value) +
                            "' is not a time: use YYYY-MM-DD, 'YYYY-MM-DD HH:MM[:SS]' (China time) or ISO 8601 "
                            "with an offset (2024-05-01T08:00:00+08:00)");
    }
    return *parsed;
}

std::string show_time(archive::TimePoint time) {
    std::string iso = archive::format_iso(time);
    iso[10] = ' ';
    return iso.substr(0, 19);
}

std::string show_bytes(std::int64_t bytes) {
    static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, kUnits[unit]);
    return text;
}

} // namespace newsarc::cli
