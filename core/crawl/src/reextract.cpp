// reextract: stored captures through the article stage of a crawl (SitePlugins, ArticleWriter), no fetching.
#include "newsarc/crawl/reextract.hpp"

#include <nlohmann/json.hpp>

#include "article_writer.hpp"
#include "newsarc/archive/store.hpp"
#include "newsarc/crawl/charset.hpp"
#include "newsarc/crawl/url.hpp"
#include "newsarc/dom/document.hpp"
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
    // capture. A kill loses the open batch only, and the next run redoes it (an unchanged output adds nothing).
    constexpr int kCapturesPerCommit = 64;
    std::optional<archive::Store::Transaction> batch;
    int in_batch = 0;
    store.latest_captures(options.since, options.until, [&](const archive::StoredPage& page) {
        const std::string& fetched_url = page.final_url.empty() ? page.url : page.final_url;
        const std::string document_url = page.document_url.empty() ? fetched_url : page.document_url;
        const auto parts = split_url(document_url);
        std::string site = plugins.site_of(document_url);
        const bool by_host = site.empty();
        if (by_host) {
            site = parts ? parts->host : std::string(); // a host the generic extractor serves
        }
        if (!plugins.serves(document_url) || (!options.site.empty() && site != options.site)) {
            return;
        }
        const std::optional<std::string> body = store.capture_body(page.capture_id);
        if (!body) {
            return;
        }
        const DecodedText decoded = decode_to_utf8_borrowing(*body, page.content_type, true);
        const std::string_view text = decoded.view(*body);
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
            return; // a list page, or a page no plugin reads as an article
        }
        ++report.captures;
        std::optional<plugin_host::PageOutcome> fallback;
        if (!outcome.extracted()) {
            fallback = plugins.run_fallback(outcome, input, document.get());
            if (!fallback) {
                ++report.failed;
                return;
            }
        }
        CleanedArticle article = fallback ? articles.prepare(*fallback, document_url, outcome.plugin_id)
                                          : articles.prepare(outcome, document_url);
        if (!article.keep()) {
            ++report.not_kept;
            return;
        }
        if (!batch) {
            batch.emplace(store);
        }
        store.batch([&] {
            store.ensure_document(article.result.doc_id, document_url, site);
            const ArticleResult written = articles.write(store, article, page.capture_id, page.fetched_at);
            (written.state == ArticleResult::State::stored ? report.versions_added : report.unchanged) += 1;
            report.fallbacks += fallback ? 1 : 0;
        });
        if (++in_batch == kCapturesPerCommit) {
            batch->commit();
            batch.reset();
            in_batch = 0;
        }
    });
    if (batch) {
        batch->commit();
    }
    return report; // a dry run's outer transaction rolls back here
}

} // namespace newsarc::crawl
