// The declarative-site plugin: a configs/sites/<id>.toml file (URL patterns, selectors, lines to drop)
// served by built-in code over the host's parse, so a simple site needs no C++.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <re2/re2.h>
#include <toml++/toml.h>

#include "call_state.hpp"
#include "newsarc/dom/selector.hpp"
#include "newsarc/dom/text.hpp"
#include "newsarc/plugin.hpp"
#include "newsarc/plugin_host/declarative.hpp"
#include "newsarc/web/printed_time.hpp"
#include "newsarc/web/url.hpp"

namespace newsarc::plugin_host {
namespace {

namespace sdk = newsarc::sdk;

/// Thrown while reading a site file; turned into a LoadError naming the file.
struct SiteError {
    std::string message;
};

/// One way to get a field's value: the texts of the first match of each selector (joined by one space), or
/// an attribute of the first match, or a literal; then an optional regex capture and time format.
struct Source {
    std::vector<dom::Selector> selectors;
    std::string attr;
    std::optional<std::string> literal;
    std::shared_ptr<const RE2> regex; // null: none
    std::string format; // time only: strptime-like (%Y %m %d %H %M %S %y), searched anywhere in the text
};

struct UrlPattern {
    std::string text;
    std::shared_ptr<const RE2> regex;
};

struct SiteSpec {
    std::string id;
    std::string name;
    std::string version;
    std::vector<std::string> hosts;
    int priority = 50;
    std::vector<std::string> seeds;
    std::vector<UrlPattern> article_urls;
    std::vector<UrlPattern> list_urls;
    std::vector<UrlPattern> feed_urls;
    std::vector<UrlPattern> ignore_urls;
    std::vector<Source> title;
    std::vector<Source> time;
    std::vector<Source> author;
    std::vector<Source> source;
    std::vector<Source> canonical_url;
    std::vector<std::string> title_suffixes; // removed from the end of the title (" - 量子位")
    std::vector<dom::Selector> body;
    std::optional<dom::Selector> paragraphs;
    std::vector<dom::Selector> drop;
    std::vector<std::string> drop_lines;
    std::vector<std::string> drop_containing;
    std::vector<std::string> drop_prefixes;
    std::vector<std::string> stop_at;
    std::vector<dom::Selector> tags;
    std::vector<dom::Selector> links;
};

std::string where(const std::filesystem::path& file, const toml::node& node, std::string_view key) {
    return file.string() + ":" + std::to_string(node.source().begin.line) + ": " + std::string(key);
}

dom::Selector compile_selector(const std::filesystem::path& file, const toml::node& node, std::string_view key,
                               std::string_view text) {
    auto compiled = dom::Selector::compile(text);
    if (!compiled) {
        throw SiteError{where(file, node, key) + ": " + compiled.error().message};
    }
    return std::move(compiled.value());
}

/// RE2 matches in linear time without recursing, where libstdc++'s <regex> recurses per character and
/// overflows the stack on a long URL or field text. RE2's defaults keep what the patterns were written for under
/// ECMAScript: `^` and `$` match at the ends of the whole text, `\d`, `\s`, `\w` are ASCII classes; the text is
/// UTF-8, so `.` and [...] match whole characters. Errors are reported with the file and key, not logged.
std::shared_ptr<const RE2> compile_regex(const std::filesystem::path& file, const toml::node& node,
                                         std::string_view key, const std::string& text) {
    RE2::Options options;
    options.set_log_errors(false);
    auto regex = std::make_shared<const RE2>(text, options);
    if (!regex->ok()) {
        throw SiteError{where(file, node, key) + ": regular expression '" + text + "' does not compile (" +
                        regex->error() + ")"};
    }
    return regex;
}

std::string string_of(const std::filesystem::path& file, const toml::node& node, std::string_view key) {
    const auto value = node.value<std::string>();
    if (!value) {
        throw SiteError{where(file, node, key) + ": expected a string"};
    }
    return *value;
}

// A string or an array of strings.
std::vector<std::string> strings_of(const std::filesystem::path& file, const toml::node* node, std::string_view key) {
    std::vector<std::string> out;
    if (node == nullptr) {
        return out;
    }
    if (const auto* array = node->as_array()) {
        for (const toml::node& element : *array) {
            out.push_back(string_of(file, element, key));
        }
        return out;
    }
    out.push_back(string_of(file, *node, key));
    return out;
}

std::vector<dom::Selector> selectors_of(const std::filesystem::path& file, const toml::node* node,
                                        std::string_view key) {
    std::vector<dom::Selector> out;
    for (const std::string& text : strings_of(file, node, key)) {
        out.push_back(compile_selector(file, *node, key, text));
    }
    return out;
}

std::vector<UrlPattern> patterns_of(const std::filesystem::path& file, const toml::node* node, std::string_view key) {
    std::vector<UrlPattern> out;
    for (const std::string& text : strings_of(file, node, key)) {
        out.push_back(UrlPattern{text, compile_regex(file, *node, key, text)});
    }
    return out;
}

// "css selector" or "css selector @attr".
Source source_from_string(const std::filesystem::path& file, const toml::node& node, std::string_view key,
                          const std::string& text) {
    Source source;
    std::string selector = text;
    const std::size_t at = text.rfind('@');
    if (at != std::string::npos) {
        const std::string attr = text.substr(at + 1);
        const bool is_name = !attr.empty() && std::all_of(attr.begin(), attr.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                   c == '_' || c == ':';
        });
        if (is_name) {
            source.attr = attr;
            selector = text.substr(0, at);
        }
    }
    source.selectors.push_back(compile_selector(file, node, key, sdk::trim(selector)));
    return source;
}

Source source_from_table(const std::filesystem::path& file, const toml::table& table, std::string_view key) {
    Source source;
    for (const auto& [name, value] : table) {
        const std::string_view k = name.str();
        const std::string full_key = std::string(key) + "." + std::string(k);
        if (k == "selector") {
            source.selectors = selectors_of(file, &value, full_key);
        } else if (k == "attr") {
            source.attr = string_of(file, value, full_key);
        } else if (k == "value") {
            source.literal = string_of(file, value, full_key);
        } else if (k == "regex") {
            source.regex = compile_regex(file, value, full_key, string_of(file, value, full_key));
        } else if (k == "format") {
            source.format = string_of(file, value, full_key);
        } else {
            throw SiteError{where(file, value, full_key) +
                            ": unknown key (expected selector, attr, value, regex or format)"};
        }
    }
    if (source.selectors.empty() && !source.literal) {
        throw SiteError{where(file, table, key) + ": needs 'selector' or 'value'"};
    }
    return source;
}

// A field: a string, a table, or an array of either (alternatives, first non-empty wins).
std::vector<Source> sources_of(const std::filesystem::path& file, const toml::node* node, std::string_view key) {
    std::vector<Source> out;
    if (node == nullptr) {
        return out;
    }
    const auto add = [&](const toml::node& element) {
        if (const auto* table = element.as_table()) {
            out.push_back(source_from_table(file, *table, key));
        } else {
            out.push_back(source_from_string(file, element, key, string_of(file, element, key)));
        }
    };
    if (const auto* array = node->as_array()) {
        for (const toml::node& element : *array) {
            add(element);
        }
    } else {
        add(*node);
    }
    return out;
}

void check_keys(const std::filesystem::path& file, const toml::table& table, std::string_view section,
                std::initializer_list<std::string_view> allowed) {
    for (const auto& [name, value] : table) {
        if (std::find(allowed.begin(), allowed.end(), name.str()) == allowed.end()) {
            std::string list;
            for (const std::string_view key : allowed) {
                list += (list.empty() ? "" : ", ") + std::string(key);
            }
            throw SiteError{where(file, value, std::string(section) + std::string(name.str())) +
                            ": unknown key (expected one of " + list + ")"};
        }
    }
}

SiteSpec parse_spec(const std::filesystem::path& file, const toml::table& root) {
    SiteSpec spec;
    check_keys(file, root, "", {"id", "name", "version", "hosts", "priority", "seeds", "urls", "article", "discover"});
    const std::string stem = file.stem().string();
    spec.id = root["id"].value_or(stem);
    if (spec.id != stem) {
        throw SiteError{file.string() + ": id '" + spec.id + "' differs from the file name's '" + stem + "'"};
    }
    if (spec.id.empty() || !std::all_of(spec.id.begin(), spec.id.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        })) {
        throw SiteError{file.string() + ": id '" + spec.id + "' must be made of [a-z0-9_]"};
    }
    spec.name = root["name"].value_or(spec.id);
    const auto version = root["version"].value<std::string>();
    if (!version || version->empty()) {
        throw SiteError{file.string() + ": missing 'version' (a content version such as \"2026.11.1\")"};
    }
    spec.version = *version;
    spec.hosts = strings_of(file, root.get("hosts"), "hosts");
    if (spec.hosts.empty()) {
        throw SiteError{file.string() + ": missing 'hosts' (the host names the site claims)"};
    }
    for (const std::string& host : spec.hosts) {
        if (host == "*") {
            throw SiteError{file.string() + ": hosts: a declarative site cannot claim \"*\" (generic owns it)"};
        }
    }
    spec.priority = static_cast<int>(root["priority"].value_or(int64_t{50}));
    spec.seeds = strings_of(file, root.get("seeds"), "seeds");

    const toml::table* urls = root["urls"].as_table();
    if (urls == nullptr) {
        throw SiteError{file.string() + ": missing [urls] (article = [...] patterns)"};
    }
    check_keys(file, *urls, "urls.", {"article", "list", "feed", "ignore"});
    spec.article_urls = patterns_of(file, urls->get("article"), "urls.article");
    spec.list_urls = patterns_of(file, urls->get("list"), "urls.list");
    spec.feed_urls = patterns_of(file, urls->get("feed"), "urls.feed");
    spec.ignore_urls = patterns_of(file, urls->get("ignore"), "urls.ignore");
    if (spec.article_urls.empty()) {
        throw SiteError{file.string() + ": [urls] article is empty; a site needs article URL patterns"};
    }

    const toml::table* article = root["article"].as_table();
    if (article == nullptr) {
        throw SiteError{file.string() + ": missing [article] (title, time, body selectors)"};
    }
    check_keys(file, *article, "article.",
               {"title", "title_suffix", "time", "author", "source", "canonical_url", "body", "paragraphs", "drop",
                "drop_lines", "drop_containing", "drop_prefixes", "stop_at", "tags"});
    spec.title = sources_of(file, article->get("title"), "article.title");
    spec.title_suffixes = strings_of(file, article->get("title_suffix"), "article.title_suffix");
    spec.time = sources_of(file, article->get("time"), "article.time");
    spec.author = sources_of(file, article->get("author"), "article.author");
    spec.source = sources_of(file, article->get("source"), "article.source");
    spec.canonical_url = sources_of(file, article->get("canonical_url"), "article.canonical_url");
    spec.body = selectors_of(file, article->get("body"), "article.body");
    if (spec.title.empty() || spec.body.empty()) {
        throw SiteError{file.string() + ": [article] needs 'title' and 'body'"};
    }
    if (const toml::node* paragraphs = article->get("paragraphs")) {
        spec.paragraphs = compile_selector(file, *paragraphs, "article.paragraphs",
                                           string_of(file, *paragraphs, "article.paragraphs"));
    }
    spec.drop = selectors_of(file, article->get("drop"), "article.drop");
    spec.drop_lines = strings_of(file, article->get("drop_lines"), "article.drop_lines");
    spec.drop_containing = strings_of(file, article->get("drop_containing"), "article.drop_containing");
    spec.drop_prefixes = strings_of(file, article->get("drop_prefixes"), "article.drop_prefixes");
    spec.stop_at = strings_of(file, article->get("stop_at"), "article.stop_at");
    spec.tags = selectors_of(file, article->get("tags"), "article.tags");

    if (const toml::table* discover = root["discover"].as_table()) {
        check_keys(file, *discover, "discover.", {"links"});
        spec.links = selectors_of(file, discover->get("links"), "discover.links");
    }
    if (spec.links.empty()) {
        spec.links.push_back(dom::Selector::compile("a[href]").value());
    }
    return spec;
}

// Parses `text` against a strptime-like format anywhere in it; "YYYY-MM-DD HH:MM[:SS]" or nullopt.
std::optional<std::string> parse_with_format(std::string_view text, std::string_view format) {
    for (std::size_t start = 0; start < text.size(); ++start) {
        int year = -1;
        int month = 1;
        int day = 1;
        int hour = 0;
        int minute = 0;
        int second = -1;
        std::size_t i = start;
        bool ok = true;
        for (std::size_t f = 0; f < format.size() && ok; ++f) {
            if (format[f] == '%' && f + 1 < format.size()) {
                const char spec = format[++f];
                const std::size_t max_digits = spec == 'Y' ? 4 : 2;
                const std::size_t min_digits = spec == 'Y' || spec == 'y' ? max_digits : 1;
                std::size_t n = 0;
                int value = 0;
                while (n < max_digits && i + n < text.size() && text[i + n] >= '0' && text[i + n] <= '9') {
                    value = value * 10 + (text[i + n] - '0');
                    ++n;
                }
                if (n < min_digits) {
                    ok = false;
                    break;
                }
                i += n;
                switch (spec) {
                case 'Y':
                    year = value;
                    break;
                case 'y':
                    year = 2000 + value;
                    break;
                case 'm':
                    month = value;
                    break;
                case 'd':
                    day = value;
                    break;
                case 'H':
                    hour = value;
                    break;
                case 'M':
                    minute = value;
                    break;
                case 'S':
                    second = value;
                    break;
                default:
                    ok = false;
                }
            } else if (format[f] == ' ') {
                while (i < text.size() && sdk::space_length_at(text, i) > 0) {
                    i += sdk::space_length_at(text, i);
                }
            } else {
                ok = i < text.size() && text[i] == format[f];
                ++i;
            }
        }
        if (ok && year >= 1990 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59) {
            std::string out;
            web::append_number(out, year, 4);
            for (const auto& [separator, value] : {std::pair{'-', month}, std::pair{'-', day}, std::pair{' ', hour},
                                                   std::pair{':', minute}, std::pair{':', second < 0 ? 0 : second}}) {
                out.push_back(separator);
                web::append_number(out, value, 2);
            }
            return out;
        }
    }
    return std::nullopt;
}

class DeclarativeSite final : public Plugin {
public:
    DeclarativeSite(SiteSpec spec, std::filesystem::path file)
        : Plugin(spec.id, spec.version, spec.hosts, spec.priority, std::move(file)), spec_(std::move(spec)) {}

    std::string_view kind_name() const noexcept override { return "declarative site"; }
    /// The host's own code over an immutable spec: any number of threads at once.
    bool concurrent() const noexcept override { return true; }

    newsarc_page_kind classify(std::string_view url) const override {
        // PartialMatch: the pattern is searched anywhere in the URL (sites anchor with ^ and $).
        const auto any = [&](const std::vector<UrlPattern>& patterns) {
            return std::any_of(patterns.begin(), patterns.end(),
                               [&](const UrlPattern& pattern) { return RE2::PartialMatch(url, *pattern.regex); });
        };
        if (any(spec_.ignore_urls)) {
            return NEWSARC_PAGE_IGNORE;
        }
        if (any(spec_.article_urls)) {
            return NEWSARC_PAGE_ARTICLE;
        }
        if (any(spec_.list_urls)) {
            return NEWSARC_PAGE_LIST;
        }
        if (any(spec_.feed_urls)) {
            return NEWSARC_PAGE_FEED;
        }
        return NEWSARC_PAGE_INVALID;
    }

    newsarc_status configure(std::string_view, CallState&) override { return NEWSARC_OK; }

    newsarc_status discover(const newsarc_page& page, CallState& call) const override {
        const dom::Document* document = call.document();
        if (document == nullptr) {
            return NEWSARC_NO_CONTENT;
        }
        const std::string_view base(page.url.data, page.url.size);
        std::unordered_set<std::string> seen;
        for (const dom::Selector& selector : spec_.links) {
            std::vector<const GumboNode*> anchors;
            selector.select(*document, nullptr, anchors);
            for (const GumboNode* anchor : anchors) {
                const auto href = dom::attribute(anchor, "href");
                if (!href || sdk::trim(*href).empty()) {
                    continue;
                }
                // Resolved and normalized by the one URL parser; a non-http(s) href does not resolve.
                auto resolved = web::resolve_url(base, *href, web::UrlOptions{{}});
                if (!resolved || !seen.insert(resolved.value()).second) {
                    continue;
                }
                const std::string& url = resolved.value();
                const newsarc_page_kind kind = classify(url);
                if (kind == NEWSARC_PAGE_ARTICLE || kind == NEWSARC_PAGE_LIST || kind == NEWSARC_PAGE_FEED) {
                    Request request;
                    request.url = std::move(url);
                    request.kind = kind;
                    request.priority = kind == NEWSARC_PAGE_ARTICLE ? 0 : 10;
                    call.emit(std::move(request));
                }
            }
        }
        return NEWSARC_OK;
    }

    newsarc_status extract(const newsarc_page& page, CallState& call) const override {
        const dom::Document* document = call.document();
        if (document == nullptr) {
            call.set_error("page is not HTML (content type '" + std::string(page.content_type.data, page.content_type.size) +
                           "')");
            return NEWSARC_FAILED;
        }
        const GumboNode* body = nullptr;
        for (const dom::Selector& selector : spec_.body) {
            std::vector<const GumboNode*> found;
            selector.select(*document, nullptr, found);
            if (!found.empty()) {
                body = found.front();
                break;
            }
        }
        if (body == nullptr) {
            return NEWSARC_NO_CONTENT;
        }
        std::string title = value_of(*document, spec_.title, false);
        for (const std::string& suffix : spec_.title_suffixes) {
            if (title.size() > suffix.size() && title.ends_with(suffix)) {
                title = std::string(sdk::trim(title.substr(0, title.size() - suffix.size())));
            }
        }
        set(call, "title", sdk::collapse_space(title));
        const std::string time = value_of(*document, spec_.time, true);
        if (!time.empty()) {
            set(call, "published_at", time);
        }
        set(call, "author", sdk::collapse_space(value_of(*document, spec_.author, false)));
        set(call, "source", sdk::collapse_space(value_of(*document, spec_.source, false)));
        set(call, "canonical_url", value_of(*document, spec_.canonical_url, false));

        // Elements to leave out of the body.
        std::unordered_set<const GumboNode*> skip;
        for (const dom::Selector& selector : spec_.drop) {
            std::vector<const GumboNode*> found;
            selector.select(*document, body, found);
            skip.insert(found.begin(), found.end());
        }
        dom::TextOptions options;
        options.skip = &skip;
        std::vector<std::string> pieces;
        if (spec_.paragraphs) {
            std::vector<const GumboNode*> found;
            spec_.paragraphs->select(*document, body, found);
            // A match inside another match (a <p> in a <blockquote>) is read with its ancestor, once.
            const std::unordered_set<const GumboNode*> matched(found.begin(), found.end());
            for (const GumboNode* node : found) {
                if (inside(node, skip, body) || (node->parent != nullptr && inside(node->parent, matched, body))) {
                    continue;
                }
                const std::string text = dom::text(node, options);
                for (const std::string_view piece : sdk::split_trimmed(text, "\n\n")) {
                    pieces.emplace_back(piece);
                }
            }
        } else {
            const std::string text = dom::text(body, options);
            for (const std::string_view piece : sdk::split_trimmed(text, "\n\n")) {
                pieces.emplace_back(piece);
            }
        }
        std::size_t added = 0;
        for (const std::string& piece : pieces) {
            std::string paragraph = collapse_lines(piece);
            if (paragraph.empty()) {
                continue;
            }
            if (std::find(spec_.stop_at.begin(), spec_.stop_at.end(), paragraph) != spec_.stop_at.end()) {
                break;
            }
            if (std::find(spec_.drop_lines.begin(), spec_.drop_lines.end(), paragraph) != spec_.drop_lines.end() ||
                std::any_of(spec_.drop_containing.begin(), spec_.drop_containing.end(),
                            [&](const std::string& text) { return paragraph.find(text) != std::string::npos; }) ||
                std::any_of(spec_.drop_prefixes.begin(), spec_.drop_prefixes.end(),
                            [&](const std::string& text) { return paragraph.starts_with(text); })) {
                continue;
            }
            call.add_paragraph(paragraph);
            ++added;
        }
        for (const dom::Selector& selector : spec_.tags) {
            std::vector<const GumboNode*> found;
            selector.select(*document, nullptr, found);
            for (const GumboNode* node : found) {
                const std::string tag = sdk::collapse_space(dom::text(node));
                if (!tag.empty()) {
                    call.add_tag(tag);
                }
            }
        }
        return added == 0 ? NEWSARC_NO_CONTENT : NEWSARC_OK;
    }

    newsarc_status prepare(std::string_view, newsarc_page_kind, CallState&) const override {
        return NEWSARC_NOT_MINE;
    }

    newsarc_status seeds(CallState& call) const override {
        for (const std::string& seed : spec_.seeds) {
            Request request;
            request.url = seed;
            request.kind = classify(seed);
            if (request.kind == NEWSARC_PAGE_INVALID) {
                request.kind = NEWSARC_PAGE_LIST;
            }
            call.emit(std::move(request));
        }
        return NEWSARC_OK;
    }

private:
    static bool inside(const GumboNode* node, const std::unordered_set<const GumboNode*>& skip, const GumboNode* stop) {
        for (const GumboNode* at = node; at != nullptr && at != stop; at = at->parent) {
            if (skip.contains(at)) {
                return true;
            }
        }
        return false;
    }

    static std::string collapse_lines(std::string_view text) {
        std::string out;
        for (const std::string_view line : sdk::split_trimmed(text, "\n")) {
            if (!out.empty()) {
                out.push_back('\n');
            }
            out += sdk::collapse_space(line);
        }
        return out;
    }

    static void set(CallState& call, std::string_view name, const std::string& value) {
        const std::string_view trimmed = sdk::trim(value);
        if (!trimmed.empty()) {
            call.set_field(name, trimmed);
        }
    }

    // The first alternative that yields a non-empty value (for times: one that parses as a date).
    static std::string value_of(const dom::Document& document, const std::vector<Source>& sources, bool is_time) {
        for (const Source& source : sources) {
            std::string value;
            if (source.literal) {
                value = *source.literal;
            } else {
                for (const dom::Selector& selector : source.selectors) {
                    std::vector<const GumboNode*> found;
                    selector.select(document, nullptr, found);
                    if (found.empty()) {
                        continue;
                    }
                    std::string piece;
                    if (!source.attr.empty()) {
                        piece = std::string(dom::attribute(found.front(), source.attr).value_or(""));
                    } else {
                        piece = dom::text(found.front());
                    }
                    piece = sdk::collapse_space(piece);
                    if (!piece.empty()) {
                        value += (value.empty() ? "" : " ") + piece;
                    }
                }
            }
            if (source.regex && !value.empty()) {
                // The value is the first capture, or the whole match when the pattern has no capture.
                const int wanted = std::min(source.regex->NumberOfCapturingGroups(), 1) + 1;
                re2::StringPiece groups[2];
                if (source.regex->Match(value, 0, value.size(), RE2::UNANCHORED, groups, wanted)) {
                    value = groups[wanted - 1].as_string();
                } else {
                    value.clear();
                }
            }
            if (is_time && !value.empty()) {
                std::optional<std::string> parsed =
                    source.format.empty() ? web::find_datetime(value) : parse_with_format(value, source.format);
                value = parsed.value_or("");
            }
            if (!sdk::trim(value).empty()) {
                return value;
            }
        }
        return {};
    }

    SiteSpec spec_;
};

} // namespace

Result<std::unique_ptr<Plugin>> load_declarative_site(const std::filesystem::path& file) {
    try {
        const toml::table root = toml::parse_file(file.string());
        SiteSpec spec = parse_spec(file, root);
        return std::unique_ptr<Plugin>(new DeclarativeSite(std::move(spec), file));
    } catch (const toml::parse_error& error) {
        return make_error(file.string() + ":" + std::to_string(error.source().begin.line) + ": not valid TOML (" +
                          std::string(error.description()) + ")");
    } catch (const SiteError& error) {
        return make_error(error.message);
    }
}

DeclarativeSites load_declarative_sites(const std::filesystem::path& dir) {
    DeclarativeSites sites;
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) {
        return sites;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
        if (entry.path().extension() == ".toml" && entry.is_regular_file(error)) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        auto loaded = load_declarative_site(file);
        if (loaded) {
            sites.plugins.push_back(std::move(loaded.value()));
        } else {
            sites.errors.push_back(LoadError{file, loaded.error().message});
        }
    }
    return sites;
}

} // namespace newsarc::plugin_host
