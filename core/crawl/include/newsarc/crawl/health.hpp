// Extraction health: what a run saw of each site, and whether the site looks broken next to its earlier runs.
// A site plugin that stops finding articles after a redesign still lets the crawl finish "ok"; this is what
// notices (`newsarc health`, exit code 3 of `newsarc crawl`, the daemon's on_degraded command).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsarc::archive {
class Store;
}

namespace newsarc::crawl {

/// One run's counters for one site (a site plugin's id).
struct SiteCounts {
    std::int64_t article_pages = 0; ///< pages the site plugin classified as articles, fetched (2xx)
    std::int64_t extracted = 0;     ///< of those, pages the site plugin extracted an article from itself
    std::int64_t stored = 0;        ///< articles archived as a new version
    std::int64_t unchanged = 0;
    std::int64_t off_topic = 0;
    std::int64_t empty = 0;         ///< nothing left after cleaning
    std::int64_t paywalled = 0;
    std::map<std::string, std::int64_t> failed; ///< article pages without an article, by the plugin's status
    std::int64_t missing_time = 0;
    std::int64_t missing_author = 0;
    std::int64_t short_body = 0;    ///< a body under kShortBodyChars characters
    std::int64_t fallbacks = 0;     ///< articles the generic extractor gave in the plugin's stead
    std::int64_t list_pages = 0;    ///< list and feed pages fetched
    std::int64_t list_pages_without_article_links = 0;
    std::int64_t article_links = 0; ///< links to article pages found on list pages
    std::int64_t blocked = 0;       ///< block pages (challenges, captchas)

    void add(const SiteCounts& other);
    /// extracted / article_pages; nullopt without article pages.
    [[nodiscard]] std::optional<double> success() const;
};

inline constexpr std::size_t kShortBodyChars = 200;

std::string to_json(const SiteCounts& counts);
/// The counts of a JSON object written by to_json; unknown keys are ignored, a bad text gives empty counts.
SiteCounts site_counts_from_json(std::string_view json);

/// [health] of a job.
struct HealthConfig {
    double min_success = 0.8; ///< degraded below this share of article pages extracted
    double drop = 0.5;        ///< ... or below this fraction of the site's median share in earlier runs
    std::string on_degraded;  ///< a command the daemon runs (sh -c) with the health JSON on stdin
};

/// A site's state after a run.
struct SiteHealth {
    std::string site;
    bool degraded = false;
    std::vector<std::string> reasons;
    SiteCounts last;                      ///< the run judged
    std::optional<double> success;        ///< its share of article pages extracted
    std::optional<double> median_success; ///< of the earlier runs that had article pages
    std::size_t previous_runs = 0;
};

/// Judges `last` against `previous` (the site's earlier runs, newest first).
SiteHealth judge_site(const std::string& site, const SiteCounts& last, const std::vector<SiteCounts>& previous,
                      const HealthConfig& config);

/// Each site's last recorded run (of `job`, when given) judged against its `runs` earlier ones, from the archive's
/// site_health records; only `site` when given.
std::vector<SiteHealth> archive_health(archive::Store& store, const HealthConfig& config, std::string_view site = {},
                                       std::size_t runs = 10, std::string_view job = {});

/// {"sites": [{"site": ..., "state": "ok" | "degraded", "reasons": [...], "success": ..., ...counts}]}
std::string health_json(const std::vector<SiteHealth>& sites);

} // namespace newsarc::crawl
