// CaptureRows: what the WARC code needs of the captures table that the Store API does not hand out (a capture's
// stored header text, the redirects that lead to a URL, and whether a capture is already archived), read through a
// second, read-only connection.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/archive/records.hpp"
#include "sqlite.hpp"

namespace newsarc::archive::detail {

/// A read-only connection to an archive a Store has open. It sees committed data only, which suffices: capture
/// rows never change once written. Throws ArchiveError naming the file, as the Store does.
class CaptureRows {
public:
    explicit CaptureRows(const std::filesystem::path& archive);

    /// One capture row with its header text and the document it belongs to.
    struct Row {
        CaptureInfo info;
        std::string headers; ///< "Name: value\n" lines, as fetched
        std::string doc_id;  ///< the capture's document; empty (with doc_url and site) for a non-article page
        std::string doc_url;
        std::string site;
    };

    /// Capture `id`, or nullopt when no committed capture has that id.
    std::optional<Row> capture(std::int64_t id);

    /// A 3xx capture, as a hop of a redirect chain.
    struct Redirect {
        std::int64_t id = 0;
        std::string url;
        TimePoint fetched_at{};
    };

    /// The 3xx captures whose redirect_to is `target`, fetched at or before `fetched_by`: per redirecting URL the
    /// latest one (the redirect as it stood when the target was fetched), oldest first (ties by URL, then id).
    std::vector<Redirect> redirects_to(std::string_view target, TimePoint fetched_by);

    /// True when a capture of `url` fetched at `fetched_at_ms` with `status` and this body (XXH3-128, empty for
    /// an empty body) is archived.
    bool contains(std::string_view url, std::int64_t fetched_at_ms, int status, std::string_view body_hash);

private:
    Database database_;
};

} // namespace newsarc::archive::detail
