// Running a page through a plugin (one parse for discover and extract) and the other plugin entry points.
#include "newsarc/plugin_host/run.hpp"

#include <memory>

#include "call_state.hpp"
#include "newsarc/dom/document.hpp"
#include "newsarc/plugin_host/registry.hpp"
#include "newsarc/web/printed_time.hpp"

namespace newsarc::plugin_host {
namespace {

newsarc_str c_str(std::string_view text) noexcept {
    return newsarc_str{text.data(), text.size()};
}

bool is_page_kind(newsarc_page_kind kind) noexcept {
    return kind == NEWSARC_PAGE_ARTICLE || kind == NEWSARC_PAGE_LIST || kind == NEWSARC_PAGE_FEED;
}

newsarc_status checked_status(newsarc_status status, CallState& call, std::string_view entry) {
    switch (status) {
    case NEWSARC_OK:
    case NEWSARC_NOT_MINE:
    case NEWSARC_NO_CONTENT:
    case NEWSARC_FAILED:
    case NEWSARC_PAYWALLED:
        return status;
    }
    call.set_error(std::string(entry) + " returned status " + std::to_string(static_cast<int>(status)) +
                   ", which is not a newsarc_status");
    return NEWSARC_FAILED;
}

} // namespace

bool is_html(std::string_view content_type, std::string_view body) noexcept {
    if (content_type.empty()) {
        const std::size_t first = body.find_first_not_of(" \t\r\n");
        return first != std::string_view::npos && body[first] == '<';
    }
    return content_type.starts_with("text/html") || content_type.starts_with("application/xhtml+xml");
}

std::optional<std::string> normalize_china_time(std::string_view text) {
    // The one time parser reads it; only a text that is exactly one time passes.
    return web::china_iso_time(text);
}

PageOutcome run(const Plugin& plugin, const PageInput& input, Mode mode, const dom::Document* parsed) {
    PageOutcome outcome;
    outcome.plugin_id = plugin.id();
    outcome.plugin_version = plugin.version();
    const std::string_view document_url = input.document_url.empty() ? input.url : input.document_url;
    outcome.kind = plugin.classify(document_url);
    const bool want_discover = mode.discover && is_page_kind(outcome.kind);
    const bool want_extract = mode.extract && outcome.kind == NEWSARC_PAGE_ARTICLE;
    if (!want_discover && !want_extract) {
        return outcome;
    }
    std::unique_ptr<dom::Document> own;
    const dom::Document* document = parsed;
    if (document == nullptr && is_html(input.content_type, input.body)) {
        own = dom::Document::parse(input.body);
        document = own.get();
    }
    newsarc_page page{};
    page.struct_size = sizeof(newsarc_page);
    page.url = c_str(input.url);
    page.document_url = c_str(document_url);
    page.http_status = input.status;
    page.content_type = c_str(input.content_type);
    page.body = c_str(input.body);
    page.root = document == nullptr ? nullptr : document->root();
    page.gumbo = document == nullptr ? nullptr : reinterpret_cast<const struct GumboInternalOutput*>(document->output());
    page.fetched_at = c_str(input.fetched_at);

    CallState call(plugin, document, outcome);
    if (want_discover) {
        outcome.discover_status = checked_status(plugin.discover(page, call), call, "discover");
    }
    if (want_extract) {
        outcome.extract_status = checked_status(plugin.extract(page, call), call, "extract");
        const auto published = outcome.fields.find("published_at");
        if (published != outcome.fields.end()) {
            if (auto normalized = normalize_china_time(published->second)) {
                published->second = std::move(*normalized);
            } else {
                call.log(NEWSARC_LOG_WARN, "published_at '" + published->second + "' for " +
                                               std::string(document_url) +
                                               " is not ISO 8601 or YYYY-MM-DD HH:MM[:SS]; dropped");
                outcome.fields.erase(published);
            }
        }
    }
    return outcome;
}

PageOutcome run_best(const PluginRegistry& registry, const PageInput& input, Mode mode, const dom::Document* parsed,
                     const std::function<bool(const Plugin&)>& allowed) {
    std::unique_ptr<dom::Document> document;
    PageOutcome last;
    for (const Plugin* plugin : registry.candidates(input.document_url.empty() ? input.url : input.document_url)) {
        if (allowed && !allowed(*plugin)) {
            continue;
        }
        // Parsed once, and only when some plugin gets the page: the parse costs more than most plugins.
        if (parsed == nullptr && document == nullptr && is_html(input.content_type, input.body)) {
            document = dom::Document::parse(input.body);
            parsed = document.get();
        }
        PageOutcome outcome = run(*plugin, input, mode, parsed);
        const bool declined = outcome.kind == NEWSARC_PAGE_INVALID ||
                              (outcome.extract_status && *outcome.extract_status == NEWSARC_NOT_MINE) ||
                              (!outcome.extract_status && outcome.discover_status &&
                               *outcome.discover_status == NEWSARC_NOT_MINE);
        if (!declined) {
            return outcome;
        }
        last = std::move(outcome);
    }
    return last;
}

namespace {

CallOutcome finish(PageOutcome& sink, newsarc_status status) {
    CallOutcome out;
    out.status = status;
    out.requests = std::move(sink.links);
    out.error = std::move(sink.error);
    out.log = std::move(sink.log);
    return out;
}

} // namespace

CallOutcome configure(Plugin& plugin, std::string_view settings_json) {
    PageOutcome sink;
    CallState call(plugin, nullptr, sink);
    const newsarc_status status =
        checked_status(plugin.configure(settings_json.empty() ? std::string_view("{}") : settings_json, call), call,
                       "configure");
    return finish(sink, status);
}

CallOutcome prepare(const Plugin& plugin, std::string_view url, newsarc_page_kind kind) {
    PageOutcome sink;
    CallState call(plugin, nullptr, sink);
    newsarc_status status = checked_status(plugin.prepare(url, kind, call), call, "prepare");
    if (status == NEWSARC_OK && sink.links.size() != 1) {
        call.set_error("prepare(" + std::string(url) + ") returned OK with " + std::to_string(sink.links.size()) +
                       " requests, expected exactly one");
        status = NEWSARC_FAILED;
    }
    return finish(sink, status);
}

CallOutcome seeds(const Plugin& plugin) {
    PageOutcome sink;
    CallState call(plugin, nullptr, sink);
    const newsarc_status status = checked_status(plugin.seeds(call), call, "seeds");
    return finish(sink, status);
}

std::string_view kind_name(newsarc_page_kind kind) noexcept {
    switch (kind) {
    case NEWSARC_PAGE_ARTICLE:
        return "article";
    case NEWSARC_PAGE_LIST:
        return "list";
    case NEWSARC_PAGE_FEED:
        return "feed";
    case NEWSARC_PAGE_IGNORE:
        return "ignore";
    case NEWSARC_PAGE_INVALID:
        return "invalid";
    }
    return "invalid";
}

std::optional<newsarc_page_kind> parse_kind(std::string_view name) noexcept {
    for (const newsarc_page_kind kind : {NEWSARC_PAGE_INVALID, NEWSARC_PAGE_ARTICLE, NEWSARC_PAGE_LIST,
                                         NEWSARC_PAGE_FEED, NEWSARC_PAGE_IGNORE}) {
        if (kind_name(kind) == name) {
            return kind;
        }
    }
    return std::nullopt;
}

std::string_view status_name(newsarc_status status) noexcept {
    switch (status) {
    case NEWSARC_OK:
        return "ok";
    case NEWSARC_NOT_MINE:
        return "not_mine";
    case NEWSARC_NO_CONTENT:
        return "no_content";
    case NEWSARC_FAILED:
        return "failed";
    case NEWSARC_PAYWALLED:
        return "paywalled";
    }
    return "failed";
}

std::optional<newsarc_status> parse_status(std::string_view name) noexcept {
    for (const newsarc_status status :
         {NEWSARC_OK, NEWSARC_NOT_MINE, NEWSARC_NO_CONTENT, NEWSARC_FAILED, NEWSARC_PAYWALLED}) {
        if (status_name(status) == name) {
            return status;
        }
    }
    return std::nullopt;
}

} // namespace newsarc::plugin_host
