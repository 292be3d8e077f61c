// Running plugins: a fetched page through classify, discover and extract (one HTML parse), and the other
// entry points (configure, prepare, seeds), with the output collected into plain C++ values.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/plugin.h"
#include "newsarc/plugin_host/plugin.hpp"

namespace newsarc::dom {
class Document;
}

namespace newsarc::plugin_host {

class PluginRegistry;

/// A request a plugin asked for (a link to follow is a GET with kind and priority).
struct Request {
    std::string url;
    newsarc_page_kind kind = NEWSARC_PAGE_ARTICLE;
    int priority = 0;
    std::string method = "GET";
    std::string body;
    std::string headers;
    std::string document_url; ///< empty when the request URL is the document
};

/// One line a plugin logged (also written to the "plugin:<id>" logger).
struct LogLine {
    newsarc_log_level level = NEWSARC_LOG_INFO;
    std::string message;
};

/// A fetched page as the engine hands it over. `body` must stay valid during run().
struct PageInput {
    std::string url;          ///< final URL after redirects
    std::string document_url; ///< the document this fetch is for; empty = url
    int status = 200;
    std::string content_type = "text/html"; ///< lower case, no parameters
    std::string_view body;                  ///< UTF-8 for text types
    std::string fetched_at;                 ///< ISO 8601 with offset
};

/// What to run. Discovery runs for article, list and feed pages; extraction for article pages.
struct Mode {
    bool discover = true;
    bool extract = true;
};

/// Everything a run produced.
struct PageOutcome {
    std::string plugin_id;
    std::string plugin_version;
    newsarc_page_kind kind = NEWSARC_PAGE_INVALID;      ///< classify(document URL)
    std::optional<newsarc_status> discover_status;      ///< absent when discovery did not run
    std::optional<newsarc_status> extract_status;       ///< absent when extraction did not run
    std::vector<Request> links;                         ///< emit_link and emit_request, in order
    /// set_field values by name; "published_at" is normalised to "YYYY-MM-DDTHH:MM:SS+08:00" (a value that
    /// is not a date is dropped with a warning in `log`).
    std::map<std::string, std::string> fields;
    std::vector<std::string> paragraphs;
    std::vector<std::string> tags;
    std::string error;     ///< set_error messages, "; "-joined
    std::vector<LogLine> log;

    /// A field's value, or empty.
    [[nodiscard]] std::string_view field(const std::string& name) const {
        const auto found = fields.find(name);
        return found == fields.end() ? std::string_view{} : std::string_view(found->second);
    }
    /// True when extraction ran and returned NEWSARC_OK (or NEWSARC_PAYWALLED).
    [[nodiscard]] bool extracted() const noexcept {
        return extract_status && (*extract_status == NEWSARC_OK || *extract_status == NEWSARC_PAYWALLED);
    }
};

/// True for media types parsed as HTML ("text/html", "application/xhtml+xml"; empty when the body starts
/// with '<').
bool is_html(std::string_view content_type, std::string_view body) noexcept;

/// Runs `plugin` over a page: classify(document URL), then discover and/or extract as `mode` and the kind
/// say. The HTML is parsed once (or `parsed` is used when given). Never throws for anything the page or the
/// plugin does; a plugin failure is a status and `error`.
PageOutcome run(const Plugin& plugin, const PageInput& page, Mode mode = {}, const dom::Document* parsed = nullptr);

/// Runs the page through the registry's candidates for its URL, best first, until one classifies it and
/// does not answer NEWSARC_NOT_MINE. The page is parsed once (or `parsed` is used when given); candidates
/// `allowed` returns false for are skipped. With no candidate, plugin_id is empty.
PageOutcome run_best(const PluginRegistry& registry, const PageInput& page, Mode mode = {},
                     const dom::Document* parsed = nullptr,
                     const std::function<bool(const Plugin&)>& allowed = {});

/// The result of configure, prepare and seeds.
struct CallOutcome {
    newsarc_status status = NEWSARC_OK;
    std::vector<Request> requests;
    std::string error;
    std::vector<LogLine> log;
};

/// Calls configure with the job's settings (a JSON object text; "{}" when none).
CallOutcome configure(Plugin& plugin, std::string_view settings_json);
/// Asks how to fetch `url`: NEWSARC_OK with one request, or NEWSARC_NOT_MINE (fetch the URL itself).
CallOutcome prepare(const Plugin& plugin, std::string_view url, newsarc_page_kind kind);
/// The plugin's start requests.
CallOutcome seeds(const Plugin& plugin);

/// Normalises a publish time to "YYYY-MM-DDTHH:MM:SS+08:00": accepts ISO 8601 with an offset or 'Z'
/// (converted to China time), and "YYYY-MM-DD[ HH:MM[:SS]]" or ISO 8601 without offset (taken as China time).
/// nullopt for anything else or an impossible date.
std::optional<std::string> normalize_china_time(std::string_view text);

/// "article", "list", "feed", "ignore", "invalid" and back (nullopt for an unknown name).
std::string_view kind_name(newsarc_page_kind kind) noexcept;
std::optional<newsarc_page_kind> parse_kind(std::string_view name) noexcept;
/// "ok", "not_mine", "no_content", "failed", "paywalled" and back.
std::string_view status_name(newsarc_status status) noexcept;
std::optional<newsarc_status> parse_status(std::string_view name) noexcept;

} // namespace newsarc::plugin_host
