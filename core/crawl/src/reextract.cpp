// reextract: stored captures through the article stage of a crawl (SitePlugins, ArticleWriter), no fetching.
#include "newsarc/crawl/reextract.hpp"

#include <nlohmann/json.hpp>

#include <thread>

#include "article_writer.hpp"
#include "newsarc/base/log.hpp"
#include "newsarc/archive/store.hpp"
#include "newsarc/crawl/charset.hpp"
#include "newsarc/crawl/url.hpp"
#include "newsarc/dom/document.hpp"
#include "ordered_pool.hpp"
#include "site_plugins.hpp"

namespace newsarc::crawl {
namespace {

/// `job` with only `plugin` in use (its settings kept, the others' dropped), or `job` as it is.
JobConfig with_plugin(JobConfig job, const std::string& plugin) {
    if (!plugin.empty()) {
        job.plugins.use = {plugin};
        job.plugins.use_positions.clear();
        std::erase_if(job.plugins.settings, [&](const auto& entry) { return entry.first != plugin; });
    }
    return job;
}

} // namespace

std::string ReextractReport::json() const {
    return nlohmann::json{{"captures", captures}, {"versions_added", versions_added}, {"unchanged", unchanged},
                          {"not_kept", not_kept}, {"failed", failed},  {"fallbacks", fallbacks}}
        .dump();
}

namespace {

/// One capture to extract again: read on the writer thread (SQLite is used by one thread only).
struct CaptureInput {
    archive::StoredPage page;
    std::string body;
    std::string site;
};

/// What the CPU side made of one capture, for the writer thread.
struct CaptureOutput {
    enum class Kind : std::uint8_t { skipped, failed, not_kept, keep };
    Kind kind = Kind::skipped;
    bool fallback = false;
    std::string document_url;
    std::string site;
    std::int64_t capture_id = 0;
    archive::TimePoint fetched_at{};
    CleanedArticle article;
};

/// Decode, parse, extract (and the generic fallback), clean and score: everything but SQLite, so any worker
/// thread may run it. An exception is the capture's failure, logged with its URL; the others go on.
CaptureOutput extract_capture(const SitePlugins& plugins, const ArticleWriter& articles, CaptureInput& capture) {
    const archive::StoredPage& page = capture.page;
    CaptureOutput out;
    const std::string& fetched_url = page.final_url.empty() ? page.url : page.final_url;
    out.document_url = page.document_url.empty() ? fetched_url : page.document_url;
    out.site = std::move(capture.site);
    out.capture_id = page.capture_id;
    out.fetched_at = page.fetched_at;
    try {
        const DecodedText decoded = decode_to_utf8_borrowing(capture.body, page.content_type, true);
        const std::string_view text = decoded.view(capture.body);
        const auto document = dom::Document::parse(text);
        plugin_host::PageInput input;
        input.url = fetched_url;
        input.document_url = page.document_url == fetched_url ? std::string() : page.document_url;
        input.content_type = "text/html";
        input.body = text;
        input.fetched_at = archive::format_iso(page.fetched_at);
        plugin_host::Mode mode;
        mode.discover = false;
        const plugin_host::PageOutcome outcome = plugins.run(input, mode, document.get());
        if (outcome.plugin_id.empty() || outcome.kind != NEWSARC_PAGE_ARTICLE) {
            return out; // a list page, or a page no plugin reads as an article
        }
        std::optional<plugin_host::PageOutcome> fallback;
        if (!outcome.extracted()) {
            fallback = plugins.run_fallback(outcome, input, document.get());
            if (!fallback) {
                out.kind = CaptureOutput::Kind::failed;
                return out;
            }
        }
        out.fallback = fallback.has_value();
        out.article = fallback ? articles.prepare(*fallback, out.document_url, outcome.plugin_id)
                               : articles.prepare(outcome, out.document_url);
        out.kind = out.article.keep() ? CaptureOutput::Kind::keep : CaptureOutput::Kind::not_kept;
    } catch (const std::exception& error) {
        log::get("reextract")->warn("event=failed capture={} url={} reason=\"{}\"", page.capture_id, out.document_url,
                                    error.what());
        out.kind = CaptureOutput::Kind::failed;
    }
    return out;
}

std::size_t worker_count(int asked) {
    if (asked > 0) {
        return static_cast<std::size_t>(asked);
    }
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

} // namespace

ReextractReport reextract(const JobConfig& job_in, const ReextractOptions& options) {
    const JobConfig job = with_plugin(job_in, options.plugin);
    const SitePlugins plugins(job);
    const ArticleWriter articles(job);
    archive::Store store = archive::Store::open(options.archive_path);
    ReextractReport report;
    // A dry run does everything inside one transaction that is never committed.
    std::optional<archive::Store::Transaction> dry_run;
    if (options.dry_run) {
        dry_run.emplace(store);
    }
    // Versions are committed in batches, as the crawl commits its pages: a commit per capture cost more than the
    // capture. A batch is written only once its articles are ready, so the write lock is held for the writes
    // alone (another process's reextract or crawl waits milliseconds, not a batch's CPU work). A kill loses the
    // unwritten batch only, and the next run redoes it (an unchanged output adds nothing).
    constexpr std::size_t kCapturesPerCommit = 64;
    std::vector<CaptureOutput> ready;
    const auto write_ready = [&] {
        if (ready.empty()) {
            return;
        }
        store.batch([&] {
            for (CaptureOutput& out : ready) {
                store.ensure_document(out.article.result.doc_id, out.document_url, out.site);
                const ArticleResult written = articles.write(store, out.article, out.capture_id, out.fetched_at);
                (written.state == ArticleResult::State::stored ? report.versions_added : report.unchanged) += 1;
                report.fallbacks += out.fallback ? 1 : 0;
            }
        });
        ready.clear();
    };
    const auto on_ready = [&](CaptureOutput& out) {
        switch (out.kind) {
        case CaptureOutput::Kind::skipped: return;
        case CaptureOutput::Kind::failed: ++report.failed; break;
        case CaptureOutput::Kind::not_kept: ++report.not_kept; break;
        case CaptureOutput::Kind::keep: ready.push_back(std::move(out)); break;
        }
        ++report.captures;
        if (ready.size() == kCapturesPerCommit) {
            write_ready();
        }
    };
    const std::size_t workers = worker_count(options.workers);
    OrderedPool<CaptureInput, CaptureOutput> pool(workers, 8 * workers, [&](CaptureInput& capture) {
        return extract_capture(plugins, articles, capture);
    });
    // Captures are listed a page at a time, each page its own short read (Store::latest_captures).
    constexpr std::size_t kCapturesPerListing = 256;
    std::int64_t after_id = 0;
    for (auto listing = store.latest_captures(options.since, options.until, after_id, kCapturesPerListing);
         !listing.empty(); listing = store.latest_captures(options.since, options.until, after_id, kCapturesPerListing)) {
        after_id = listing.back().capture_id;
        for (archive::StoredPage& page : listing) {
            const std::string& fetched_url = page.final_url.empty() ? page.url : page.final_url;
            const std::string& document_url = page.document_url.empty() ? fetched_url : page.document_url;
            std::string site = plugins.site_of(document_url);
            if (site.empty()) { // a host the generic extractor serves
                const auto parts = split_url(document_url);
                site = parts ? parts->host : std::string();
            }
            if (!plugins.serves(document_url) || (!options.site.empty() && site != options.site)) {
                continue;
            }
            std::optional<std::string> body = store.capture_body(page.capture_id);
            if (!body) {
                continue;
            }
            pool.submit(CaptureInput{std::move(page), std::move(*body), std::move(site)}, on_ready);
            pool.take(on_ready, false);
        }
    }
    pool.take(on_ready, true);
    write_ready();
    return report; // a dry run's outer transaction rolls back here
}

} // namespace newsarc::crawl
