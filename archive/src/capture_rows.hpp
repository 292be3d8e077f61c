// CaptureRows: what the WARC code needs of the captures table that the Store API does not hand out (a capture's
// stored header text, and whether a capture is already archived), read through a second, read-only connection.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "newsarc/archive/records.hpp"
#include "sqlite.hpp"

namespace newsarc::archive::detail {

/// A read-only connection to an archive a Store has open. It sees committed data only, which suffices: capture
/// rows never change once written. Throws ArchiveError naming the file, as the Store does.
class CaptureRows {
public:
    explicit CaptureRows(const std::filesystem::path& archive);

    /// One capture row with its header text.
    struct Row {
        CaptureInfo info;
        std::string headers; ///< "Name: value\n" lines, as fetched
    };

    /// Capture `id`, or nullopt when no committed capture has that id.
    std::optional<Row> capture(std::int64_t id);

    /// True when a capture of `url` fetched at `fetched_at_ms` with `status` and this body (XXH3-128, empty for
    /// an empty body) is archived.
    bool contains(std::string_view url, std::int64_t fetched_at_ms, int status, std::string_view body_hash);

private:
    Database database_;
};

} // namespace newsarc::archive::detail
