// The archive's numbers for monitoring (serve renders them as Prometheus text on /metrics): fetch outcomes by
// host, documents by state, per-site extraction success of the last run, recent run durations, table sizes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "newsarc/archive/browse.hpp"
#include "newsarc/archive/store.hpp"

namespace newsarc::archive {

/// Fetch-log attempts of one host with one outcome ("ok", "timeout", "http_error", ...), over the whole log.
struct FetchOutcomeCount {
    std::string host;
    std::string outcome;
    std::int64_t count = 0;
};

/// Documents by state. `live + gone == documents`; `articles` are documents with at least one version.
struct DocumentCounts {
    std::int64_t documents = 0;
    std::int64_t live = 0;          ///< not marked gone
    std::int64_t gone = 0;          ///< marked gone
    std::int64_t articles = 0;      ///< with a version
    std::int64_t paywalled = 0;     ///< articles whose latest version is a teaser
};

/// One site's extraction in its last recorded run (site_health; see `newsarc health`).
struct SiteExtraction {
    std::string site;
    std::string job;
    std::int64_t run_id = 0;
    TimePoint at{};                 ///< the run's start
    std::int64_t article_pages = 0; ///< article pages fetched
    std::int64_t extracted = 0;     ///< extracted by the site's own plugin
    std::int64_t stored = 0;        ///< new versions stored
    std::int64_t fallbacks = 0;     ///< pages the generic extractor had to take
    std::int64_t failed = 0;        ///< extraction failures, all reasons together
    std::optional<double> success;  ///< extracted / article_pages; nullopt without article pages
};

/// One finished job run.
struct RunDuration {
    std::string job;
    std::int64_t run_id = 0;
    TimePoint started{};
    TimePoint ended{};
    double seconds = 0;             ///< ended - started
    int exit_status = 0;
};

/// Everything collect_metrics reads, in one consistent view of the archive.
struct ArchiveMetrics {
    std::vector<FetchOutcomeCount> fetches;   ///< by host, then outcome
    DocumentCounts documents;
    std::vector<SiteCount> sites;             ///< documents (with a version) per site, as list_sites gives
    std::vector<SiteExtraction> extraction;   ///< by site name
    std::vector<RunDuration> runs;            ///< by job name, newest first within a job
    std::int64_t versions = 0;
    std::int64_t captures = 0;
    std::int64_t snapshots = 0;
    std::int64_t fetch_log_rows = 0;
    std::int64_t file_bytes = 0;              ///< page_count * page_size (WAL excluded)
};

/// Collects the numbers; `runs_per_job` bounds `runs` (the newest N of each job). Cheap enough for every
/// scrape of a large archive: the fetch-log counts come from a table the fetch-log writes keep in step
/// (schema 5), the rest from indexed counts. Works on a read-only Store.
ArchiveMetrics collect_metrics(Store& store, std::size_t runs_per_job = 5);

} // namespace newsarc::archive
