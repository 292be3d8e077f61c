#include "saved_page.hpp"

#include <filesystem>
#include <memory>

#include "file_io.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/base/utf8.hpp"
#include "newsarc/crawl/charset.hpp"
#include "newsarc/crawl/url.hpp"
#include "newsarc/dom/document.hpp"
#include "newsarc/dom/selector.hpp"
#include "newsarc/plugin_host/registry.hpp"

namespace newsarc::cli {

namespace host = newsarc::plugin_host;

void add_saved_page_options(Command& command, SavedPageOptions& options) {
    command.option("file", options.file, "The saved page (HTML, or JSON for API answers)").required();
    command.option("--url", options.url,
                   "The URL the page was fetched from (default: the page's canonical link or og:url, else "
                   "the file's file: URL)");
    command.option("--plugin", options.plugin, "Plugin id (default: the plugin claiming the URL's host)");
    command.option("--plugin-dir", options.plugin_dirs, "Extra plugin folder (searched first; repeatable)");
    command.option("--sites-dir", options.site_dirs, "Extra declarative-site folder (repeatable)");
}

std::string url_declared_by(const dom::Document& document, std::string& source) {
    // rel is a token list ("canonical" may share it with others); the first usable value of each kind wins.
    static constexpr struct {
        const char* selector;
        const char* attribute;
        const char* name;
    } kDeclarations[] = {{"link[rel~=canonical i][href]", "href", "canonical"},
                         {"meta[property='og:url'][content]", "content", "og:url"}};
    for (const auto& declaration : kDeclarations) {
        const auto selector = dom::compile_cached(declaration.selector);
        if (!selector) {
            continue;
        }
        std::vector<const GumboNode*> found;
        selector.value()->select(document, nullptr, found);
        for (const GumboNode* element : found) {
            const auto value = dom::attribute(element, declaration.attribute);
            if (!value) {
                continue;
            }
            // Only an absolute URL says where the page is: a relative one has no base in a saved file.
            auto url = crawl::normalize_url(*value, crawl::UrlOptions{});
            if (url) {
                source = declaration.name;
                return url.value();
            }
        }
    }
    return {};
}

std::string file_url(const std::string& path) {
    std::error_code error;
    std::filesystem::path absolute = std::filesystem::absolute(path, error);
    if (error) {
        absolute = path;
    }
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out = "file://";
    for (const char c : absolute.lexically_normal().string()) {
        const auto byte = static_cast<unsigned char>(c);
        const bool plain = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                           (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (plain) {
            out += c;
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 15];
        }
    }
    return out;
}

std::string no_plugin_message(const SavedPageRun& run, const std::string& file) {
    if (run.url_source == "file") {
        return "'" + file + "' declares no canonical URL or og:url, and no plugin reads " + run.url +
               ": give the URL it was fetched from with --url";
    }
    const std::string from = run.url_source == "option" ? "" : " (the page's " + run.url_source + ")";
    return "no plugin claims the host of " + run.url + from;
}

std::string decoding_warning(const SavedPageRun& run, const std::string& file) {
    if (run.replaced == 0) {
        return {};
    }
    return "'" + file + "' decoded as " + run.charset + " (" + run.charset_source + "): " +
           std::to_string(run.replaced) + " invalid byte sequence(s) replaced by U+FFFD";
}

SavedPageRun run_on_saved_page(const SavedPageOptions& options, host::Mode mode) {
    std::string raw;
    if (const std::string error = read_whole_file(options.file, raw); !error.empty()) {
        throw usage_failure("'" + options.file + "': " + error);
    }
    const bool json = std::filesystem::path(options.file).extension() == ".json";
    // A saved file has no HTTP header: the page's own declarations and detection decide, as in the crawl. But
    // the tool that saved a page often re-encoded it to UTF-8 and left its <meta charset="gb2312"> as fetched
    // (many pages of ../shared/sites are such copies). Text in GBK or Big5 is practically never valid UTF-8, so
    // valid UTF-8 is read as UTF-8, in the place the crawl gives the HTTP header.
    const bool utf8_bytes = utf8::is_valid(raw);
    crawl::DecodedText decoded = crawl::decode_to_utf8(raw, utf8_bytes ? "text/html; charset=utf-8" : "", !json);

    SavedPageRun run;
    run.charset = decoded.charset;
    run.charset_source = decoded.source == "header" ? "valid UTF-8" : decoded.source;
    run.replaced = decoded.replaced;
    const std::string text = std::move(decoded.text);
    // Parsed once, for the URL it declares and for the plugin.
    const std::unique_ptr<dom::Document> document =
        host::is_html(json ? "application/json" : "text/html", text) ? dom::Document::parse(text) : nullptr;
    if (!options.url.empty()) {
        run.url = options.url;
        run.url_source = "option";
    } else if (document != nullptr) {
        run.url = url_declared_by(*document, run.url_source);
    }
    if (run.url.empty()) {
        run.url = file_url(options.file);
        run.url_source = "file";
    }

    host::PluginRegistry registry;
    registry.load_defaults({options.plugin_dirs.begin(), options.plugin_dirs.end()},
                           {options.site_dirs.begin(), options.site_dirs.end()});
    host::PageInput page;
    page.url = run.url;
    page.body = text;
    page.content_type = json ? "application/json" : "text/html";
    if (options.plugin.empty()) {
        run.outcome = host::run_best(registry, page, mode, document.get());
        return run;
    }
    const host::Plugin* plugin = registry.by_id(options.plugin);
    if (plugin == nullptr) {
        throw usage_failure("no plugin named '" + options.plugin + "' is loaded (see `newsarc plugins list`)");
    }
    run.outcome = host::run(*plugin, page, mode, document.get());
    return run;
}

} // namespace newsarc::cli
