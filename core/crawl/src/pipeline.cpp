// The page stage: charset decoding, the site plugin (discovery, extraction), the article stage (cleaning, topic)
// and the links on a page thread (prepare); the capture, the version and the fetch log on the writer (commit).
#include "pipeline.hpp"

#include <algorithm>
#include <cctype>

#include "block_page.hpp"
#include "feeds.hpp"
#include "newsarc/archive/time.hpp"
#include "newsarc/base/ids.hpp"
#include "newsarc/clean/text.hpp"
#include "newsarc/crawl/charset.hpp"
#include "newsarc/crawl/links.hpp"
#include "newsarc/crawl/url.hpp"
#include "newsarc/dom/document.hpp"

namespace newsarc::crawl {
namespace {

/// The media type without parameters, lower case ("text/html").
std::string media_type(std::string_view content_type) {
    std::string type(content_type.substr(0, content_type.find(';')));
    type.erase(std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c) != 0; }),
               type.end());
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return type;
}

bool looks_like_html(std::string_view content_type, std::string_view body) {
    const std::string type = media_type(content_type);
    if (type.find("html") != std::string::npos) {
        return true;
    }
    if (!type.empty() && type != "application/octet-stream") {
        return false;
    }
    // No usable type: sniff the way browsers do for the common case.
    const auto start = body.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    return start != std::string_view::npos && body[start] == '<';
}

/// Bodies a plugin may read besides HTML: API answers and feeds, which are UTF-8 text.
bool is_plugin_text(std::string_view type) {
    return type.find("json") != std::string_view::npos || type.find("xml") != std::string_view::npos ||
           type.starts_with("text/");
}

/// The capture of a response as it came: URL asked, status, headers, body and validators.
archive::CaptureInput capture_of(const FetchedPage& page) {
    archive::CaptureInput capture;
    capture.url = page.lease.request.url;
    capture.http_status = page.result.http_status;
    capture.headers = page.result.headers;
    capture.fetched_at = page.fetched_at;
    capture.content_type = page.result.content_type;
    capture.body = page.result.body;
    capture.etag = page.result.etag;
    capture.last_modified = page.result.last_modified;
    return capture;
}

std::string charset_detail(const DecodedText& text) {
    std::string detail = "charset=" + text.charset + " (" + text.source + ")";
    if (text.replaced > 0) {
        detail += " replaced=" + std::to_string(text.replaced);
    }
    return detail;
}

} // namespace

archive::FetchLogEntry log_entry(const Lease& lease, const fetch::FetchResult& result, Outcome outcome,
                                 const std::string& detail) {
    archive::FetchLogEntry entry;
    entry.url = lease.request.url;
    if (auto parts = split_url(lease.request.url)) {
        entry.host = parts->host;
    }
    entry.at = std::chrono::system_clock::now();
    entry.outcome = std::string(to_string(outcome));
    entry.http_status = result.http_status;
    entry.detail = detail;
    entry.attempt = lease.attempts + 1;
    entry.bytes = static_cast<std::int64_t>(result.body_bytes);
    entry.duration_ms = result.duration_ms;
    return entry;
}

Pipeline::Pipeline(archive::Store& store, const Scope& scope, const SitePlugins& plugins, const ArticleWriter& articles,
                   const RedirectRules& redirects, DiscoveryRules discovery)
    : store_(store), scope_(scope), plugins_(plugins), articles_(articles), redirects_(redirects),
      discovery_(discovery) {}

bool Pipeline::discover_from_feed(std::string_view body, const std::string& base_url, int depth, PageResult& out,
                                  std::string& detail) const {
    std::optional<std::string> inflated;
    if (is_gzip(body)) {
        inflated = gunzip_bounded(body, discovery_.max_bytes);
        if (!inflated) {
            detail += (detail.empty() ? "" : "; ") + std::string("gzip body damaged or over ") +
                      std::to_string(discovery_.max_bytes) + " bytes inflated: not read";
            return false;
        }
        body = *inflated;
    }
    const FeedDocument feed = parse_feed(body);
    if (feed.kind == FeedDocument::Kind::none) {
        return false;
    }
    // Newest first: an entry's time (hours since 1970) is its priority; entries without one come last.
    std::size_t admitted = 0;
    for (const FeedEntry& entry : feed.entries) {
        auto url = resolve_url(base_url, entry.url, scope_.url_options());
        if (!url) {
            continue;
        }
        plugin_host::Request request;
        request.url = std::move(url.value());
        request.kind = feed.kind == FeedDocument::Kind::sitemap_index ? NEWSARC_PAGE_FEED : NEWSARC_PAGE_INVALID;
        request.priority = entry.time ? static_cast<int>(std::max<std::int64_t>(0, *entry.time / 3600)) : 0;
        if (auto request_in_scope = admit(request, depth)) {
            admitted += out.discovered.add(std::move(*request_in_scope)) ? 1 : 0;
        }
    }
    static constexpr const char* kNames[] = {"", "sitemap", "sitemap index", "RSS feed", "Atom feed"};
    detail += (detail.empty() ? "" : "; ") + std::string(kNames[static_cast<int>(feed.kind)]) + ": " +
              std::to_string(feed.entries.size()) + " entries, " + std::to_string(admitted) + " in scope";
    if (feed.dropped > 0) {
        detail += ", " + std::to_string(feed.dropped) + " past the limit of " + std::to_string(kMaxFeedEntries) +
                  " not read";
    }
    if (!feed.error.empty()) {
        detail += ", cut short: " + feed.error;
    }
    return true;
}

void Pipeline::record(const archive::FetchLogEntry& entry) {
    store_.record_fetch(entry);
}

std::optional<plugin_host::PageOutcome> Pipeline::run_plugins(const FrontierRequest& request, const std::string& url,
                                                              const std::string& content_type, std::string_view text,
                                                              archive::TimePoint fetched_at, bool extract,
                                                              const dom::Document* parsed,
                                                              std::optional<plugin_host::PageOutcome>* fallback) const {
    if (plugins_.empty()) {
        return std::nullopt;
    }
    plugin_host::PageInput input;
    input.url = url;
    input.document_url = request.document_url;
    input.status = 200;
    input.content_type = content_type;
    input.body = text;
    input.fetched_at = archive::format_iso(fetched_at);
    plugin_host::Mode mode;
    mode.extract = extract;
    plugin_host::PageOutcome outcome = plugins_.run(input, mode, parsed);
    if (outcome.plugin_id.empty() || outcome.kind == NEWSARC_PAGE_INVALID) {
        return std::nullopt;
    }
    if (extract && fallback != nullptr) {
        *fallback = plugins_.run_fallback(outcome, input, parsed);
    }
    return outcome;
}

std::optional<FrontierRequest> to_frontier_request(const plugin_host::Request& request, const UrlOptions& options,
                                                   int depth, std::string* host) {
    auto url = normalize_url(request.url, options);
    if (!url) {
        return std::nullopt;
    }
    auto parts = split_url(url.value());
    if (!parts) {
        return std::nullopt;
    }
    if (host != nullptr) {
        *host = std::move(parts->host);
    }
    FrontierRequest out;
    out.url = std::move(url.value());
    out.origin = std::move(parts->origin);
    out.method = request.method;
    out.body = request.body;
    out.headers = request.headers;
    out.kind = page_kind_of(request.kind);
    out.priority = request.priority;
    out.depth = depth;
    if (!request.document_url.empty()) {
        if (auto document = normalize_url(request.document_url, options)) {
            out.document_url = document.value();
        }
    }
    return out;
}

std::optional<FrontierRequest> prepare_request(FrontierRequest request, const SitePlugins& plugins,
                                               const UrlOptions& options) {
    const std::string given_url = request.url;
    FrontierRequest prepared = plugins.prepare(std::move(request));
    if (prepared.kind == PageKind::ignore) {
        return std::nullopt;
    }
    if (prepared.url == given_url) {
        return prepared; // normalised already, and the origin is the same: a page's links mostly take this way
    }
    // The plugin's request is normalised like every other URL, so the frontier recognises it when seen again.
    auto url = normalize_url(prepared.url, options);
    auto parts = url ? split_url(url.value()) : Result<UrlParts>(url.error());
    if (!parts) {
        return std::nullopt;
    }
    prepared.url = std::move(url.value());
    prepared.origin = std::move(parts->origin);
    return prepared;
}

std::optional<FrontierRequest> Pipeline::admit(const plugin_host::Request& request, int depth) const {
    if (depth > scope_.max_depth() || request.kind == NEWSARC_PAGE_IGNORE) {
        return std::nullopt;
    }
    std::string host;
    auto out = to_frontier_request(request, scope_.url_options(), depth, &host);
    if (!out || !(scope_.host_in_scope(host) || plugins_.claims(host))) {
        return std::nullopt;
    }
    // A plain link (kind 0 when the crawl found it itself, without a plugin) is classified and prepared by the
    // plugin of its host: e.g. an article URL becomes the request for its full-text page or its API record.
    return prepare_request(*out, plugins_, scope_.url_options());
}

void Pipeline::count_page(const plugin_host::PageOutcome& plugin, const CleanedArticle* article,
                          const ArticleResult* written, PageResult& out) const {
    SiteCounts& counts = out.site_counts;
    if (plugin.kind == NEWSARC_PAGE_LIST || plugin.kind == NEWSARC_PAGE_FEED) {
        counts.list_pages = 1; // its article links are counted where its links are admitted
        return;
    }
    if (plugin.kind != NEWSARC_PAGE_ARTICLE || !plugin.extract_status) {
        return;
    }
    counts.article_pages = 1;
    if (article == nullptr || out.fallback) {
        // The plugin found none (the fallback's article does not make the plugin healthy).
        counts.failed[std::string(plugin_host::status_name(*plugin.extract_status))] = 1;
    }
    if (article == nullptr) {
        return;
    }
    counts.extracted = out.fallback ? 0 : 1;
    counts.fallbacks = out.fallback ? 1 : 0;
    counts.paywalled = article->version.paywalled ? 1 : 0;
    counts.missing_time = article->version.published_at.empty() ? 1 : 0;
    counts.missing_author = article->version.author.empty() ? 1 : 0;
    counts.short_body = clean::count_code_points(article->body) < kShortBodyChars ? 1 : 0;
    switch (written != nullptr ? written->state : ArticleResult::State::empty) {
    case ArticleResult::State::stored: counts.stored = 1; break;
    case ArticleResult::State::unchanged: counts.unchanged = 1; break;
    case ArticleResult::State::off_topic: counts.off_topic = 1; break;
    default: counts.empty = 1; break;
    }
}

PageResult Pipeline::process_redirect(const FetchedPage& page) {
    const fetch::FetchResult& result = page.result;
    RedirectHop hop = redirects_.follow(page.lease.request, result.http_status, result.redirect_url);
    PageResult out;
    out.outcome = hop.outcome;
    out.success = hop.next.has_value();
    out.redirect_target = hop.target.empty() ? result.redirect_url : hop.target;
    store_.batch([&] {
        // The hop as it was answered: status, headers (Location among them) and its own small body, never the
        // target's. The WARC export writes it before the target's record.
        archive::CaptureInput capture = capture_of(page);
        capture.redirect_to = hop.target; // what the Location said, whether or not the hop was admitted
        store_.put_capture(capture);
        store_.record_fetch(log_entry(page.lease, result, out.outcome, hop.detail));
    });
    if (hop.next) {
        out.discovered.add(std::move(*hop.next));
    }
    return out;
}

/// A body as the plugins and the link search read it. Not movable: `text` may view `converted`.
struct Pipeline::PageRead {
    PageRead() = default;
    PageRead(const PageRead&) = delete;
    PageRead& operator=(const PageRead&) = delete;

    std::string base_url;     ///< the URL the page is read as: its final URL after curl's redirects, normalised
    std::string document_url; ///< the document this fetch is for: the plugin's (an API record stands for its
                              ///< article page), else the page
    std::string detail;       ///< the fetch-log detail: charset, or why the body was not read
    std::string converted;    ///< the body converted to UTF-8, when it was not UTF-8 already
    std::string_view text;    ///< the body as UTF-8 text; empty when binary
    std::string type;         ///< its media type
    std::unique_ptr<dom::Document> document; ///< parsed only when a plugin in use reads the page
    std::optional<plugin_host::PageOutcome> plugin;
    std::optional<plugin_host::PageOutcome> fallback; ///< generic's article where the site plugin gave none
};

void Pipeline::locate(PageRead& read, const FetchedPage& page) const {
    const FrontierRequest& request = page.lease.request;
    read.base_url = request.url;
    if (!page.result.final_url.empty() && page.result.final_url != request.url) {
        if (auto final_url = normalize_url(page.result.final_url, scope_.url_options())) {
            read.base_url = final_url.value();
        }
    }
    read.document_url = request.document_url.empty() ? read.base_url : request.document_url;
}

void Pipeline::read_page(PageRead& read, const FetchedPage& page, const std::string& body,
                         std::string_view content_type, bool extract) const {
    read.type = media_type(content_type);
    if (looks_like_html(content_type, body)) {
        // A page that is UTF-8 already is read in place: a copy of each body cost as much memory again.
        DecodedText decoded = decode_to_utf8_borrowing(body, content_type, true);
        read.detail = charset_detail(decoded);
        read.converted = std::move(decoded.text);
        read.text = decoded.body_offset ? std::string_view(body).substr(*decoded.body_offset)
                                        : std::string_view(read.converted);
        read.type = "text/html";
        if (plugins_.serves(read.document_url)) {
            read.document = dom::Document::parse(read.text);
        }
    } else if (is_plugin_text(read.type)) {
        read.text = body;
    } else {
        read.detail = "content-type " + (read.type.empty() ? std::string("unknown") : read.type);
    }
    if (!read.text.empty()) {
        read.plugin = run_plugins(page.lease.request, read.base_url, read.type, read.text, page.fetched_at, extract,
                                  read.document.get(), &read.fallback);
    }
}

void Pipeline::discover_links(const PageRead& read, const FrontierRequest& request, PageResult& out) const {
    const int depth = request.depth + 1;
    const std::optional<plugin_host::PageOutcome>& plugin = read.plugin;
    const bool site_plugin = plugin && !plugins_.is_fallback(plugin->plugin_id);
    if (discovery_.sitemaps && !site_plugin && read.type == "text/html" && !read.text.empty()) {
        // A page of a site no plugin reads may name its feeds: they are fetched (and read) like sitemaps.
        // Only a page whose text names a "+xml" type is parsed for them, and only its head.
        for (const std::string& href : feed_links(read.text)) {
            plugin_host::Request feed;
            feed.url = href;
            feed.kind = NEWSARC_PAGE_FEED;
            if (auto resolved = resolve_url(read.base_url, href, scope_.url_options())) {
                feed.url = std::move(resolved.value());
                if (auto admitted = admit(feed, depth)) {
                    out.discovered.add(std::move(*admitted));
                }
            }
        }
    }
    if (site_plugin) {
        const bool list_page = plugin->kind == NEWSARC_PAGE_LIST || plugin->kind == NEWSARC_PAGE_FEED;
        for (const plugin_host::Request& link : plugin->links) {
            if (auto admitted = admit(link, depth)) {
                if (list_page && admitted->kind == PageKind::article && !out.site.empty()) {
                    ++out.site_counts.article_links;
                }
                out.discovered.add(std::move(*admitted));
            }
        }
        if (list_page && !out.site.empty() && out.site_counts.article_links == 0) {
            out.site_counts.list_pages_without_article_links = 1;
        }
    } else if (read.document || read.type == "text/html") {
        // A page no plugin read has no tree: its links come from the scanner, which finds the same ones. Each
        // link goes into the compact set as it is found; none is held as a string list first.
        plugin_host::Request found;
        found.kind = NEWSARC_PAGE_INVALID; // not classified yet
        const auto take = [&](std::string&& link) {
            if (out.discovered.contains(link)) {
                return; // the same link again (most pages repeat their navigation)
            }
            found.url = std::move(link);
            if (auto admitted = admit(found, depth)) {
                out.discovered.add(std::move(*admitted));
            }
        };
        if (read.document) {
            extract_links(*read.document->output(), read.base_url, scope_.url_options(), take);
        } else {
            scan_links(read.text, read.base_url, scope_.url_options(), take);
        }
    }
}

PageResult Pipeline::process(const FetchedPage& page) {
    PreparedPage prepared = prepare(page);
    return commit(prepared);
}

PreparedPage Pipeline::prepare(const FetchedPage& page) const {
    PreparedPage prepared;
    prepared.page = &page;
    if (page.outcome != Outcome::ok) {
        return prepared; // redirects, 304s and failures read the archive to be decided: all on the writer
    }
    prepared.prepared = true;
    PageResult& out = prepared.out;
    out.outcome = page.outcome;
    out.success = true;
    const FrontierRequest& request = page.lease.request;

    PageRead read;
    locate(read, page);
    read_page(read, page, page.result.body, page.result.content_type, true);
    std::string& detail = read.detail;
    const auto append = [&](const std::string& more) {
        if (!more.empty()) {
            detail += detail.empty() ? more : "; " + more;
        }
    };
    const std::optional<plugin_host::PageOutcome>& plugin = read.plugin;
    const bool site_plugin = plugin && !plugins_.is_fallback(plugin->plugin_id);
    if (discovery_.sitemaps && read.type != "text/html" && !(site_plugin && !plugin->links.empty())) {
        discover_from_feed(page.result.body, read.base_url, request.depth + 1, out, detail);
    }
    std::optional<CleanedArticle>& article = prepared.article;
    if (plugin && plugin->extracted()) {
        article = articles_.prepare(*plugin, read.document_url);
    } else if (plugin && plugin->extract_status && site_plugin) {
        // A site plugin's article page that gave no article: worth a look (markup changed?).
        append("extract " + std::string(plugin_host::status_name(*plugin->extract_status)) + " by " +
               plugin->plugin_id + (plugin->error.empty() ? std::string() : ": " + plugin->error));
        if (read.fallback) {
            // The generic extractor stands in, so the archive keeps filling while the plugin is broken; the
            // version says so, and a later re-extraction by the mended plugin supersedes it.
            article = articles_.prepare(*read.fallback, read.document_url, plugin->plugin_id);
            append("article by " + read.fallback->plugin_id + " as fallback for " + plugin->plugin_id);
            out.fallback = true;
        }
    }
    if (article && article->keep()) {
        // A site plugin names the site; the fallback's documents are named by their host.
        prepared.site = plugin->plugin_id;
        if (plugins_.is_fallback(prepared.site)) {
            const auto parts = split_url(read.document_url);
            prepared.site = parts ? parts->host : std::string();
        }
    }
    if (site_plugin) {
        out.site = plugin->plugin_id;
    }
    discover_links(read, request, out);

    prepared.detail = std::move(read.detail);
    prepared.base_url = std::move(read.base_url);
    prepared.document_url = std::move(read.document_url);
    if (read.plugin) {
        // commit() counts the page by the plugin's answer; its text and links are spent.
        prepared.plugin = std::move(read.plugin);
        prepared.plugin->links.clear();
        prepared.plugin->paragraphs.clear();
        prepared.plugin->fields.clear();
    }
    return prepared;
}

PageResult Pipeline::commit(PreparedPage& prepared) {
    const FetchedPage& page = *prepared.page;
    if (!prepared.prepared) {
        return commit_unprepared(page);
    }
    PageResult out = std::move(prepared.out);
    std::string& detail = prepared.detail;
    const std::optional<CleanedArticle>& article = prepared.article;
    const std::optional<plugin_host::PageOutcome>& plugin = prepared.plugin;
    store_.batch([&] {
        archive::CaptureInput capture = capture_of(page);
        if (article && article->keep()) {
            store_.ensure_document(article->result.doc_id, prepared.document_url, prepared.site);
            capture.doc_id = article->result.doc_id;
        }
        capture.final_url = prepared.base_url == page.lease.request.url ? std::string() : prepared.base_url;
        const std::int64_t capture_id = store_.put_capture(capture);
        std::optional<ArticleResult> written;
        if (article) {
            written = article->keep() ? articles_.write(store_, *prepared.article, capture_id, page.fetched_at)
                                      : article->result;
            out.article = written->state;
            if (!written->detail.empty()) {
                detail += detail.empty() ? written->detail : "; " + written->detail;
            }
        }
        if (plugin && !plugins_.is_fallback(plugin->plugin_id)) {
            count_page(*plugin, article ? &*article : nullptr, written ? &*written : nullptr, out);
        }
        store_.record_fetch(log_entry(page.lease, page.result, out.outcome, detail));
    });
    return out;
}

PageResult Pipeline::commit_unprepared(const FetchedPage& page) {
    if (page.outcome == Outcome::redirect) {
        return process_redirect(page);
    }
    const fetch::FetchResult& result = page.result;
    const FrontierRequest& request = page.lease.request;
    PageResult out;
    out.outcome = page.outcome;
    PageRead read;
    locate(read, page);
    std::optional<std::string> previous; // for a 304: the body of the capture it confirms
    if (page.outcome == Outcome::not_modified) {
        out.success = true;
        // Unchanged since the last capture: its stored body still tells where the page links to.
        if (page.previous_capture != 0) {
            previous = store_.capture_body(page.previous_capture);
        }
        if (previous) {
            read_page(read, page, *previous, result.content_type, false);
            read.detail = "unchanged since capture " + std::to_string(page.previous_capture);
        }
        store_.record_fetch(log_entry(page.lease, result, out.outcome, read.detail));
    } else {
        out.success = false;
        std::string detail = result.error.empty() && result.http_status != 0
                                 ? "HTTP " + std::to_string(result.http_status)
                                 : result.error;
        if (!request.redirect_chain.empty()) {
            detail += "; redirected from " + std::string(RedirectRules::previous_hop(request));
        }
        if (page.outcome == Outcome::blocked) {
            out.site = plugins_.site_of(read.document_url);
            out.site_counts.blocked = out.site.empty() ? 0 : 1;
        }
        if (result.http_status == 404 || result.http_status == 410) {
            // An archived article that is no longer there: marked gone, its versions kept.
            const std::string doc_id = doc_id_for_url(read.document_url);
            if (const auto archived = store_.find_document(doc_id); archived && !archived->gone_at) {
                store_.mark_gone(doc_id, page.fetched_at);
                detail += "; document " + doc_id + " marked gone";
                out.article = ArticleResult::State::gone;
            }
        }
        store_.record_fetch(log_entry(page.lease, result, out.outcome, detail));
    }
    discover_links(read, request, out);
    return out;
}

} // namespace newsarc::crawl
