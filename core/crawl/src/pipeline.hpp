// The page stage of the crawl: a fetched response becomes archive records (capture, article version, fetch log)
// and discovered requests. This is the one place where plugins plug in. It runs in two halves: prepare() (decode,
// parse, plugins, cleaning, topic, links: CPU only, on any of the crawl's page threads) and commit() (the
// archive writes, on the one writer thread, in the order the pages were fetched).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "article_writer.hpp"
#include "discovered_requests.hpp"
#include "fetch/transfer.hpp"
#include "newsarc/archive/store.hpp"
#include "newsarc/crawl/frontier.hpp"
#include "newsarc/crawl/health.hpp"
#include "newsarc/crawl/outcome.hpp"
#include "redirects.hpp"
#include "scope.hpp"
#include "site_plugins.hpp"

namespace newsarc::crawl {

/// A response (or a final transport failure) ready for processing.
struct FetchedPage {
    Lease lease;
    fetch::FetchResult result;
    Outcome outcome = Outcome::ok;     ///< its fetch-log outcome, decided by the engine (ok, redirect, ...)
    std::int64_t previous_capture = 0; ///< the capture a conditional request was based on (for a 304)
    archive::TimePoint fetched_at{};
};

/// What processing decided.
struct PageResult {
    Outcome outcome = Outcome::ok;           ///< the fetch-log outcome recorded
    bool success = false;                    ///< done (true) or failed (false) in the frontier
    DiscoveredRequests discovered;           ///< in-scope requests to add (the frontier drops known ones)
    std::optional<ArticleResult::State> article; ///< what became of the article, when one was extracted
    std::string redirect_target; ///< a 3xx answer's Location, resolved (a refused hop is reported with it)
    bool fallback = false;       ///< the article came from the generic extractor standing in for the site plugin
    std::string site;            ///< the site plugin whose page this was ("" for pages no site plugin reads)
    SiteCounts site_counts;      ///< what the page adds to that site's health counters
};

/// A page after prepare(): what the CPU half decided, waiting for the writer. For an ok response it holds the
/// article and the links; other responses (redirects, 304s, failures) read or write the archive to be decided, so
/// commit() does all of their work.
struct PreparedPage {
    const FetchedPage* page = nullptr;       ///< the page itself, kept alive by the caller until commit() returns
    bool prepared = false;                   ///< the CPU half ran (ok responses only)
    PageResult out;                          ///< what commit() returns, its archive-dependent parts still open
    std::string detail;                      ///< the fetch-log detail so far
    std::string base_url;                    ///< the URL the page was read as (its final URL after a redirect)
    std::string document_url;                ///< the document it is for
    std::optional<plugin_host::PageOutcome> plugin; ///< the plugin's answer (its article and links taken out)
    std::optional<CleanedArticle> article;   ///< cleaned and scored, to be written when it is kept
    std::string site;                        ///< the site the article's document belongs to
};

/// How the page stage finds pages of sites no plugin reads ([discovery]).
struct DiscoveryRules {
    bool sitemaps = true;            ///< read sitemaps and feeds, follow feed links of pages
    std::size_t max_bytes = 10 << 20; ///< a gzipped sitemap may inflate to this much (network.max_body_mb)
};

/// The page stage. prepare() only reads shared, immutable state (scope, plugins, cleaning rules) and may run on
/// many threads at once; commit(), process() and record() write the archive Store and run on one thread.
class Pipeline {
public:
    Pipeline(archive::Store& store, const Scope& scope, const SitePlugins& plugins, const ArticleWriter& articles,
             const RedirectRules& redirects, DiscoveryRules discovery = {});

    /// Archives the page and finds what to crawl next. The response is stored as a capture; the plugin for
    /// its URL discovers the requests to follow and extracts the article, which is cleaned, scored and stored
    /// as a version (ArticleWriter). Without a site plugin (or with only the "*" fallback) an HTML page's
    /// <a href> links (after charset decoding) are followed. A redirect is stored as a capture of its own and
    /// its target, when RedirectRules admit it, is the one discovered request. Every call appends one fetch-log
    /// entry.
    /// Throws ArchiveError when the archive fails.
    /// Both halves on the calling thread: commit(prepare(page)).
    PageResult process(const FetchedPage& page);

    /// The CPU half of process(): everything that does not touch the archive. Thread-safe; never throws for a
    /// bad page (plugins' failures are part of the answer), only for resource exhaustion.
    [[nodiscard]] PreparedPage prepare(const FetchedPage& page) const;

    /// The archive half of process(): writes what `prepared` holds (or, for a page prepare() left alone, does all
    /// its work) and returns the result. Throws ArchiveError when the archive fails.
    PageResult commit(PreparedPage& prepared);

    /// Appends a fetch-log entry on its own (retried attempts, robots refusals, robots.txt fetches).
    void record(const archive::FetchLogEntry& entry);

private:
    struct PageRead; // a body decoded, parsed and read by the plugins (pipeline.cpp)

    /// Decodes `body` as the crawl reads a response, parses it when a plugin serves the document, and runs the
    /// plugins over it (extracting when `extract`).
    void read_page(PageRead& read, const FetchedPage& page, const std::string& body, std::string_view content_type,
                   bool extract) const;
    /// The requests a read page leads to: its feeds, its plugin's links or the links found in it.
    void discover_links(const PageRead& read, const FrontierRequest& request, PageResult& out) const;
    /// commit() of a page prepare() left alone: a 304 or a failure.
    PageResult commit_unprepared(const FetchedPage& page);
    /// The base and document URLs of a fetched page (read.base_url, read.document_url).
    void locate(PageRead& read, const FetchedPage& page) const;

    /// Runs the plugins over a page's text; nullopt when none claims it. With `extract`, `fallback` receives the
    /// generic extractor's article when the site plugin gave none (SitePlugins::run_fallback).
    std::optional<plugin_host::PageOutcome> run_plugins(const FrontierRequest& request, const std::string& url,
                                                        const std::string& content_type, std::string_view text,
                                                        archive::TimePoint fetched_at, bool extract,
                                                        const dom::Document* parsed,
                                                        std::optional<plugin_host::PageOutcome>* fallback) const;
    /// `request` (a plugin's or a plain link) as a frontier request one level deeper, or nullopt when it is off
    /// scope, too deep, or a URL the plugins ignore.
    std::optional<FrontierRequest> admit(const plugin_host::Request& request, int depth) const;
    /// What a site plugin's page adds to its site's health counters (out.site_counts).
    void count_page(const plugin_host::PageOutcome& plugin, const CleanedArticle* article,
                    const ArticleResult* written, PageResult& out) const;
    /// The URLs a sitemap or feed body lists, newest first, as discovered requests (a sitemap index's entries are
    /// feeds to fetch in turn); false when the body is no sitemap or feed. `detail` gets what was read.
    bool discover_from_feed(std::string_view body, const std::string& base_url, int depth, PageResult& out,
                            std::string& detail) const;
    /// A 3xx answer: its capture, its fetch-log entry and, when admitted, the request for its target.
    PageResult process_redirect(const FetchedPage& page);

    archive::Store& store_;
    const Scope& scope_;
    const SitePlugins& plugins_;
    const ArticleWriter& articles_;
    const RedirectRules& redirects_;
    DiscoveryRules discovery_;
};

/// A plugin's request (or a link) as a frontier request at `depth`: URL and document URL normalised; nullopt
/// for a URL that is not http(s). No scope check. `host`, when given, receives the URL's host (lower case).
std::optional<FrontierRequest> to_frontier_request(const plugin_host::Request& request, const UrlOptions& options,
                                                   int depth, std::string* host = nullptr);

/// A plain GET (its URL normalised) as the plugin of its host wants it fetched (SitePlugins::prepare), the
/// plugin's URL normalised; nullopt when the plugin ignores the URL. Plugin requests (POST, a document URL) are
/// returned unchanged.
std::optional<FrontierRequest> prepare_request(FrontierRequest request, const SitePlugins& plugins,
                                               const UrlOptions& options);

/// The fetch-log entry of a fetch attempt.
archive::FetchLogEntry log_entry(const Lease& lease, const fetch::FetchResult& result, Outcome outcome,
                                 const std::string& detail);

} // namespace newsarc::crawl
