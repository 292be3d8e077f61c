// The page stage: capture, charset decoding, link discovery and the fetch log, on the worker thread.
//
// Plugin hook (core/plugin_host): when a plugin claims the page's host, process() runs
// prepare -> (fetch, done by the engine) -> discover -> extract -> clean -> Store::put_version here, in place
// of the generic link discovery below; the generic path stays the fallback for hosts without a plugin.
#include "pipeline.hpp"

#include <algorithm>
#include <cctype>

#include "newsarc/crawl/charset.hpp"
#include "newsarc/crawl/links.hpp"
#include "newsarc/crawl/url.hpp"
#include "newsarc/dom/document.hpp"

namespace newsarc::crawl {
namespace {

bool looks_like_html(std::string_view content_type, std::string_view body) {
    std::string type(content_type.substr(0, content_type.find(';')));
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
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

std::string charset_detail(const DecodedText& text) {
    std::string detail = "charset=" + text.charset + " (" + text.source + ")";
    if (text.replaced > 0) {
        detail += " replaced=" + std::to_string(text.replaced);
    }
    return detail;
}

} // namespace

archive::FetchLogEntry log_entry(const Lease& lease, const fetch::FetchResult& result, const std::string& outcome,
                                 const std::string& detail) {
    archive::FetchLogEntry entry;
    entry.url = lease.request.url;
    if (auto parts = split_url(lease.request.url)) {
        entry.host = parts->host;
    }
    entry.at = std::chrono::system_clock::now();
    entry.outcome = outcome;
    entry.http_status = result.http_status;
    entry.detail = detail;
    entry.attempt = lease.attempts + 1;
    entry.bytes = static_cast<std::int64_t>(result.body_bytes);
    entry.duration_ms = result.duration_ms;
    return entry;
}

Pipeline::Pipeline(archive::Store& store, const Scope& scope) : store_(store), scope_(scope) {}

void Pipeline::record(const archive::FetchLogEntry& entry) {
    store_.record_fetch(entry);
}

PageResult Pipeline::process(const FetchedPage& page) {
    const fetch::FetchResult& result = page.result;
    const FrontierRequest& request = page.lease.request;
    PageResult out;
    out.outcome = page.outcome;

    std::string base_url = request.url;
    if (!result.final_url.empty() && result.final_url != request.url) {
        if (auto final_url = normalize_url(result.final_url, scope_.url_options())) {
            base_url = final_url.value();
        }
    }

    std::string detail;
    std::string body_for_links;
    std::string content_type = result.content_type;
    if (page.outcome == "ok") {
        out.success = true;
        body_for_links = result.body;
        store_.batch([&] {
            archive::CaptureInput capture;
            capture.url = request.url;
            capture.final_url = base_url == request.url ? std::string() : base_url;
            capture.http_status = result.http_status;
            capture.headers = result.headers;
            capture.fetched_at = page.fetched_at;
            capture.content_type = result.content_type;
            capture.body = result.body;
            capture.etag = result.etag;
            capture.last_modified = result.last_modified;
            store_.put_capture(capture);
            if (!looks_like_html(content_type, body_for_links)) {
                detail = "content-type " + (content_type.empty() ? std::string("unknown") : content_type);
            }
            // The fetch-log entry is written after decoding, below, inside this same transaction.
            if (looks_like_html(content_type, body_for_links)) {
                const DecodedText text = decode_to_utf8(body_for_links, content_type, true);
                detail = charset_detail(text);
                body_for_links = text.text;
            } else {
                body_for_links.clear();
            }
            store_.record_fetch(log_entry(page.lease, result, out.outcome, detail));
        });
    } else if (page.outcome == "not_modified") {
        out.success = true;
        // Unchanged since the last capture: its stored body still tells where the page links to.
        std::optional<std::string> previous;
        if (page.previous_capture != 0) {
            previous = store_.capture_body(page.previous_capture);
        }
        if (previous && looks_like_html({}, *previous)) {
            const DecodedText text = decode_to_utf8(*previous, {}, true);
            body_for_links = text.text;
            detail = "unchanged since capture " + std::to_string(page.previous_capture);
        }
        store_.record_fetch(log_entry(page.lease, result, out.outcome, detail));
    } else {
        out.success = false;
        detail = result.error.empty() && result.http_status != 0 ? "HTTP " + std::to_string(result.http_status)
                                                                 : result.error;
        store_.record_fetch(log_entry(page.lease, result, out.outcome, detail));
    }

    if (!body_for_links.empty()) {
        const auto document = dom::Document::parse(body_for_links);
        for (const std::string& link : extract_links(*document->output(), base_url, scope_.url_options())) {
            if (auto admitted = scope_.admit(link, request.depth + 1)) {
                out.discovered.push_back(std::move(*admitted));
            }
        }
    }
    return out;
}

} // namespace newsarc::crawl
