// Listing the archive's documents newest first, filtered and paged by a cursor (serve's front page), and the
// sites with their document counts (its site filter).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/archive/store.hpp"

namespace newsarc::archive {

/// Which documents by their state.
enum class DocumentState : std::uint8_t {
    any = 1,       ///< every document that has a version
    live = 2,      ///< not marked gone
    gone = 3,      ///< marked gone (404/410)
    paywalled = 4, ///< the latest version is a teaser
};

/// Filters of list_documents / count_documents; they combine (AND). Only documents with at least one version
/// are listed.
struct DocumentFilter {
    std::string site;                        ///< non-empty: only this site
    /// The document's date (`DocumentRow::listed_at`) lies in [since, until]; either end open when unset.
    std::optional<TimePoint> since;
    std::optional<TimePoint> until;
    std::optional<double> min_topic_score;   ///< latest version's topic_score >= this (unscored ones left out)
    DocumentState state = DocumentState::any;
};

/// One document as the listing shows it (its latest version).
struct DocumentRow {
    std::int64_t order = 0;                  ///< insertion order (documents.id)
    std::string doc_id;
    std::string url;
    std::string site;
    std::string title;
    std::string published_at;                ///< stored form "YYYY-MM-DDTHH:MM:SS+08:00", or empty
    TimePoint first_seen{};
    TimePoint listed_at{};                   ///< published_at when the latest version has one, else first_seen:
                                             ///< the listing's order (newest first) and the date filters
    int latest_version = 0;
    int versions = 0;                        ///< how many versions the document has
    std::optional<double> topic_score;
    bool gone = false;
    std::optional<TimePoint> gone_at;
    bool paywalled = false;
};

/// One page of the listing.
struct DocumentPage {
    std::vector<DocumentRow> rows;
    /// Pass to the next list_documents call for the following page; empty when this is the last page. A short
    /// text of digits and one '.', safe in a URL query string.
    std::string next_cursor;
};

/// Documents newest first (listed_at descending, then order descending), `limit` (1..1000, else
/// ArchiveError{invalid}) from `cursor` (empty: the first page; else a next_cursor of an earlier call with the
/// same filter; a malformed one throws ArchiveError{invalid}). Keyset paging: a deep page costs what the first
/// does. Documents added while paging appear on later pages only when they sort after the cursor.
DocumentPage list_documents(Store& store, const DocumentFilter& filter, std::string_view cursor = {},
                            std::size_t limit = 50);

/// How many documents list_documents(filter) walks through in all: one count over the filter's index range (no
/// texts read), plus each document's row when a minimum score limits it (bench_search, 100,000 documents: 1.6 ms
/// for one site, 5-15 ms for all, 35 ms for one site with a score and a date).
std::int64_t count_documents(Store& store, const DocumentFilter& filter);

/// A site and how many documents (with a version) it has.
struct SiteCount {
    std::string site;
    std::int64_t documents = 0;
};

/// Every site, by name, with its document count (documents with a version; '' for documents without a site).
std::vector<SiteCount> list_sites(Store& store);

} // namespace newsarc::archive
