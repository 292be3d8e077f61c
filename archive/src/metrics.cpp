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
        auto fetches =
            database.cached("SELECT host, outcome, count FROM fetch_counts WHERE count > 0 ORDER BY host, outcome");
        while (fetches->step()) {
            metrics.fetches.push_back(FetchOutcomeCount{std::string(fetches->text(0)), std::string(fetches->text(1)),
                                                        fetches->int64(2)});
        }
    }
    // Each count reads the narrowest index that holds exactly its rows (documents_gone and
    // documents_listing_paywalled are small partial indexes), never the documents' rows.
    metrics.documents.documents = database.query_int("SELECT count(*) FROM documents");
    metrics.documents.gone = database.query_int("SELECT count(*) FROM documents WHERE gone_at IS NOT NULL");
    metrics.documents.live = metrics.documents.documents - metrics.documents.gone;
    metrics.documents.articles = database.query_int("SELECT count(*) FROM documents WHERE latest_number > 0");
    metrics.documents.paywalled =
        database.query_int("SELECT count(*) FROM documents WHERE latest_number > 0 AND paywalled = 1");
    metrics.sites = list_sites(store);
    // Sites and jobs are few, their rows many (a run every two hours for years): each distinct key is found by one
    // seek past the previous one, and its newest rows by a descending range of site_health_by_site / runs_by_job.
    {
        std::string site;
        for (;;) {
            auto next = database.cached("SELECT site FROM site_health WHERE site > ?1 ORDER BY site LIMIT 1");
            next->bind(1, std::string_view(site));
            if (!next->step()) {
                break;
            }
            site.assign(next->text(0));
            next->reset();
            auto last = database.cached(
                "SELECT job, run_id, at, counts FROM site_health WHERE site = ?1 "
                "ORDER BY at DESC, run_id DESC LIMIT 1");
            last->bind(1, std::string_view(site));
            if (!last->step()) {
                continue;
            }
            SiteExtraction row;
            row.site = site;
            row.job.assign(last->text(0));
            row.run_id = last->int64(1);
            row.at = from_unix_ms(last->int64(2));
            const nlohmann::json counts = nlohmann::json::parse(last->text(3), nullptr, false);
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
        std::string job;
        for (;;) {
            auto next = database.cached("SELECT job FROM runs WHERE job > ?1 ORDER BY job LIMIT 1");
            next->bind(1, std::string_view(job));
            if (!next->step()) {
                break;
            }
            job.assign(next->text(0));
            next->reset();
            auto newest = database.cached(
                "SELECT id, started_at, ended_at, exit_status FROM runs WHERE job = ?1 "
                "ORDER BY started_at DESC, id DESC LIMIT ?2");
            newest->bind(1, std::string_view(job)).bind(2, static_cast<std::int64_t>(runs_per_job));
            while (newest->step()) {
                RunDuration run;
                run.job = job;
                run.run_id = newest->int64(0);
                run.started = from_unix_ms(newest->int64(1));
                run.ended = from_unix_ms(newest->int64(2));
                run.seconds = static_cast<double>(newest->int64(2) - newest->int64(1)) / 1000.0;
                run.exit_status = newest->integer(3);
                metrics.runs.push_back(std::move(run));
            }
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
