// The crawl engine: the network thread's loop (frontier leases, robots.txt fetches, retries, shutdown), with the
// per-host decisions (politeness, Crawl-delay, Retry-After, backoff, robots.txt expiry) asked of a HostScheduler
// on the loop's clock reading; page processing is handed to the worker thread. All shared crawl state lives on the
// network thread; the worker only touches the archive and hands results back through EventLoop::post.
#include "newsarc/crawl/engine.hpp"

#include <algorithm>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <vector>

#include "fetch/event_loop.hpp"
#include "newsarc/archive/store.hpp"
#include "newsarc/base/log.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/crawl/frontier.hpp"
#include "newsarc/crawl/frontier_redis.hpp"
#include "newsarc/crawl/host_scheduler.hpp"
#include "newsarc/crawl/robots.hpp"
#include "newsarc/crawl/url.hpp"
#include "pipeline.hpp"
#include "redirects.hpp"
#include "response_outcome.hpp"
#include "scope.hpp"
#include "page_workers.hpp"

namespace newsarc::crawl {
namespace {

using fetch::FetchOutcome;
using fetch::FetchResult;

// A run's sites are judged against this many earlier runs of theirs.
constexpr std::size_t kHealthRuns = 10;
// Archive writes are committed in batches of at most this many pages (fewer when the worker runs out of work):
// one commit per page cost more than the page itself (a dozen WAL page writes and file locks each). Well below
// the backlog that pauses fetching (at_global_limit), so a batch never holds back the pages that would refill it.
constexpr std::size_t kPagesPerCommit = 16;
// How often a worker of a shared frontier looks for hosts other workers found and for expired leases (and renews
// its own): the crawl's end waits for the last of them, so this bounds how late a worker notices new work.
constexpr milliseconds kSharedPoll{200};

/// The scheduler's clock, read once per turn of the event loop that schedules (the scheduler never reads one).
CrawlTime steady_now() {
    return std::chrono::time_point_cast<milliseconds>(std::chrono::steady_clock::now());
}

/// Unix milliseconds: the frontier's due times and the robots.txt cache are on the wall clock.
std::int64_t wall_ms() {
    return std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// The job's frontier: "<archive>.frontier" (SQLite), or the Redis one its [frontier] table names.
std::unique_ptr<Frontier> open_frontier(const JobConfig& job, const std::filesystem::path& archive_path) {
    if (job.frontier.backend == "redis") {
        RedisFrontierSettings settings;
        settings.url = job.frontier.url;
        settings.key_prefix = job.frontier.key_prefix.empty() ? job.name : job.frontier.key_prefix;
        settings.job = job.name;
        settings.lease = std::chrono::seconds(job.frontier.lease_s);
        return RedisFrontier::open(settings);
    }
    std::filesystem::path frontier_path = archive_path;
    frontier_path += ".frontier";
    return SqliteFrontier::open(frontier_path, job.name);
}

/// The job's address rule; its ranges were checked when the job file was read.
fetch::AddressPolicy address_policy(const NetworkConfig& network) {
    std::vector<fetch::AddressRange> ranges;
    for (const std::string& text : network.allow_private_ranges) {
        ranges.push_back(fetch::AddressRange::parse(text).value());
    }
    return fetch::AddressPolicy(network.allow_private, std::move(ranges));
}

class Engine {
public:
    Engine(const JobConfig& job, const CrawlOptions& options)
        : job_(job), options_(options), scope_(job),
          archive_path_(options.archive_path.value_or(std::filesystem::path(job.archive.path))),
          max_pages_(options.max_pages.value_or(job.scope.max_pages)), hosts_(SchedulerSettings::from(job)) {
        stats_.job = job.name;
    }

    CrawlStats run();

private:
    void start();
    void dispatch();
    void request_dispatch();
    // Hosts are named by the scheduler's views of their origins, valid for the whole run.
    void fill(std::string_view origin, CrawlTime now, std::int64_t wall, CrawlTime& wake);
    bool start_robots(std::string_view origin, CrawlTime now, std::int64_t wall, bool cache_usable);
    void apply_robots(std::string_view origin, int status, const std::string& body, CrawlTime fetched_at);
    void add_sitemap(std::string_view origin, const std::string& url);
    void on_robots(std::string_view origin, FetchResult result, const Lease& lease);
    void refuse(std::string_view origin, const Lease& lease);
    void give_up(const Lease& lease);
    void note_refused_redirect(std::string from, std::string to, Outcome outcome);
    void start_fetch(std::string_view origin, Lease lease, CrawlTime now);
    void on_fetched(std::string_view origin, Lease lease, FetchResult result, std::int64_t previous_capture);
    void on_processed(const std::vector<std::pair<Lease, PageResult>>& pages);
    void apply_processed(const Lease& lease, const PageResult& result);
    void run_on_worker(const std::function<void()>& job);
    void commit_on_worker();
    void activate(const std::string& origin);
    void maybe_finish();
    void poll_shared();
    void stop(int signal);
    void fail(std::exception_ptr error);
    void report_progress();
    void count_attempt(std::string_view origin, const FetchResult& result);
    void record_later(archive::FetchLogEntry entry);
    void worker_failed(std::exception_ptr error);
    [[nodiscard]] bool at_global_limit() const;
    [[nodiscard]] bool budget_reached() const { return pages_ >= max_pages_; }
    [[nodiscard]] std::string plugin_list() const;
    void add_revisits(const std::function<void(const FrontierRequest&)>& add);
    void record_run(std::chrono::system_clock::time_point started_at);
    void judge_sites();
    CrawlStats snapshot();

    const JobConfig& job_;
    const CrawlOptions& options_;
    Scope scope_;
    std::filesystem::path archive_path_;
    std::int64_t max_pages_;

    std::optional<archive::Store> write_store_; // the worker's
    std::optional<archive::Store> read_store_;  // the network thread's (validators)
    std::unique_ptr<Frontier> frontier_;
    bool dispatch_pending_ = false;
    std::unique_ptr<SitePlugins> plugins_;
    std::unique_ptr<ArticleWriter> articles_;
    std::unique_ptr<RedirectRules> redirects_;
    std::unique_ptr<Pipeline> pipeline_;
    std::unique_ptr<fetch::EventLoop> loop_;
    std::unique_ptr<PageWorkers> workers_;
    // The worker's open archive batch and the pages written in it, reported to the network thread once it commits
    // (a page is done in the frontier only when its records are durable). Touched on the worker thread only.
    std::optional<archive::Store::Transaction> worker_batch_;
    std::vector<std::pair<Lease, PageResult>> worker_written_;
    std::unique_ptr<fetch::Timer> wake_timer_;
    std::unique_ptr<fetch::Timer> progress_timer_;
    std::unique_ptr<fetch::Timer> grace_timer_;
    std::unique_ptr<fetch::Timer> shared_timer_;

    HostScheduler hosts_;
    std::int64_t in_flight_ = 0;  // transfers running, robots.txt included
    std::int64_t processing_ = 0; // pages handed to the worker, not yet back
    std::int64_t queued_ = 0;
    std::int64_t pages_ = 0;
    bool stopping_ = false;
    std::exception_ptr fatal_;
    std::mutex worker_error_mutex_;
    std::exception_ptr worker_error_; // guarded by worker_error_mutex_
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    CrawlStats stats_;
};

CrawlStats Engine::run() {
    const auto started_at = std::chrono::system_clock::now();
    // Plugins, cleaning rules and topic first: a mistake in the job's settings stops it before any file opens.
    plugins_ = std::make_unique<SitePlugins>(job_);
    articles_ = std::make_unique<ArticleWriter>(job_);
    write_store_.emplace(archive::Store::open(archive_path_));
    read_store_.emplace(archive::Store::open(archive_path_, archive::OpenMode::read_only));
    frontier_ = open_frontier(job_, archive_path_);
    redirects_ = std::make_unique<RedirectRules>(scope_, *plugins_, address_policy(job_.network),
                                                 job_.network.max_redirects);
    DiscoveryRules discovery;
    discovery.sitemaps = job_.discovery.sitemaps;
    discovery.max_bytes = static_cast<std::size_t>(job_.network.max_body_mb * 1024 * 1024);
    pipeline_ = std::make_unique<Pipeline>(*write_store_, scope_, *plugins_, *articles_, *redirects_, discovery);

    fetch::ClientOptions client;
    client.user_agent = job_.network.user_agent;
    client.connect_to = job_.network.connect_to;
    client.addresses = address_policy(job_.network);
    client.ca_file = job_.network.ca_file;
    client.connect_timeout_ms = job_.network.connect_timeout_s * 1000L;
    client.timeout_ms = job_.network.timeout_s * 1000L;
    client.low_speed_bytes = job_.network.low_speed_bytes;
    client.low_speed_s = job_.network.low_speed_s;
    client.max_body_bytes = static_cast<std::uint64_t>(job_.network.max_body_mb * 1024 * 1024);
    client.http2 = job_.network.http2;
    client.max_host_connections = job_.politeness.per_host;
    // The engine keeps at most `global` transfers in flight; curl may keep more connections open, idle, so that
    // a host's next request finds its connection still there. With the cap at `global`, every request to another
    // host than the one just finished closed an idle connection and opened a new one (strace, 5 hosts, 3,000
    // pages: 978 connects, 154 with this).
    client.max_total_connections = 4L * job_.politeness.global;
    loop_ = std::make_unique<fetch::EventLoop>(client);
    wake_timer_ = loop_->make_timer();
    progress_timer_ = loop_->make_timer();
    grace_timer_ = loop_->make_timer();
    shared_timer_ = loop_->make_timer();
    workers_ = std::make_unique<PageWorkers>(page_thread_count(options_.workers),
                                             [this](std::exception_ptr error) { worker_failed(error); });

    try {
        start();
        loop_->run();
    } catch (...) {
        fatal_ = fatal_ ? fatal_ : std::current_exception();
    }
    stats_ = snapshot();
    workers_->finish(); // every page handed over is processed and written
    if (frontier_->shared()) {
        // Leases not ended by now (a stop, a failure) go back at once for the other workers, not after lease_s.
        try {
            frontier_->release_held();
        } catch (...) {
            fatal_ = fatal_ ? fatal_ : std::current_exception();
        }
    }
    if (!fatal_ && worker_error_) {
        fatal_ = worker_error_;
    }
    if (!fatal_ && stats_.finished && options_.after_finished) {
        try {
            options_.after_finished(*write_store_, stats_); // the job runner's snapshot and export
        } catch (...) {
            fatal_ = std::current_exception();
        }
    }
    if (fatal_) {
        record_run(started_at);
        std::rethrow_exception(fatal_);
    }
    record_run(started_at);
    if (stats_.finished) {
        frontier_->finish();
    }
    log::get("engine")->info("event=crawl_end job={} finished={} interrupted={} ok={} errors={} fetched={} "
                             "elapsed_s={:.1f}",
                             job_.name, stats_.finished, stats_.interrupted, stats_.ok, stats_.errors,
                             stats_.fetched, stats_.elapsed_s);
    return stats_;
}

void Engine::start() {
    stats_.resumed = frontier_->resumed();
    pages_ = frontier_->pages_started();
    frontier_->transaction([&] {
        const auto add = [&](const FrontierRequest& request) {
            if (auto prepared = prepare_request(request, *plugins_, scope_.url_options())) {
                if (frontier_->push(*prepared)) {
                    ++stats_.discovered;
                }
            }
        };
        for (const auto& seed : job_.seeds) {
            auto url = normalize_url(seed, scope_.url_options());
            auto parts = url ? split_url(url.value()) : Result<UrlParts>(url.error());
            if (!parts) {
                log::get("engine")->warn("event=seed_refused seed=\"{}\" error=\"{}\"", seed, parts.error().message);
                continue;
            }
            FrontierRequest request;
            request.url = url.value();
            request.origin = parts->origin;
            add(request);
        }
        if (job_.plugins.seeds) {
            for (const plugin_host::Request& start : plugins_->start_requests()) {
                if (auto request = to_frontier_request(start, scope_.url_options(), 0)) {
                    add(*request);
                }
            }
        }
        if (!stats_.resumed && job_.recrawl.enabled && !job_.recrawl.steps.empty()) {
            add_revisits(add);
        }
    });
    for (const auto& origin : frontier_->origins_with_work()) {
        activate(origin);
    }
    queued_ = frontier_->counts().queued;
    log::get("engine")->info("event=crawl_start job={} resumed={} queued={} pages_done={} archive=\"{}\" plugins={}",
                             job_.name, stats_.resumed, queued_, pages_, archive_path_.string(),
                             plugin_list());
    if (options_.handle_signals) {
        loop_->on_signal([this](int signal) { stop(signal); });
    }
    if (options_.on_progress) {
        report_progress();
    }
    if (frontier_->shared()) {
        shared_timer_->arm(kSharedPoll, [this] { poll_shared(); });
    }
    loop_->post([this] { dispatch(); });
}

void Engine::poll_shared() {
    try {
        frontier_->keep_alive();
        if (!stopping_) {
            for (const auto& origin : frontier_->origins_with_work()) {
                activate(origin);
            }
        }
    } catch (...) {
        fail(std::current_exception());
        return;
    }
    shared_timer_->arm(kSharedPoll, [this] { poll_shared(); });
    request_dispatch();
}

bool Engine::at_global_limit() const {
    // Pages waiting for the worker count too: fetching far ahead of processing only piles up bodies.
    return in_flight_ >= job_.politeness.global || processing_ >= 2L * job_.politeness.global + 8;
}

void Engine::activate(const std::string& origin) {
    if (hosts_.add_work(origin)) {
        // A host no site plugin reads: its sitemaps tell what it has (robots.txt may name more, apply_robots).
        for (const char* path : {"/sitemap.xml", "/sitemap_index.xml"}) {
            add_sitemap(origin, origin + path);
        }
    }
}

void Engine::dispatch() {
    if (stopping_) {
        maybe_finish();
        return;
    }
    const CrawlTime now = steady_now();
    const std::int64_t wall = wall_ms();
    CrawlTime wake = CrawlTime::max();
    // The leases of one round share one frontier commit: a commit per lease cost a WAL write and two file
    // locks per page. A lease lost to a crash before the commit leaves its URL queued, fetched after resume.
    frontier_->transaction([&] {
        for (const std::string_view origin : hosts_.round()) {
            if (at_global_limit()) {
                break;
            }
            fill(origin, now, wall, wake);
        }
    });
    hosts_.end_round();
    if (wake != CrawlTime::max()) {
        wake_timer_->arm(std::max(milliseconds(0), wake - now), [this] { dispatch(); });
    }
    maybe_finish();
}

void Engine::request_dispatch() {
    // Transfers that finish in the same turn of the event loop share one dispatch round, and so one frontier
    // commit for their leases, instead of a round each.
    if (dispatch_pending_) {
        return;
    }
    dispatch_pending_ = true;
    loop_->post([this] {
        dispatch_pending_ = false;
        dispatch();
    });
}

void Engine::fill(std::string_view origin, CrawlTime now, std::int64_t wall, CrawlTime& wake) {
    // Once max_pages is reached nothing more is started, robots.txt included (it used to be fetched for hosts
    // found after the last page, to no use).
    while (!at_global_limit() && !budget_reached()) {
        const HostTurn turn = hosts_.turn(origin, now);
        switch (turn.step) {
        case HostTurn::Step::busy:
        case HostTurn::Step::idle: return;
        case HostTurn::Step::wait: wake = std::min(wake, turn.at); return;
        case HostTurn::Step::robots:
            if (!start_robots(origin, now, wall, turn.robots_cache_usable)) {
                return; // fetching it
            }
            continue; // answered from the cache
        case HostTurn::Step::fetch: break;
        }
        frontier_->politeness(origin, job_.politeness.per_host, hosts_.delay(origin).count());
        std::optional<Lease> lease = frontier_->lease(origin, wall);
        if (!lease) {
            if (const auto due = frontier_->next_due(origin)) {
                const CrawlTime at = now + milliseconds(std::max(*due, wall + 1) - wall);
                hosts_.work_due(origin, at);
                wake = std::min(wake, at);
            } else {
                hosts_.no_work(origin);
            }
            return;
        }
        --queued_;
        if (lease->attempts > job_.network.retries) {
            give_up(*lease); // its last attempt was cut short by a kill: asking again would exceed `retries`
            continue;
        }
        if (job_.politeness.robots) {
            const auto parts = split_url(lease->request.url);
            if (!parts || !hosts_.rules(origin).allowed(parts->path_and_query)) {
                refuse(origin, *lease);
                continue;
            }
        }
        start_fetch(origin, std::move(*lease), now);
    }
}

bool Engine::start_robots(std::string_view origin, CrawlTime now, std::int64_t wall, bool cache_usable) {
    if (cache_usable) {
        if (const auto cached = frontier_->robots(origin)) {
            const CrawlTime fetched_at = now - milliseconds(wall - cached->fetched_ms);
            if (HostScheduler::robots_fresh(fetched_at, now)) {
                apply_robots(origin, cached->status, cached->body, fetched_at);
                return true;
            }
        }
    }
    hosts_.robots_fetch_started(origin, now);
    ++in_flight_;
    Lease lease; // robots.txt is not a frontier request; the lease only names it in the fetch log
    lease.request.url = std::string(origin) + "/robots.txt";
    lease.request.origin = std::string(origin);
    lease.attempts = hosts_.robots_attempts(origin);
    fetch::FetchRequest request;
    request.url = lease.request.url;
    request.follow_redirects = true; // RFC 9309 2.3.1.2; the address rule still holds for every hop
    loop_->fetch(std::move(request),
                 [this, origin, lease](FetchResult result) { on_robots(origin, std::move(result), lease); });
    return false;
}

void Engine::add_sitemap(std::string_view origin, const std::string& url) {
    if (!job_.discovery.sitemaps || !plugins_->site_of(std::string(origin) + "/").empty()) {
        return;
    }
    auto normalized = normalize_url(url, scope_.url_options());
    auto parts = normalized ? split_url(normalized.value()) : Result<UrlParts>(normalized.error());
    if (!parts || !(scope_.host_in_scope(parts->host) || plugins_->claims(parts->host))) {
        return; // a robots.txt may name another host's sitemap: scope holds
    }
    FrontierRequest request;
    request.url = std::move(normalized.value());
    request.origin = parts->origin;
    request.kind = PageKind::feed; // fetched in full on every run
    if (frontier_->push(request)) {
        ++queued_;
        ++stats_.discovered;
        activate(parts->origin);
    }
}

void Engine::apply_robots(std::string_view origin, int status, const std::string& body, CrawlTime fetched_at) {
    // 3xx after too many redirects, 4xx: "unavailable", allow all (RFC 9309 2.3.1.3).
    RobotsRules rules = status >= 200 && status < 300 ? RobotsRules::parse(body, robots_token(job_.network.user_agent))
                                                      : RobotsRules::allow_all();
    for (const std::string& sitemap : rules.sitemaps()) {
        add_sitemap(origin, sitemap);
    }
    hosts_.robots_answered(origin, std::move(rules), fetched_at);
}

void Engine::on_robots(std::string_view origin, FetchResult result, const Lease& lease) {
    --in_flight_;
    if (result.outcome == FetchOutcome::cancelled) {
        hosts_.fetch_cancelled(origin);
        maybe_finish();
        return;
    }
    hosts_.transfer_ended(origin);
    const CrawlTime now = steady_now();
    count_attempt(origin, result);
    const Outcome outcome = outcome_of(result);
    const int status = result.http_status;
    record_later(log_entry(lease, result, outcome, result.error.empty() ? "robots.txt" : result.error));
    const bool answered = result.outcome == FetchOutcome::ok && status != 429 && status < 500;
    if (answered) {
        frontier_->store_robots(origin, CachedRobots{wall_ms(), status, result.body});
        apply_robots(origin, status, result.body, now);
        log::get("robots")->debug("event=robots origin={} status={} rules={} crawl_delay_ms={}", origin, status,
                                  hosts_.rules(origin).rule_count(), hosts_.delay(origin).count());
    } else if (!hosts_.robots_failed(origin, now, !stopping_)) {
        log::get("robots")->warn("event=robots_unavailable origin={} outcome={} status={}", origin,
                                 to_string(outcome), status);
    }
    dispatch();
}

void Engine::refuse(std::string_view origin, const Lease& lease) {
    // A redirect target is refused as the chain's end: the redirecting page must not lead around robots.txt.
    const bool redirected = !lease.request.redirect_chain.empty();
    const bool unavailable = hosts_.robots_unavailable(origin);
    const Outcome outcome = redirected    ? Outcome::redirect_robots_denied
                            : unavailable ? Outcome::robots_unavailable
                                          : Outcome::robots_denied;
    frontier_->mark_failed(lease.id, outcome);
    ++stats_.robots_denied;
    ++stats_.by_outcome[std::string(to_string(outcome))];
    std::string detail = unavailable ? "robots.txt unreachable: complete disallow assumed"
                                     : "disallowed by " + std::string(origin) + "/robots.txt";
    if (redirected) {
        detail += "; redirected from " + std::string(RedirectRules::previous_hop(lease.request));
        note_refused_redirect(std::string(RedirectRules::previous_hop(lease.request)), lease.request.url, outcome);
    }
    record_later(log_entry(lease, FetchResult{}, outcome, detail));
}

void Engine::note_refused_redirect(std::string from, std::string to, Outcome outcome) {
    if (stats_.refused_redirects.size() < kRefusedRedirectsListed) {
        stats_.refused_redirects.push_back(
            RefusedRedirect{std::move(from), std::move(to), std::string(to_string(outcome))});
    }
}

void Engine::give_up(const Lease& lease) {
    const Outcome outcome = Outcome::retries_exhausted;
    frontier_->mark_failed(lease.id, outcome);
    ++stats_.errors;
    ++stats_.by_outcome[std::string(to_string(outcome))];
    record_later(log_entry(lease, FetchResult{}, outcome,
                           std::to_string(lease.attempts) + " attempts already made (network.retries = " +
                               std::to_string(job_.network.retries) + "), the last one cut short by a stop"));
}

void Engine::start_fetch(std::string_view origin, Lease lease, CrawlTime now) {
    hosts_.fetch_started(origin, now);
    ++in_flight_;
    if (lease.attempts == 0) {
        ++pages_;
    }
    fetch::FetchRequest request;
    request.url = lease.request.url;
    request.method = lease.request.method;
    request.body = lease.request.body;
    request.headers = lease.request.headers;
    std::int64_t previous_capture = 0;
    // Seeds, list and feed pages are fetched in full each time: their links are what a crawl needs.
    const bool conditional =
        lease.request.depth > 0 && !refetched_in_full(lease.request.kind) && lease.request.method == "GET";
    if (conditional) {
        if (const auto validators = read_store_->last_validators(lease.request.url)) {
            request.if_none_match = validators->etag;
            request.if_modified_since = validators->last_modified;
            previous_capture = validators->capture_id;
        }
    }
    log::get("fetch")->debug("event=fetch url={} attempt={} conditional={}", lease.request.url, lease.attempts + 1,
                             previous_capture != 0);
    loop_->fetch(std::move(request), [this, origin, lease = std::move(lease), previous_capture](FetchResult result) {
        on_fetched(origin, lease, std::move(result), previous_capture);
    });
}

void Engine::count_attempt(std::string_view origin, const FetchResult& result) {
    ++stats_.fetched;
    stats_.bytes += static_cast<std::int64_t>(result.body_bytes);
    ++stats_.by_host[std::string(origin)];
    if (result.http_status != 0) {
        ++stats_.by_status[result.http_status];
    }
}

void Engine::record_later(archive::FetchLogEntry entry) {
    workers_->submit_write([this, entry = std::move(entry)] { run_on_worker([&] { pipeline_->record(entry); }); });
}

void Engine::run_on_worker(const std::function<void()>& job) {
    try {
        if (!worker_batch_) {
            worker_batch_.emplace(*write_store_);
        }
        job();
        if (workers_->pending() == 0 || worker_written_.size() >= kPagesPerCommit) {
            commit_on_worker();
        }
    } catch (...) {
        // The failed job's own writes were rolled back (Store::batch); what the batch holds before it is kept.
        try {
            commit_on_worker();
        } catch (...) {
            worker_written_.clear(); // not archived: the frontier keeps these pages to fetch again
        }
        worker_batch_.reset();
        worker_failed(std::current_exception());
    }
}

void Engine::commit_on_worker() {
    if (worker_batch_) {
        worker_batch_->commit();
        worker_batch_.reset();
    }
    if (!worker_written_.empty()) {
        auto written = std::make_shared<std::vector<std::pair<Lease, PageResult>>>(std::move(worker_written_));
        worker_written_.clear();
        loop_->post([this, written] { on_processed(*written); });
    }
}

void Engine::worker_failed(std::exception_ptr error) {
    {
        // Kept here too: the loop may already have stopped when the last worker jobs run.
        std::lock_guard lock(worker_error_mutex_);
        if (!worker_error_) {
            worker_error_ = error;
        }
    }
    loop_->post([this, error] { fail(error); });
}

void Engine::on_fetched(std::string_view origin, Lease lease, FetchResult result, std::int64_t previous_capture) {
    --in_flight_;
    if (result.outcome == FetchOutcome::cancelled) {
        // Stopping: the request goes back to the queue for the next run.
        hosts_.fetch_cancelled(origin);
        frontier_->put_back(lease.id);
        ++queued_;
        if (lease.attempts == 0) {
            --pages_;
        }
        maybe_finish();
        return;
    }
    count_attempt(origin, result);
    Outcome outcome = outcome_of(result);
    if (result.outcome == FetchOutcome::private_address && !lease.request.redirect_chain.empty()) {
        outcome = Outcome::redirect_private; // the target's name resolved to a refused address
    }
    std::string detail = !result.error.empty() ? result.error : "HTTP " + std::to_string(result.http_status);
    if (auto reason = block_page_reason(result, outcome)) {
        outcome = Outcome::blocked;
        detail = "blocked: " + *reason;
    }
    const auto retry_after = result.outcome == FetchOutcome::ok
                                 ? parse_retry_after(result.retry_after, std::chrono::system_clock::now())
                                 : std::nullopt;
    const CrawlTime finished_at = steady_now();
    const RetryVerdict verdict =
        hosts_.fetch_finished(origin, outcome, result.http_status, lease.attempts, retry_after, finished_at);
    if (retry_after || outcome == Outcome::blocked) {
        // The host's pause holds for every worker of a shared frontier.
        frontier_->hold_host(origin, (hosts_.next_start(origin) - finished_at).count());
    }
    if (verdict.retry) {
        frontier_->retry_at(lease.id, wall_ms() + verdict.wait.count(), outcome);
        ++queued_;
        ++stats_.retries;
        log::get("fetch")->debug("event=retry url={} outcome={} status={} attempt={} wait_ms={}", lease.request.url,
                                 to_string(outcome), result.http_status, lease.attempts + 1, verdict.wait.count());
        record_later(log_entry(lease, result, outcome,
                               detail + "; retry in " + std::to_string(verdict.wait.count()) + " ms"));
        request_dispatch();
        return;
    }
    if (result.outcome != FetchOutcome::ok) {
        log::get("fetch")->debug("event=failed url={} outcome={} attempts={} error=\"{}\"", lease.request.url,
                                 to_string(outcome), lease.attempts + 1, result.error);
    }
    ++processing_;
    auto page = std::make_shared<FetchedPage>();
    page->lease = std::move(lease);
    page->result = std::move(result);
    page->outcome = outcome;
    if (page->outcome == Outcome::blocked) {
        page->result.error = detail;
    }
    page->previous_capture = previous_capture;
    page->fetched_at = std::chrono::system_clock::now();
    workers_->submit([this, page]() -> PageWorkers::WriteJob {
        // On a page thread: everything but the archive. The writer commits the pages in the order they came.
        std::shared_ptr<PreparedPage> prepared;
        std::exception_ptr error; // out of memory, say: reported on the writer, in the page's turn
        try {
            prepared = std::make_shared<PreparedPage>(pipeline_->prepare(*page));
        } catch (...) {
            error = std::current_exception();
        }
        return [this, page, prepared, error] {
            run_on_worker([&] {
                if (error) {
                    std::rethrow_exception(error);
                }
                PageResult processed = pipeline_->commit(*prepared);
                page->result.body.clear();
                worker_written_.emplace_back(std::move(page->lease), std::move(processed));
            });
        };
    });
    request_dispatch();
}

void Engine::on_processed(const std::vector<std::pair<Lease, PageResult>>& pages) {
    // One frontier transaction for the whole archive batch.
    frontier_->transaction([&] {
        for (const auto& [lease, result] : pages) {
            apply_processed(lease, result);
        }
    });
    request_dispatch();
}

void Engine::apply_processed(const Lease& lease, const PageResult& result) {
    --processing_;
    if (frontier_->shared()) {
        // One call for the page's links: a shared frontier pays a round trip per call.
        std::vector<FrontierRequest> requests;
        result.discovered.for_each([&](const FrontierRequest& request) { requests.push_back(request); });
        const std::vector<bool> added = frontier_->push_all(requests);
        for (std::size_t i = 0; i < requests.size(); ++i) {
            if (added[i]) {
                ++queued_;
                ++stats_.discovered;
                activate(requests[i].origin);
            }
        }
    } else {
        // The SQLite frontier takes them one by one inside the batch's transaction, never holding them all.
        result.discovered.for_each([&](const FrontierRequest& request) {
            if (frontier_->push(request)) {
                ++queued_;
                ++stats_.discovered;
                activate(request.origin);
            }
        });
    }
    if (result.success) {
        frontier_->mark_done(lease.id);
    } else {
        frontier_->mark_failed(lease.id, result.outcome);
    }
    if (result.outcome == Outcome::ok) {
        ++stats_.ok;
    } else if (result.outcome == Outcome::not_modified) {
        ++stats_.not_modified;
    } else if (result.outcome == Outcome::redirect) {
        ++stats_.redirects;
    } else {
        if (is_refused_redirect(result.outcome)) {
            // Refused at the hop (the redirecting URL's result) or at the target (its own fetch, refused).
            if (!result.redirect_target.empty()) {
                note_refused_redirect(lease.request.url, result.redirect_target, result.outcome);
            } else if (!lease.request.redirect_chain.empty()) {
                note_refused_redirect(std::string(RedirectRules::previous_hop(lease.request)), lease.request.url,
                                      result.outcome);
            }
        }
        ++stats_.errors;
        log::get("fetch")->warn("event=gave_up url={} outcome={} attempts={}", lease.request.url,
                                to_string(result.outcome), lease.attempts + 1);
    }
    ++stats_.by_outcome[std::string(to_string(result.outcome))];
    if (!result.site.empty()) {
        stats_.by_site[result.site].add(result.site_counts);
    }
    if (result.fallback) {
        ++stats_.fallbacks;
    }
    if (result.article) {
        ++stats_.by_article[to_string(*result.article)];
    }
}

void Engine::maybe_finish() {
    if (in_flight_ > 0 || processing_ > 0) {
        return;
    }
    if (stopping_) {
        loop_->stop();
        return;
    }
    // A shared frontier is done when no worker has anything queued or leased: another's lease may still bring
    // links, or expire and come back.
    if (budget_reached() || (!hosts_.work_left() && (!frontier_->shared() || frontier_->drained()))) {
        stats_.finished = true;
        loop_->stop();
    }
}

void Engine::record_run(std::chrono::system_clock::time_point started_at) {
    // Failed runs are recorded too (`newsarc runs` shows them), unless the archive itself is what failed.
    int exit_status = 0;
    if (fatal_) {
        exit_status = 1;
        try {
            std::rethrow_exception(fatal_);
        } catch (const Failure& failure) {
            exit_status = failure.exit_code();
        } catch (...) {
        }
    }
    try {
        // A finished run's sites are judged against their earlier runs before the run is recorded, so that its
        // counters (`newsarc runs`) name the degraded ones; a stopped run saw only part of each site.
        const bool judged = !fatal_ && stats_.finished && !stats_.interrupted;
        if (judged) {
            judge_sites();
            if (!stats_.degraded.empty()) {
                exit_status = kExitDegraded;
            }
        }
        archive::RunRecord record;
        record.job = job_.name;
        record.started = started_at;
        record.ended = std::chrono::system_clock::now();
        record.counters_json = to_json(stats_);
        record.exit_status = exit_status;
        const std::int64_t run_id = write_store_->record_run(record);
        if (judged) {
            std::vector<archive::SiteHealthRecord> records;
            for (const auto& [site, counts] : stats_.by_site) {
                records.push_back(archive::SiteHealthRecord{run_id, site, job_.name, started_at, to_json(counts)});
            }
            write_store_->record_site_health(records);
        }
    } catch (const std::exception& error) {
        log::get("engine")->error("event=run_record_failed error=\"{}\"", error.what());
    }
}

void Engine::judge_sites() {
    for (const auto& [site, counts] : stats_.by_site) {
        std::vector<SiteCounts> previous;
        for (const archive::SiteHealthRecord& record : write_store_->site_health(site, kHealthRuns)) {
            previous.push_back(site_counts_from_json(record.counts_json));
        }
        SiteHealth health = judge_site(site, counts, previous, job_.health);
        if (health.degraded) {
            log::get("health")->warn("event=site_degraded site={} reasons=\"{}\"", site, health.reasons.front());
            stats_.degraded.push_back(std::move(health));
        }
    }
}

void Engine::add_revisits(const std::function<void(const FrontierRequest&)>& add) {
    // An article is due when one of its revisit times (publish time + a step) came after its last fetch and
    // is now past. Only this job's articles: hosts in its scope or claimed by its plugins.
    const auto now = std::chrono::system_clock::now();
    const auto horizon = *std::max_element(job_.recrawl.steps.begin(), job_.recrawl.steps.end());
    read_store_->revisit_candidates(horizon, [&](const archive::RevisitCandidate& candidate) {
        const bool due = std::any_of(job_.recrawl.steps.begin(), job_.recrawl.steps.end(), [&](auto step) {
            const auto at = candidate.published + step;
            return at > candidate.last_fetched && at <= now;
        });
        const auto parts = split_url(candidate.url);
        if (!due || !parts || !(scope_.host_in_scope(parts->host) || plugins_->claims(parts->host))) {
            return;
        }
        FrontierRequest request;
        request.url = candidate.url;
        request.origin = parts->origin;
        request.kind = PageKind::article;
        request.depth = 1; // not a seed: fetched conditionally, with the archive's validators
        add(request);
        ++stats_.revisits;
    });
}

std::string Engine::plugin_list() const {
    std::string out;
    for (const std::string& id : plugins_->ids()) {
        out += (out.empty() ? "" : ",") + id;
    }
    return out.empty() ? std::string("none") : out;
}

void Engine::stop(int signal) {
    if (stopping_) {
        log::get("engine")->info("event=stop_now signal={} in_flight={}", signal, in_flight_);
        loop_->cancel_all();
        return;
    }
    stopping_ = true;
    stats_.interrupted = true;
    log::get("engine")->info("event=stopping signal={} in_flight={} grace_ms={}", signal, in_flight_,
                             options_.stop_grace.count());
    wake_timer_->cancel();
    if (frontier_->shared()) {
        // The other workers take over this one's requests: its transfers end now and their leases go back.
        loop_->cancel_all();
    }
    grace_timer_->arm(options_.stop_grace, [this] { loop_->cancel_all(); });
    maybe_finish();
}

void Engine::fail(std::exception_ptr error) {
    if (!fatal_) {
        fatal_ = error;
    }
    stopping_ = true;
    loop_->cancel_all();
    loop_->stop();
}

CrawlStats Engine::snapshot() {
    CrawlStats stats = stats_;
    stats.queued = queued_;
    stats.in_flight = in_flight_;
    stats.pages = pages_;
    stats.page_threads = workers_ ? static_cast<int>(workers_->threads()) : 0;
    stats.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    return stats;
}

void Engine::report_progress() {
    options_.on_progress(snapshot());
    progress_timer_->arm(options_.progress_interval, [this] { report_progress(); });
}

} // namespace

CrawlStats run_crawl(const JobConfig& job, const CrawlOptions& options) {
    Engine engine(job, options);
    return engine.run();
}

} // namespace newsarc::crawl
