// What `newsarc links` and `newsarc extract` share: the options naming a saved page and the plugins to try,
// and loading that page as the crawl would have handed it over (decoded to UTF-8, with the URL it came from)
// before running the chosen plugin over it.
#pragma once
#include <string>
#include <vector>

#include "newsarc/dom/document.hpp"
#include "newsarc/plugin_host/run.hpp"
#include "options.hpp"

namespace newsarc::cli {

struct SavedPageOptions {
    std::string file;                     ///< the saved page (HTML, or JSON for API answers)
    std::string url;                      ///< the URL it was fetched from; empty: found in the page (see below)
    std::string plugin;                   ///< plugin id; empty: the plugin claiming the URL's host
    std::vector<std::string> plugin_dirs; ///< extra plugin folders, searched first
    std::vector<std::string> site_dirs;   ///< extra declarative-site folders
};

/// A saved page as the plugins get it, and what the plugin made of it.
struct SavedPageRun {
    std::string url;         ///< the URL the plugin was given
    std::string url_source;  ///< where it came from: "option", "canonical", "og:url" or "file"
    std::string charset;     ///< what the file was decoded as ("UTF-8", "GB18030", "BIG5", ...)
    std::string charset_source; ///< "bom", "valid UTF-8", "meta", "detected" or "default"
    std::size_t replaced = 0;   ///< invalid byte sequences replaced by U+FFFD while decoding
    plugin_host::PageOutcome outcome;
};

/// Adds FILE, --url, --plugin, --plugin-dir and --sites-dir to `command`.
void add_saved_page_options(Command& command, SavedPageOptions& options);

/// The URL a saved HTML page says it has: its <link rel="canonical">, else its <meta property="og:url">, when
/// that is an absolute http(s) URL (normalised as the crawl normalises URLs); "" when it names none.
/// `source` gets "canonical" or "og:url".
std::string url_declared_by(const dom::Document& document, std::string& source);

/// The file: URL of a local path, made absolute, with bytes outside the unreserved set percent-encoded.
std::string file_url(const std::string& path);

/// What to tell the user when no plugin took the page: which URL it was given and where that came from.
std::string no_plugin_message(const SavedPageRun& run, const std::string& file);

/// A warning when decoding replaced bytes (a page saved in another charset than it declares), else "".
std::string decoding_warning(const SavedPageRun& run, const std::string& file);

/// Reads the file, decodes it to UTF-8 as the crawl decodes a fetched body (BOM, <meta charset>, detection;
/// there is no HTTP header, and valid UTF-8 stays UTF-8 whatever the page declares), takes the URL from the
/// options, else from the page, else the file's own file: URL, loads the plugins and runs the named one (or the
/// best one for the URL's host). Throws a usage failure for an unreadable file or an unknown plugin name; the
/// outcome's plugin_id is empty when no plugin claims the URL.
SavedPageRun run_on_saved_page(const SavedPageOptions& options, plugin_host::Mode mode);

} // namespace newsarc::cli
