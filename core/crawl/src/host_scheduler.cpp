// HostScheduler: per-host politeness, robots.txt state and the retry policy, on a clock the caller passes in.
#include "newsarc/crawl/host_scheduler.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <random>
#include <stdexcept>

namespace newsarc::crawl {

SchedulerSettings SchedulerSettings::from(const JobConfig& job) {
    SchedulerSettings settings;
    settings.per_host = job.politeness.per_host;
    settings.delay = milliseconds(job.politeness.delay_ms);
    settings.robots = job.politeness.robots;
    settings.retries = job.network.retries;
    settings.retry_base = milliseconds(job.network.retry_base_ms);
    settings.max_retry_after = std::chrono::seconds(job.network.max_retry_after_s);
    return settings;
}

Jitter random_jitter() {
    auto rng = std::make_shared<std::mt19937_64>(std::random_device{}());
    return [rng] { return std::uniform_real_distribution<double>(0.5, 1.5)(*rng); };
}

std::optional<milliseconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point wall_now) {
    if (value.empty()) {
        return std::nullopt;
    }
    if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
        if (value.size() > 9) {
            return std::chrono::hours(24 * 365 * 100); // more than any cap: the request is given up
        }
        return std::chrono::seconds(std::stoll(std::string(value)));
    }
    // curl's date parser, as the fetch layer already links curl: it reads the three HTTP date forms (RFC 9110
    // 5.6.7) and nothing else is needed here.
    const time_t when = curl_getdate(std::string(value).c_str(), nullptr);
    if (when < 0) {
        return std::nullopt;
    }
    const auto delay = std::chrono::system_clock::from_time_t(when) - wall_now;
    return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(delay));
}

bool transient(Outcome outcome, int http_status) noexcept {
    switch (outcome) {
    case Outcome::timeout:
    case Outcome::low_speed:
    case Outcome::connect:
    case Outcome::dns:
    case Outcome::connection_reset:
    case Outcome::truncated_body: return true;
    case Outcome::http_error:
    case Outcome::blocked: return http_status == 429 || http_status >= 500;
    default: return false;
    }
}

HostScheduler::HostScheduler(SchedulerSettings settings, Jitter jitter)
    : settings_(settings), jitter_(std::move(jitter)) {}

HostScheduler::Host& HostScheduler::host(std::string_view origin) {
    const auto found = hosts_.find(origin);
    if (found == hosts_.end()) {
        throw std::logic_error("HostScheduler: no host " + std::string(origin) + " (add_work names a host first)");
    }
    return *found->second;
}

const HostScheduler::Host& HostScheduler::host(std::string_view origin) const {
    return const_cast<HostScheduler*>(this)->host(origin);
}

bool HostScheduler::add_work(std::string_view origin) {
    auto found = hosts_.find(origin);
    const bool created = found == hosts_.end();
    if (created) {
        auto made = std::make_unique<Host>();
        made->origin = std::string(origin);
        made->delay = settings_.delay;
        found = hosts_.emplace(made->origin, std::move(made)).first;
    }
    Host& host = *found->second;
    host.has_work = true;
    host.due = CrawlTime{};
    if (!host.active) {
        host.active = true;
        active_.push_back(&host);
    }
    return created;
}

void HostScheduler::no_work(std::string_view origin) {
    Host& host = this->host(origin);
    host.has_work = false;
    host.due = CrawlTime{};
}

void HostScheduler::work_due(std::string_view origin, CrawlTime at) {
    host(origin).due = at;
}

HostTurn HostScheduler::turn(std::string_view origin, CrawlTime now) {
    Host& host = this->host(origin);
    const auto wait = [](CrawlTime at) { return HostTurn{HostTurn::Step::wait, at, false}; };
    if (host.in_flight >= settings_.per_host) {
        return {HostTurn::Step::busy};
    }
    if (settings_.robots) {
        if (host.robots == Robots::ready && now - host.robots_fetched > kRobotsLifetime && host.in_flight == 0) {
            host.robots = Robots::unknown; // refresh a stale robots.txt between requests
            host.robots_attempts = 0;
        }
        if (host.robots == Robots::fetching) {
            return {HostTurn::Step::busy};
        }
        if (host.robots == Robots::unknown) {
            if (!host.has_work) {
                return {HostTurn::Step::idle};
            }
            if (now < host.next_start) {
                return wait(host.next_start);
            }
            return {HostTurn::Step::robots, now, host.robots_attempts == 0};
        }
    }
    if (!host.has_work) {
        return {HostTurn::Step::idle};
    }
    if (now < host.next_start) {
        return wait(host.next_start);
    }
    if (host.due > now) {
        return wait(host.due);
    }
    return {HostTurn::Step::fetch};
}

std::vector<std::string_view> HostScheduler::round() const {
    std::vector<std::string_view> order;
    order.reserve(active_.size());
    for (std::size_t n = 0; n < active_.size(); ++n) {
        order.emplace_back(active_[(round_robin_ + n) % active_.size()]->origin);
    }
    return order;
}

void HostScheduler::end_round() {
    if (!active_.empty()) {
        round_robin_ = (round_robin_ + 1) % active_.size();
    }
    std::erase_if(active_, [](Host* host) {
        const bool idle = !host->has_work && host->in_flight == 0 && host->robots != Robots::fetching;
        if (idle) {
            host->active = false;
        }
        return idle;
    });
}

bool HostScheduler::work_left() const {
    return std::any_of(active_.begin(), active_.end(),
                       [](const Host* host) { return host->has_work || host->robots == Robots::fetching; });
}

void HostScheduler::fetch_started(std::string_view origin, CrawlTime now) {
    Host& host = this->host(origin);
    ++host.in_flight;
    host.next_start = now + host.delay;
}

void HostScheduler::robots_fetch_started(std::string_view origin, CrawlTime now) {
    fetch_started(origin, now);
    host(origin).robots = Robots::fetching;
}

void HostScheduler::transfer_ended(std::string_view origin) {
    --host(origin).in_flight;
}

void HostScheduler::fetch_cancelled(std::string_view origin) {
    Host& host = this->host(origin);
    --host.in_flight;
    if (host.robots == Robots::fetching) {
        host.robots = Robots::unknown;
    }
}

CrawlTime HostScheduler::next_start(std::string_view origin) const {
    return host(origin).next_start;
}

void HostScheduler::pause(Host& host, CrawlTime until) noexcept {
    host.next_start = std::max(host.next_start, until);
}

RetryVerdict HostScheduler::fetch_finished(std::string_view origin, Outcome outcome, int http_status, int attempts,
                                           std::optional<milliseconds> retry_after, CrawlTime now) {
    Host& host = this->host(origin);
    --host.in_flight;
    std::optional<milliseconds> block_pause;
    if (outcome == Outcome::blocked) {
        // A block page is the site saying "too much": the whole host pauses, as for a 429, retried or not.
        block_pause = backoff(attempts);
        pause(host, now + *block_pause);
    }
    const bool failed = transient(outcome, http_status) || outcome == Outcome::blocked;
    const bool honoured = failed && retry_after && *retry_after <= settings_.max_retry_after;
    if (honoured) {
        // The server named its price: send nothing else to it meanwhile, whether or not this request is retried
        // (a last attempt's 429 asks the host for a pause as much as an earlier one's).
        pause(host, now + *retry_after);
    }
    if (!failed || attempts >= settings_.retries) {
        return {};
    }
    if (retry_after && !honoured) {
        return {}; // a longer Retry-After than network.max_retry_after_s gives up instead of waiting
    }
    RetryVerdict verdict{true, block_pause.value_or(backoff(attempts))};
    if (retry_after) {
        verdict.wait = std::max(verdict.wait, *retry_after);
    }
    host.has_work = true;
    host.due = CrawlTime{};
    return verdict;
}

milliseconds HostScheduler::backoff(int attempts) {
    const double base = static_cast<double>(settings_.retry_base.count()) * std::pow(2.0, std::min(attempts, 20));
    return std::min(kMaxBackoff, milliseconds(std::llround(base * jitter_())));
}

void HostScheduler::robots_answered(std::string_view origin, RobotsRules rules, CrawlTime fetched_at) {
    Host& host = this->host(origin);
    host.rules = std::move(rules);
    host.robots_unavailable = false;
    host.robots = Robots::ready;
    host.robots_fetched = fetched_at;
    // The longer of the job's delay and the site's Crawl-delay wins: the job may be more polite than asked.
    host.delay = settings_.delay;
    if (const auto crawl_delay = host.rules.crawl_delay()) {
        host.delay = std::max(host.delay, std::min(milliseconds(std::llround(*crawl_delay * 1000)), kMaxCrawlDelay));
    }
}

bool HostScheduler::robots_failed(std::string_view origin, CrawlTime now, bool may_retry) {
    Host& host = this->host(origin);
    if (host.robots_attempts < settings_.retries && may_retry) {
        // 5xx or unreachable: wait and try again before deciding anything about the host.
        const milliseconds wait = backoff(host.robots_attempts);
        ++host.robots_attempts;
        host.robots = Robots::unknown;
        pause(host, now + wait);
        return true;
    }
    // Still unreachable: RFC 9309 2.3.1.4, assume complete disallow (until it expires, not cached).
    host.rules = RobotsRules::disallow_all();
    host.robots_unavailable = true;
    host.robots = Robots::ready;
    host.robots_fetched = now;
    return false;
}

const RobotsRules& HostScheduler::rules(std::string_view origin) const {
    return host(origin).rules;
}

bool HostScheduler::robots_unavailable(std::string_view origin) const {
    return host(origin).robots_unavailable;
}

int HostScheduler::robots_attempts(std::string_view origin) const {
    return host(origin).robots_attempts;
}

milliseconds HostScheduler::delay(std::string_view origin) const {
    return host(origin).delay;
}

} // namespace newsarc::crawl
