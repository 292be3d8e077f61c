// add_archive_metrics: archive::ArchiveMetrics and the frontier counts turned into newsarc_* families.
#include "newsarc/serve/archive_metrics.hpp"

#include <algorithm>

#include "newsarc/archive/metrics.hpp"
#include "newsarc/base/log.hpp"
#include "newsarc/crawl/frontier.hpp"

namespace newsarc::serve {
namespace {

using Type = MetricFamily::Type;

MetricLabels with(const MetricLabels& base, MetricLabels more) {
    MetricLabels labels = base;
    labels.insert(labels.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    return labels;
}

double seconds_since_epoch(archive::TimePoint time) {
    return static_cast<double>(archive::to_unix_ms(time)) / 1000.0;
}

void add_frontier(MetricsText& text, const std::filesystem::path& frontier, const MetricLabels& labels) {
    constexpr const char* kName = "newsarc_frontier_requests";
    constexpr const char* kHelp = "Requests in the crawl frontier (<archive>.frontier) by state";
    text.family(kName, kHelp, Type::gauge);
    std::optional<crawl::FrontierCounts> counts;
    try {
        counts = crawl::SqliteFrontier::read_counts(frontier);
    } catch (const std::exception& error) {
        // A frontier mid-migration or damaged must not cost the scrape its other numbers.
        log::get("serve")->warn("event=frontier_unreadable file=\"{}\" error=\"{}\"", frontier.string(), error.what());
    }
    if (!counts) {
        return;
    }
    text.add(kName, kHelp, Type::gauge, with(labels, {{"state", "queued"}}), static_cast<double>(counts->queued));
    text.add(kName, kHelp, Type::gauge, with(labels, {{"state", "in_flight"}}), static_cast<double>(counts->in_flight));
    text.add(kName, kHelp, Type::gauge, with(labels, {{"state", "done"}}), static_cast<double>(counts->done));
    text.add(kName, kHelp, Type::gauge, with(labels, {{"state", "failed"}}), static_cast<double>(counts->failed));
}

} // namespace

void add_archive_metrics(MetricsText& text, archive::Store& store, const std::filesystem::path& frontier,
                         const MetricLabels& labels) {
    const archive::ArchiveMetrics metrics = archive::collect_metrics(store);
    text.add("newsarc_archive_up", "1 when the archive could be read for this scrape", Type::gauge, labels, 1);

    constexpr const char* kFetches = "newsarc_fetches_total";
    constexpr const char* kFetchesHelp = "Fetch attempts in the archive's fetch log by host and outcome";
    text.family(kFetches, kFetchesHelp, Type::counter);
    for (const auto& fetch : metrics.fetches) {
        text.add(kFetches, kFetchesHelp, Type::counter, with(labels, {{"host", fetch.host}, {"outcome", fetch.outcome}}),
                 static_cast<double>(fetch.count));
    }

    constexpr const char* kDocuments = "newsarc_documents";
    constexpr const char* kDocumentsHelp = "Documents in the archive by state (live + gone = all)";
    text.add(kDocuments, kDocumentsHelp, Type::gauge, with(labels, {{"state", "live"}}),
             static_cast<double>(metrics.documents.live));
    text.add(kDocuments, kDocumentsHelp, Type::gauge, with(labels, {{"state", "gone"}}),
             static_cast<double>(metrics.documents.gone));
    text.add("newsarc_articles", "Documents with at least one archived version", Type::gauge, labels,
             static_cast<double>(metrics.documents.articles));
    text.add("newsarc_paywalled_articles", "Articles whose latest version is a paywall teaser", Type::gauge, labels,
             static_cast<double>(metrics.documents.paywalled));

    constexpr const char* kSiteDocuments = "newsarc_site_articles";
    constexpr const char* kSiteDocumentsHelp = "Articles (documents with a version) per site";
    text.family(kSiteDocuments, kSiteDocumentsHelp, Type::gauge);
    for (const auto& site : metrics.sites) {
        text.add(kSiteDocuments, kSiteDocumentsHelp, Type::gauge, with(labels, {{"site", site.site}}),
                 static_cast<double>(site.documents));
    }

    // Per-site extraction of each site's last recorded run.
    struct SiteFamily {
        const char* name;
        const char* help;
        std::int64_t archive::SiteExtraction::*count;
    };
    static constexpr SiteFamily kSiteFamilies[] = {
        {"newsarc_site_article_pages", "Article pages fetched in the site's last run", &archive::SiteExtraction::article_pages},
        {"newsarc_site_extracted_pages", "Article pages the site's own plugin extracted in its last run",
         &archive::SiteExtraction::extracted},
        {"newsarc_site_stored_versions", "New versions stored in the site's last run", &archive::SiteExtraction::stored},
        {"newsarc_site_fallback_pages", "Pages the generic extractor took for the site plugin in its last run",
         &archive::SiteExtraction::fallbacks},
        {"newsarc_site_failed_pages", "Article pages without an article in the site's last run",
         &archive::SiteExtraction::failed},
    };
    constexpr const char* kSuccess = "newsarc_site_extraction_success_ratio";
    constexpr const char* kSuccessHelp = "Share of article pages the site's own plugin extracted in its last run";
    constexpr const char* kSiteRun = "newsarc_site_last_run_timestamp_seconds";
    constexpr const char* kSiteRunHelp = "Start of the site's last recorded run (Unix time)";
    for (const auto& family : kSiteFamilies) {
        text.family(family.name, family.help, Type::gauge);
    }
    text.family(kSuccess, kSuccessHelp, Type::gauge);
    text.family(kSiteRun, kSiteRunHelp, Type::gauge);
    for (const auto& site : metrics.extraction) {
        const MetricLabels site_labels = with(labels, {{"site", site.site}, {"job", site.job}});
        for (const auto& family : kSiteFamilies) {
            text.add(family.name, family.help, Type::gauge, site_labels, static_cast<double>(site.*family.count));
        }
        if (site.success) {
            text.add(kSuccess, kSuccessHelp, Type::gauge, site_labels, *site.success);
        }
        text.add(kSiteRun, kSiteRunHelp, Type::gauge, site_labels, seconds_since_epoch(site.at));
    }

    // The last finished run of each job (runs come newest first within a job).
    constexpr const char* kDuration = "newsarc_last_run_duration_seconds";
    constexpr const char* kDurationHelp = "Duration of the job's last recorded run";
    constexpr const char* kExit = "newsarc_last_run_exit_status";
    constexpr const char* kExitHelp = "Exit status of the job's last recorded run (0 ok, 1 failed, 3 degraded site)";
    constexpr const char* kEnded = "newsarc_last_run_end_timestamp_seconds";
    constexpr const char* kEndedHelp = "End of the job's last recorded run (Unix time)";
    constexpr const char* kRecent = "newsarc_recent_run_duration_seconds_max";
    constexpr const char* kRecentHelp = "Longest duration among the job's recent recorded runs (at most 5)";
    text.family(kDuration, kDurationHelp, Type::gauge);
    text.family(kExit, kExitHelp, Type::gauge);
    text.family(kEnded, kEndedHelp, Type::gauge);
    text.family(kRecent, kRecentHelp, Type::gauge);
    for (std::size_t i = 0; i < metrics.runs.size(); ++i) {
        const auto& run = metrics.runs[i];
        if (i > 0 && metrics.runs[i - 1].job == run.job) {
            continue;
        }
        double longest = 0;
        for (std::size_t j = i; j < metrics.runs.size() && metrics.runs[j].job == run.job; ++j) {
            longest = std::max(longest, metrics.runs[j].seconds);
        }
        const MetricLabels job_labels = with(labels, {{"job", run.job}});
        text.add(kDuration, kDurationHelp, Type::gauge, job_labels, run.seconds);
        text.add(kExit, kExitHelp, Type::gauge, job_labels, run.exit_status);
        text.add(kEnded, kEndedHelp, Type::gauge, job_labels, seconds_since_epoch(run.ended));
        text.add(kRecent, kRecentHelp, Type::gauge, job_labels, longest);
    }

    text.add("newsarc_versions", "Versions in the archive", Type::gauge, labels, static_cast<double>(metrics.versions));
    text.add("newsarc_captures", "Captures (raw responses) in the archive", Type::gauge, labels,
             static_cast<double>(metrics.captures));
    text.add("newsarc_snapshots", "Snapshots in the archive", Type::gauge, labels,
             static_cast<double>(metrics.snapshots));
    text.add("newsarc_fetch_log_rows", "Rows of the archive's fetch log", Type::gauge, labels,
             static_cast<double>(metrics.fetch_log_rows));
    text.add("newsarc_archive_file_bytes", "Size of the archive file (WAL excluded)", Type::gauge, labels,
             static_cast<double>(metrics.file_bytes));
    add_frontier(text, frontier, labels);
}

void add_unreadable_archive(MetricsText& text, const MetricLabels& labels) {
    text.add("newsarc_archive_up", "1 when the archive could be read for this scrape", Type::gauge, labels, 0);
}

HttpResponse metrics_response(const MetricsText& text) {
    return HttpResponse::text(200, text.render(), kPrometheusContentType);
}

} // namespace newsarc::serve
