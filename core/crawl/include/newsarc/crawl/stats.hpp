// The counters of one crawl run: totals, by HTTP status, by host and by fetch outcome.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "newsarc/crawl/health.hpp"

namespace newsarc::crawl {

/// A redirect hop the crawl refused to follow, for --stats-json.
struct RefusedRedirect {
    std::string from;    ///< the URL that answered 3xx
    std::string to;      ///< its Location, resolved
    std::string outcome; ///< redirect_out_of_scope, redirect_private, redirect_robots_denied, ...
};

/// How many refused hops CrawlStats lists by name (the rest are counted in by_outcome only).
inline constexpr std::size_t kRefusedRedirectsListed = 1000;

struct CrawlStats {
    std::string job;
    std::int64_t fetched = 0;       ///< fetch attempts that ended (any outcome), robots.txt included
    std::int64_t ok = 0;            ///< pages that ended with a 2xx response
    std::int64_t not_modified = 0;  ///< pages that ended with 304
    std::int64_t redirects = 0;     ///< redirect hops followed (each target is a request of its own)
    std::int64_t fallbacks = 0;     ///< articles the generic extractor gave where the site plugin gave none
    std::int64_t errors = 0;        ///< pages that ended in failure (after retries)
    std::int64_t retries = 0;       ///< attempts that were retried
    std::int64_t robots_denied = 0; ///< URLs robots.txt refused (never fetched)
    std::int64_t revisits = 0;      ///< archived articles queued again to catch edits ([recrawl])
    std::int64_t discovered = 0;    ///< new requests added to the frontier (seeds included)
    std::int64_t queued = 0;        ///< requests waiting when the stats were taken
    std::int64_t in_flight = 0;     ///< transfers running when the stats were taken
    std::int64_t pages = 0;         ///< pages counted against max_pages, this crawl (earlier runs included)
    std::int64_t bytes = 0;         ///< body bytes received (after decompression)
    double elapsed_s = 0;
    int page_threads = 0;     ///< threads that processed pages (one more wrote the archive)
    bool resumed = false;     ///< this run continued an unfinished crawl
    bool finished = false;    ///< the crawl is complete (nothing left, or max_pages reached)
    bool interrupted = false; ///< stopped by SIGINT/SIGTERM; the next run resumes
    std::string snapshot;     ///< the snapshot taken after the run (job key snapshot = "after-run"), or empty
    std::string exported_to;  ///< the folder that snapshot was exported into (job key export_dir), or empty
    std::map<int, std::int64_t> by_status;         ///< HTTP status of each attempt that got a response
    std::map<std::string, std::int64_t> by_host;   ///< attempts per origin
    std::map<std::string, std::int64_t> by_outcome; ///< final outcome per request ("ok", "timeout", ...)
    /// The first kRefusedRedirectsListed refused redirect hops, in the order they were refused.
    std::vector<RefusedRedirect> refused_redirects;
    /// What this run saw of each site plugin's pages (stored per run in the archive: `newsarc health`).
    std::map<std::string, SiteCounts> by_site;
    /// Sites this finished run left degraded, judged against their earlier runs ([health]); exit code 3.
    std::vector<SiteHealth> degraded;
    /// Extracted articles by what became of them ("stored", "unchanged", "off_topic", "empty").
    std::map<std::string, std::int64_t> by_article;

    /// Pages per second over elapsed_s.
    [[nodiscard]] double pages_per_second() const noexcept;
};

/// The stats as a JSON object (for --stats-json and the archive's run record).
std::string to_json(const CrawlStats& stats);

} // namespace newsarc::crawl
