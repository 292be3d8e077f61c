// Full-text search over the title and cleaned text of every document's latest version (schema 5: an SQLite
// FTS5 trigram index kept in step by the archive's writes). The code path of `newsarc search` and of serve's
// search page.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "newsarc/archive/store.hpp"

namespace newsarc::archive {

/// What to look for. `text` is matched as a literal substring (case-insensitive for ASCII letters): no query
/// syntax, so quotes, `*`, `AND`, `NEAR(` and the like are searched for as the characters they are.
struct SearchQuery {
    std::string text;                ///< required; empty or only white space throws ArchiveError{invalid}
    std::string site;                ///< non-empty: only documents of this site
    /// The document's date (the latest version's published_at, else when the document was first seen) lies in
    /// [since, until]; either end open when unset.
    std::optional<TimePoint> since;
    std::optional<TimePoint> until;
    bool include_gone = true;        ///< gone documents stay searchable (their hits say `gone`); false hides them
    std::size_t limit = 20;          ///< hits per page, 1..1000 (outside: ArchiveError{invalid})
    std::size_t offset = 0;          ///< hits to skip (paging: page n starts at n * limit)
    bool count_total = false;        ///< also count every match (costs a pass over all matches of the text)
};

/// A byte range of a UTF-8 text (always on character boundaries).
struct TextRange {
    std::size_t begin = 0;
    std::size_t size = 0;
};

/// One matching document. Texts are plain UTF-8 (no markup): whoever renders them escapes them, and the match
/// ranges say where to put the highlight.
struct SearchHit {
    std::int64_t order = 0;          ///< document insertion order (documents.id)
    std::string doc_id;              ///< 16 hex digits
    std::string url;
    std::string site;
    std::string title;               ///< of the latest version
    std::vector<TextRange> title_matches; ///< where the query occurs in `title`
    std::string published_at;        ///< stored form "YYYY-MM-DDTHH:MM:SS+08:00", or empty
    TimePoint first_seen{};
    int version = 0;                 ///< the latest version's number (the one searched)
    /// About 80 characters of the body around the first match (the start of the body when only the title
    /// matched), cut on character boundaries; "…" is not added: `snippet_starts`/`snippet_ends` say whether
    /// text was cut away before / after.
    std::string snippet;
    std::vector<TextRange> snippet_matches; ///< where the query occurs in `snippet`
    bool snippet_starts = true;      ///< the snippet begins at the start of the body
    bool snippet_ends = true;        ///< the snippet runs to the end of the body
    bool gone = false;               ///< the document was marked gone (404/410); it is still searchable
    std::optional<TimePoint> gone_at;
    bool paywalled = false;          ///< the latest version is a teaser
    std::optional<double> topic_score;
};

/// One page of hits, most recently archived document first (documents.id descending).
struct SearchResult {
    std::vector<SearchHit> hits;
    bool has_more = false;           ///< more hits follow this page (ask again with offset + limit)
    std::optional<std::int64_t> total; ///< every match (filters applied), when SearchQuery::count_total
    /// True when the hits come from a scan of the newest documents' texts rather than from the index. Only a text
    /// of one or two characters (below a trigram) is ever scanned: one the index's term list finds in many
    /// documents, or where reading the newest documents fills the page sooner. The hits and their order are the
    /// same either way.
    bool fallback_scan = false;
    /// False when that scan stopped at its bound (kFallbackScanDocuments documents read) before filling the
    /// page: documents older than those scanned were not searched, and `total` counts only what was scanned.
    bool scan_complete = true;
};

/// The most documents one fallback scan (a query of one or two characters) reads before it stops.
inline constexpr std::int64_t kFallbackScanDocuments = 20000;

/// Searches the archive. Works on a read-only Store, also while another process writes (it reads one
/// consistent snapshot). Throws ArchiveError{invalid} for an empty text or a bad limit; other failures as
/// Store does.
SearchResult search(Store& store, const SearchQuery& query);

} // namespace newsarc::archive
