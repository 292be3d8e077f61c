// The page stage of the crawl, run on the worker thread: a fetched response becomes archive records
// (capture, fetch log) and discovered requests. This is the one place where plugins plug in.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "fetch/transfer.hpp"
#include "newsarc/archive/store.hpp"
#include "newsarc/crawl/frontier.hpp"
#include "scope.hpp"

namespace newsarc::crawl {

/// A response (or a final transport failure) ready for processing.
struct FetchedPage {
    Lease lease;
    fetch::FetchResult result;
    std::string outcome;               ///< its fetch-log outcome, decided by the engine ("ok", "timeout", ...)
    std::int64_t previous_capture = 0; ///< the capture a conditional request was based on (for a 304)
    archive::TimePoint fetched_at{};
};

/// What processing decided.
struct PageResult {
    std::string outcome;                     ///< the fetch-log outcome recorded
    bool success = false;                    ///< done (true) or failed (false) in the frontier
    std::vector<FrontierRequest> discovered; ///< in-scope requests to add (the frontier drops known ones)
};

/// The page stage. Not thread-safe: it runs on the worker thread, which owns the archive Store.
class Pipeline {
public:
    Pipeline(archive::Store& store, const Scope& scope);

    /// Archives the page and finds what to crawl next. Without a site plugin: the response is stored as a
    /// capture (no document), and an HTML page's <a href> links (after charset decoding) are followed.
    /// Every call appends one fetch-log entry. Throws ArchiveError when the archive fails.
    PageResult process(const FetchedPage& page);

    /// Appends a fetch-log entry on its own (retried attempts, robots refusals, robots.txt fetches).
    void record(const archive::FetchLogEntry& entry);

private:
    archive::Store& store_;
    const Scope& scope_;
};

/// The fetch-log entry of a fetch attempt.
archive::FetchLogEntry log_entry(const Lease& lease, const fetch::FetchResult& result, const std::string& outcome,
                                 const std::string& detail);

} // namespace newsarc::crawl
