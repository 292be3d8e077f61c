// Site counters, their JSON, and the degraded rules.
#include "newsarc/crawl/health.hpp"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "newsarc/archive/store.hpp"

namespace newsarc::crawl {
namespace {

// Every plain counter by its JSON name, so that add, to_json and from_json cannot drift apart.
constexpr std::pair<const char*, std::int64_t SiteCounts::*> kCounters[] = {
    {"article_pages", &SiteCounts::article_pages},
    {"extracted", &SiteCounts::extracted},
    {"stored", &SiteCounts::stored},
    {"unchanged", &SiteCounts::unchanged},
    {"off_topic", &SiteCounts::off_topic},
    {"empty", &SiteCounts::empty},
    {"paywalled", &SiteCounts::paywalled},
    {"missing_time", &SiteCounts::missing_time},
    {"missing_author", &SiteCounts::missing_author},
    {"short_body", &SiteCounts::short_body},
    {"fallbacks", &SiteCounts::fallbacks},
    {"list_pages", &SiteCounts::list_pages},
    {"list_pages_without_article_links", &SiteCounts::list_pages_without_article_links},
    {"article_links", &SiteCounts::article_links},
    {"blocked", &SiteCounts::blocked},
};

nlohmann::json counts_object(const SiteCounts& counts) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, member] : kCounters) {
        out[name] = counts.*member;
    }
    out["failed"] = counts.failed;
    return out;
}

std::string percent(double share) {
    char text[16];
    std::snprintf(text, sizeof text, "%.0f%%", share * 100);
    return text;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

} // namespace

void SiteCounts::add(const SiteCounts& other) {
    for (const auto& [name, member] : kCounters) {
        this->*member += other.*member;
    }
    for (const auto& [reason, count] : other.failed) {
        failed[reason] += count;
    }
}

std::optional<double> SiteCounts::success() const {
    if (article_pages <= 0) {
        return std::nullopt;
    }
    return static_cast<double>(extracted) / static_cast<double>(article_pages);
}

std::string to_json(const SiteCounts& counts) {
    return counts_object(counts).dump();
}

SiteCounts site_counts_from_json(std::string_view json) {
    SiteCounts counts;
    const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
    if (!parsed.is_object()) {
        return counts;
    }
    for (const auto& [name, member] : kCounters) {
        if (const auto found = parsed.find(name); found != parsed.end() && found->is_number_integer()) {
            counts.*member = found->get<std::int64_t>();
        }
    }
    if (const auto failed = parsed.find("failed"); failed != parsed.end() && failed->is_object()) {
        for (const auto& [reason, count] : failed->items()) {
            if (count.is_number_integer()) {
                counts.failed[reason] = count.get<std::int64_t>();
            }
        }
    }
    return counts;
}

SiteHealth judge_site(const std::string& site, const SiteCounts& last, const std::vector<SiteCounts>& previous,
                      const HealthConfig& config) {
    SiteHealth health;
    health.site = site;
    health.last = last;
    health.success = last.success();
    health.previous_runs = previous.size();
    std::vector<double> shares;
    bool lists_gave_links = false;
    for (const SiteCounts& run : previous) {
        if (const auto share = run.success()) {
            shares.push_back(*share);
        }
        lists_gave_links = lists_gave_links || (run.list_pages > 0 && run.article_links > 0);
    }
    if (!shares.empty()) {
        health.median_success = median(shares);
    }
    if (health.success) {
        const std::string seen = "extracted " + std::to_string(last.extracted) + " of " +
                                 std::to_string(last.article_pages) + " article pages (" + percent(*health.success) + ")";
        if (*health.success < config.min_success) {
            health.reasons.push_back(seen + ", below min_success " + percent(config.min_success));
        } else if (health.median_success && *health.success < config.drop * *health.median_success) {
            health.reasons.push_back(seen + ", below " + std::to_string(config.drop).substr(0, 4) +
                                     " times the median of the earlier runs (" + percent(*health.median_success) + ")");
        }
    }
    if (last.list_pages > 0 && last.article_links == 0 && lists_gave_links) {
        health.reasons.push_back(std::to_string(last.list_pages) +
                                 " list pages gave no article link; in earlier runs they did");
    }
    health.degraded = !health.reasons.empty();
    return health;
}

std::vector<SiteHealth> archive_health(archive::Store& store, const HealthConfig& config, std::string_view site,
                                       std::size_t runs, std::string_view job) {
    // Newest first per site: the first record is the run judged, the next `runs` its history.
    std::map<std::string, std::vector<SiteCounts>> by_site;
    for (const archive::SiteHealthRecord& record : store.site_health(site)) {
        if (!job.empty() && record.job != job) {
            continue;
        }
        auto& history = by_site[record.site];
        if (history.size() <= runs) {
            history.push_back(site_counts_from_json(record.counts_json));
        }
    }
    std::vector<SiteHealth> sites;
    for (auto& [name, history] : by_site) {
        const SiteCounts last = history.front();
        history.erase(history.begin());
        sites.push_back(judge_site(name, last, history, config));
    }
    return sites;
}

std::string health_json(const std::vector<SiteHealth>& sites) {
    nlohmann::json list = nlohmann::json::array();
    for (const SiteHealth& site : sites) {
        nlohmann::json entry = counts_object(site.last);
        entry["site"] = site.site;
        entry["state"] = site.degraded ? "degraded" : "ok";
        entry["reasons"] = site.reasons;
        entry["success"] = site.success ? nlohmann::json(*site.success) : nlohmann::json(nullptr);
        entry["median_success"] = site.median_success ? nlohmann::json(*site.median_success) : nlohmann::json(nullptr);
        entry["previous_runs"] = site.previous_runs;
        list.push_back(std::move(entry));
    }
    return nlohmann::json{{"sites", list}}.dump(2);
}

} // namespace newsarc::crawl
