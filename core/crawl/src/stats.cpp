// CrawlStats as JSON.
#include "newsarc/crawl/stats.hpp"

#include <nlohmann/json.hpp>

namespace newsarc::crawl {

double CrawlStats::pages_per_second() const noexcept {
    return elapsed_s > 0 ? static_cast<double>(ok + not_modified + redirects + errors) / elapsed_s : 0.0;
}

std::string to_json(const CrawlStats& stats) {
    nlohmann::json by_status = nlohmann::json::object();
    for (const auto& [status, count] : stats.by_status) {
        by_status[std::to_string(status)] = count;
    }
    nlohmann::json refused = nlohmann::json::array();
    for (const RefusedRedirect& hop : stats.refused_redirects) {
        refused.push_back({{"from", hop.from}, {"to", hop.to}, {"outcome", hop.outcome}});
    }
    nlohmann::json sites = nlohmann::json::object();
    for (const auto& [site, counts] : stats.by_site) {
        sites[site] = nlohmann::json::parse(to_json(counts));
    }
    nlohmann::json degraded = nlohmann::json::array();
    for (const SiteHealth& site : stats.degraded) {
        degraded.push_back({{"site", site.site}, {"reasons", site.reasons}});
    }
    const nlohmann::json out = {
        {"job", stats.job},
        {"fetched", stats.fetched},
        {"ok", stats.ok},
        {"not_modified", stats.not_modified},
        {"redirects", stats.redirects},
        {"fallbacks", stats.fallbacks},
        {"errors", stats.errors},
        {"retries", stats.retries},
        {"robots_denied", stats.robots_denied},
        {"discovered", stats.discovered},
        {"revisits", stats.revisits},
        {"queued", stats.queued},
        {"in_flight", stats.in_flight},
        {"pages", stats.pages},
        {"bytes", stats.bytes},
        {"elapsed_s", stats.elapsed_s},
        {"pages_per_s", stats.pages_per_second()},
        {"page_threads", stats.page_threads},
        {"resumed", stats.resumed},
        {"finished", stats.finished},
        {"interrupted", stats.interrupted},
        {"snapshot", stats.snapshot},
        {"exported_to", stats.exported_to},
        {"by_status", by_status},
        {"by_host", stats.by_host},
        {"by_outcome", stats.by_outcome},
        {"by_article", stats.by_article},
        {"refused_redirects", refused},
        {"sites", sites},
        {"degraded", degraded},
    };
    return out.dump(2);
}

} // namespace newsarc::crawl
