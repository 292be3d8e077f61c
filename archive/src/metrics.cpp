// collect_metrics: the numbers behind serve's /metrics, each from an index or a small table (fetch_counts is kept
// in step with the fetch log by schema 5's triggers), in one read transaction.
#include "newsarc/archive/metrics.hpp"

#include <nlohmann/json.hpp>

#include "store_impl.hpp"

namespace newsarc::archive {
namespace {

std::int64_t json_count(const nlohmann::json& counts, const char* name) {
    const auto found = counts.find(name);
    return found != counts.end() && found->is_number_integer() ? found->get<std::int64_t>() : 0;
}

/// Sums the failure reasons of a site_health counts object ({"failed": {"reason": n, ...}}).
std::int64_t failures(const nlohmann::json& counts) {
    const auto found = counts.find("failed");
    std::int64_t total = 0;
    if (found != counts.end() && found->is_object()) {
        for (const auto& [reason, count] : found->items()) {
            if (count.is_number_integer()) {
                total += count.get<std::int64_t>();
            }
        }
    }
    return total;
}

} // namespace

ArchiveMetrics collect_metrics(Store& store, std::size_t runs_per_job) {
    Store::Impl& impl = store.impl();
    detail::Database& database = impl.database;
    ReadScope read(impl);
    ArchiveMetrics metrics;
    {
        auto fetches = database.cached("SELECT host, outcome, count FROM fetch_counts WHERE count > 0 ORDER BY host, outcome");
        while (fetches->step()) {
            metrics.fetches.push_back(FetchOutcomeCount{std::string(fetches->text(0)), std::string(fetches->text(1)),
                                                        fetches->int64(2)});
        }
    }
    {
        auto documents = database.cached(
            "SELECT count(*), count(gone_at), sum(latest_number > 0), sum(latest_number > 0 AND paywalled = 1) "
            "FROM documents");
        if (documents->step()) {
            metrics.documents.documents = documents->int64(0);
            metrics.documents.gone = documents->int64(1);
            metrics.documents.live = metrics.documents.documents - metrics.documents.gone;
            metrics.documents.articles = documents->optional_int64(2).value_or(0);
            metrics.documents.paywalled = documents->optional_int64(3).value_or(0);
        }
    }
    metrics.sites = list_sites(store);
    {
        // The newest site_health row of each site: site_health_by_site (site, at) finds it per site.
        auto extraction = database.cached(
            "SELECT h.site, h.job, h.run_id, h.at, h.counts FROM site_health h "
            "WHERE h.at = (SELECT max(at) FROM site_health WHERE site = h.site) ORDER BY h.site, h.run_id DESC");
        while (extraction->step()) {
            const std::string_view site = extraction->text(0);
            if (!metrics.extraction.empty() && metrics.extraction.back().site == site) {
                continue; // two runs started in the same millisecond: the later id counts
            }
            SiteExtraction row;
            row.site.assign(site);
            row.job.assign(extraction->text(1));
            row.run_id = extraction->int64(2);
            row.at = from_unix_ms(extraction->int64(3));
            const nlohmann::json counts = nlohmann::json::parse(extraction->text(4), nullptr, false);
            if (counts.is_object()) {
                row.article_pages = json_count(counts, "article_pages");
                row.extracted = json_count(counts, "extracted");
                row.stored = json_count(counts, "stored");
                row.fallbacks = json_count(counts, "fallbacks");
                row.failed = failures(counts);
            }
            if (row.article_pages > 0) {
                row.success = static_cast<double>(row.extracted) / static_cast<double>(row.article_pages);
            }
            metrics.extraction.push_back(std::move(row));
        }
    }
    {
        // The newest N runs of each job, through runs_by_job (job, started_at).
        auto runs = database.cached(
            "SELECT r.job, r.id, r.started_at, r.ended_at, r.exit_status FROM (SELECT DISTINCT job FROM runs) j "
            "JOIN runs r ON r.id IN (SELECT id FROM runs WHERE job = j.job ORDER BY started_at DESC, id DESC "
            "LIMIT ?1) ORDER BY r.job, r.started_at DESC, r.id DESC");
        runs->bind(1, static_cast<std::int64_t>(runs_per_job));
        while (runs->step()) {
            RunDuration run;
            run.job.assign(runs->text(0));
            run.run_id = runs->int64(1);
            run.started = from_unix_ms(runs->int64(2));
            run.ended = from_unix_ms(runs->int64(3));
            run.seconds = static_cast<double>(runs->int64(3) - runs->int64(2)) / 1000.0;
            run.exit_status = runs->integer(4);
            metrics.runs.push_back(std::move(run));
        }
    }
    metrics.versions = database.query_int("SELECT count(*) FROM versions");
    metrics.captures = database.query_int("SELECT count(*) FROM captures");
    metrics.snapshots = database.query_int("SELECT count(*) FROM snapshots");
    // The fetch log's rows without counting them: the counts table already sums every row.
    metrics.fetch_log_rows = database.query_int("SELECT coalesce(sum(count), 0) FROM fetch_counts");
    metrics.file_bytes = database.query_int("PRAGMA page_count") * database.query_int("PRAGMA page_size");
    return metrics;
}

} // namespace newsarc::archive
