// newsarc C++ plugin SDK: header-only helpers over the C ABI in plugin.h, and NEWSARC_PLUGIN(id, Class),
// which turns a plain C++ class into the exported plugin table with noexcept, exception-catching trampolines.
#pragma once

/// \file
/// A plugin is a class with these members (static or not; the optional ones may be left out):
///
/// \code
/// #include "newsarc/plugin.hpp"
/// namespace sdk = newsarc::sdk;
///
/// class ExamplePlugin {
/// public:
///     static constexpr const char* version = "2026.11.1";        // bump when the output changes
///     static constexpr const char* hosts[] = {"www.example.cn", "*.example.com"};
///     static constexpr int priority = 100;                        // generic is 0
///     static constexpr bool concurrent = true;                    // optional: see the contract below
///
///     static sdk::PageKind classify(std::string_view url) {
///         return sdk::url::path(url).ends_with(".shtml") ? sdk::PageKind::article : sdk::PageKind::list;
///     }
///     sdk::Status discover(const sdk::Page& page, sdk::Discovery& out) {
///         for (const sdk::Node& a : page.select("a[href$=.shtml]")) {
///             out.link(a.attr_or("href"), sdk::PageKind::article);  // relative hrefs are resolved
///         }
///         return sdk::Status::ok;
///     }
///     sdk::Status extract(const sdk::Page& page, sdk::Article& out) {
///         out.title(page.select_first("h1").text());
///         out.published_at(sdk::find_datetime(page.select_first(".time").text()).value_or(""));
///         for (const sdk::Node& p : page.select("div.content p")) {
///             out.paragraph(p.text());
///         }
///         return out.empty() ? sdk::Status::no_content : sdk::Status::ok;
///     }
///     // Optional: sdk::Status configure(const nlohmann::json& settings, sdk::Context& context);
///     //           sdk::Status prepare(std::string_view url, sdk::PageKind kind, sdk::Discovery& out);
///     //           sdk::Status seeds(sdk::Discovery& out);
/// };
/// NEWSARC_PLUGIN(example, ExamplePlugin)
/// \endcode
///
/// Contract for plugin classes:
/// - One instance per loaded plugin, created on the first call (never at dlopen). `configure` runs once,
///   before any other call.
/// - `static constexpr bool concurrent = true` declares that discover/extract/prepare/classify may run on
///   several threads at once (they modify neither the instance nor other shared state): the host then
///   extracts many pages in parallel. Without it the host calls the plugin from one thread at a time.
/// - Any exception thrown by a member becomes set_error(what()) + NEWSARC_FAILED; nothing crosses the ABI.
/// - Member functions may return sdk::Status or void (void means Status::ok).
/// - Every string_view, Node and Page handed to a member lives only until that member returns.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsarc/datetime.hpp"
#include "newsarc/plugin.h"

namespace newsarc::sdk {

/// The status a plugin member returns (values equal the C ABI's newsarc_status).
enum class Status : int {
    ok = NEWSARC_OK,
    not_mine = NEWSARC_NOT_MINE,
    no_content = NEWSARC_NO_CONTENT,
    failed = NEWSARC_FAILED,
    paywalled = NEWSARC_PAYWALLED,
};

/// What a URL is to a plugin (values equal the C ABI's newsarc_page_kind).
enum class PageKind : int {
    invalid = NEWSARC_PAGE_INVALID,
    article = NEWSARC_PAGE_ARTICLE,
    list = NEWSARC_PAGE_LIST,
    feed = NEWSARC_PAGE_FEED,
    ignore = NEWSARC_PAGE_IGNORE,
};

/// A failure the plugin reports by throwing; the trampolines turn it into set_error + NEWSARC_FAILED.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// ---------------------------------------------------------------------------------------------------------
// Small string helpers
// ---------------------------------------------------------------------------------------------------------

/// A newsarc_str view of `text` (valid while `text` is).
inline newsarc_str to_c(std::string_view text) noexcept {
    return newsarc_str{text.data(), text.size()};
}

/// A string_view of a newsarc_str (empty for data == NULL).
inline std::string_view to_view(newsarc_str text) noexcept {
    return text.data == nullptr ? std::string_view{} : std::string_view{text.data, text.size};
}

/// True for ASCII white space and for U+00A0, U+3000 and U+FEFF (given as the first byte of their UTF-8 form
/// at `text[i]`); returns the length of the white-space sequence at `i`, or 0.
inline std::size_t space_length_at(std::string_view text, std::size_t i) noexcept {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        return 1;
    }
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
        return 2; // U+00A0
    }
    if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0x80) {
        return 3; // U+3000 ideographic space
    }
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBB &&
        static_cast<unsigned char>(text[i + 2]) == 0xBF) {
        return 3; // U+FEFF
    }
    return 0;
}

/// `text` without leading and trailing white space (ASCII, U+00A0, U+3000, U+FEFF).
inline std::string_view trim(std::string_view text) noexcept {
    std::size_t begin = 0;
    while (begin < text.size()) {
        const std::size_t n = space_length_at(text, begin);
        if (n == 0) {
            break;
        }
        begin += n;
    }
    std::size_t end = text.size();
    while (end > begin) {
        // Step back over one UTF-8 code point and test whether it is white space.
        std::size_t start = end - 1;
        while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
            --start;
        }
        if (space_length_at(text, start) != end - start) {
            break;
        }
        end = start;
    }
    return text.substr(begin, end - begin);
}

/// `text` trimmed, with every run of white space inside replaced by one ASCII space.
inline std::string collapse_space(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = space_length_at(text, i);
        if (n > 0) {
            pending_space = !out.empty();
            i += n;
            continue;
        }
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
        }
        out.push_back(text[i]);
        ++i;
    }
    return out;
}

/// Splits `text` at `separator`, trimming each piece and dropping empty ones.
inline std::vector<std::string_view> split_trimmed(std::string_view text, std::string_view separator) {
    std::vector<std::string_view> pieces;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t at = separator.empty() ? std::string_view::npos : text.find(separator, start);
        const std::string_view piece = trim(text.substr(start, at == std::string_view::npos ? text.npos : at - start));
        if (!piece.empty()) {
            pieces.push_back(piece);
        }
        if (at == std::string_view::npos) {
            break;
        }
        start = at + separator.size();
    }
    return pieces;
}

// ---------------------------------------------------------------------------------------------------------
// URL helpers (RFC 3986), written here because plugins link nothing but the SDK
// ---------------------------------------------------------------------------------------------------------

namespace url {

/// The five components of a URI reference (RFC 3986 §3). `has_*` tell an empty component from an absent one.
struct Parts {
    std::string_view scheme;
    std::string_view authority;
    std::string_view path;
    std::string_view query;
    std::string_view fragment;
    bool has_scheme = false;
    bool has_authority = false;
    bool has_query = false;
    bool has_fragment = false;
};

/// Splits a URI reference into its components (the regular expression of RFC 3986 appendix B, by hand).
inline Parts split(std::string_view reference) noexcept {
    Parts parts;
    std::string_view rest = reference;
    // A scheme is ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) followed by ':' before any '/', '?' or '#'.
    const std::size_t colon = rest.find_first_of(":/?#");
    if (colon != std::string_view::npos && colon > 0 && rest[colon] == ':') {
        const std::string_view scheme = rest.substr(0, colon);
        const auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
        bool valid = is_alpha(scheme[0]);
        for (const char c : scheme) {
            valid = valid && (is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.');
        }
        if (valid) {
            parts.scheme = scheme;
            parts.has_scheme = true;
            rest.remove_prefix(colon + 1);
        }
    }
    if (rest.starts_with("//")) {
        rest.remove_prefix(2);
        const std::size_t end = rest.find_first_of("/?#");
        parts.authority = rest.substr(0, end);
        parts.has_authority = true;
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
    }
    const std::size_t hash = rest.find('#');
    if (hash != std::string_view::npos) {
        parts.fragment = rest.substr(hash + 1);
        parts.has_fragment = true;
        rest = rest.substr(0, hash);
    }
    const std::size_t question = rest.find('?');
    if (question != std::string_view::npos) {
        parts.query = rest.substr(question + 1);
        parts.has_query = true;
        rest = rest.substr(0, question);
    }
    parts.path = rest;
    return parts;
}

/// RFC 3986 §5.2.4: removes "." and ".." segments from a path.
inline std::string remove_dot_segments(std::string_view input) {
    std::string output;
    output.reserve(input.size());
    while (!input.empty()) {
        if (input.starts_with("../")) {
            input.remove_prefix(3);
        } else if (input.starts_with("./")) {
            input.remove_prefix(2);
        } else if (input.starts_with("/./")) {
            input.remove_prefix(2);
        } else if (input == "/.") {
            input = "/";
        } else if (input.starts_with("/../") || input == "/..") {
            input = input.size() == 3 ? std::string_view("/") : input.substr(3);
            const std::size_t last = output.rfind('/');
            output.erase(last == std::string::npos ? 0 : last);
            if (input == "/") {
                output.push_back('/');
                input = {};
            }
        } else if (input == "." || input == "..") {
            input = {};
        } else {
            // Move the first segment (with its leading '/', if any) to the output.
            const std::size_t next = input.find('/', input.front() == '/' ? 1 : 0);
            const std::size_t length = next == std::string_view::npos ? input.size() : next;
            output.append(input.substr(0, length));
            input.remove_prefix(length);
        }
    }
    return output;
}

/// Joins components back into a URI (RFC 3986 §5.3).
inline std::string recompose(const Parts& parts, std::string_view path) {
    std::string out;
    out.reserve(parts.scheme.size() + parts.authority.size() + path.size() + parts.query.size() + 8);
    if (parts.has_scheme) {
        out.append(parts.scheme).push_back(':');
    }
    if (parts.has_authority) {
        out.append("//").append(parts.authority);
    }
    out.append(path);
    if (parts.has_query) {
        out.append("?").append(parts.query);
    }
    if (parts.has_fragment) {
        out.append("#").append(parts.fragment);
    }
    return out;
}

/// Resolves `reference` (an href as found in a page, trimmed of white space) against the absolute URL `base`
/// (RFC 3986 §5.2.2, strict). Returns the reference unchanged in form when it is already absolute.
inline std::string resolve(std::string_view base, std::string_view reference) {
    reference = trim(reference);
    const Parts r = split(reference);
    const Parts b = split(base);
    Parts t;
    std::string path;
    if (r.has_scheme) {
        t = r;
        path = remove_dot_segments(r.path);
    } else {
        t.scheme = b.scheme;
        t.has_scheme = b.has_scheme;
        if (r.has_authority) {
            t.authority = r.authority;
            t.has_authority = true;
            path = remove_dot_segments(r.path);
            t.query = r.query;
            t.has_query = r.has_query;
        } else {
            t.authority = b.authority;
            t.has_authority = b.has_authority;
            if (r.path.empty()) {
                path = std::string(b.path);
                t.query = r.has_query ? r.query : b.query;
                t.has_query = r.has_query || b.has_query;
            } else {
                if (r.path.front() == '/') {
                    path = remove_dot_segments(r.path);
                } else {
                    // §5.2.3 merge: the base path up to its last '/', then the reference path.
                    std::string merged;
                    if (b.has_authority && b.path.empty()) {
                        merged = "/";
                    } else {
                        const std::size_t last = b.path.rfind('/');
                        if (last != std::string_view::npos) {
                            merged = std::string(b.path.substr(0, last + 1));
                        }
                    }
                    merged.append(r.path);
                    path = remove_dot_segments(merged);
                }
                t.query = r.query;
                t.has_query = r.has_query;
            }
        }
    }
    t.fragment = r.fragment;
    t.has_fragment = r.has_fragment;
    return recompose(t, path);
}

/// The lower-case scheme ("https"), or empty.
inline std::string scheme(std::string_view url) {
    std::string out(split(url).scheme);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return out;
}

/// The lower-case host name without user info and port ("www.huxiu.com"), or empty.
inline std::string host(std::string_view url) {
    std::string_view authority = split(url).authority;
    const std::size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
        authority.remove_prefix(at + 1);
    }
    if (authority.starts_with("[")) {
        authority = authority.substr(0, authority.find(']') + 1);
    } else {
        authority = authority.substr(0, authority.find(':'));
    }
    std::string out(authority);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return out;
}

/// The path ("/article/123.html"), possibly empty.
inline std::string_view path(std::string_view url) noexcept {
    return split(url).path;
}

/// The raw query without '?' (still percent-encoded), possibly empty.
inline std::string_view query(std::string_view url) noexcept {
    return split(url).query;
}

/// `url` without its fragment.
inline std::string_view without_fragment(std::string_view url) noexcept {
    return url.substr(0, url.find('#'));
}

/// Decodes %XX escapes (invalid escapes are kept as they are); with `plus_as_space`, '+' becomes ' ' (forms).
inline std::string percent_decode(std::string_view text, bool plus_as_space = false) {
    const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
            i += 2;
        } else if (c == '+' && plus_as_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

/// Percent-encodes every byte outside RFC 3986 "unreserved" (A-Z a-z 0-9 - . _ ~), for query values.
inline std::string percent_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 0x0F]);
        }
    }
    return out;
}

/// The decoded value of the first query parameter `name` ("a=1&b=2"), or nullopt when absent.
/// A parameter without '=' has an empty value.
inline std::optional<std::string> query_param(std::string_view url, std::string_view name) {
    const Parts parts = split(url);
    if (!parts.has_query) {
        return std::nullopt;
    }
    for (const std::string_view pair : split_trimmed(parts.query, "&")) {
        const std::size_t equals = pair.find('=');
        const std::string key = percent_decode(pair.substr(0, equals), true);
        if (key == name) {
            return equals == std::string_view::npos ? std::string() : percent_decode(pair.substr(equals + 1), true);
        }
    }
    return std::nullopt;
}

/// `url` with query parameter `name` set to `value` (percent-encoded here): replaces every existing
/// occurrence by one at the first one's place, or appends it. The fragment is kept.
inline std::string set_query_param(std::string_view url, std::string_view name, std::string_view value) {
    Parts parts = split(url);
    const std::string encoded = percent_encode(name) + "=" + percent_encode(value);
    std::string query;
    bool placed = false;
    if (parts.has_query) {
        std::size_t start = 0;
        while (start <= parts.query.size()) {
            const std::size_t amp = parts.query.find('&', start);
            const std::string_view pair =
                parts.query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
            if (!pair.empty()) {
                const bool same = percent_decode(pair.substr(0, pair.find('=')), true) == name;
                if (!same || !placed) {
                    if (!query.empty()) {
                        query.push_back('&');
                    }
                    query.append(same ? std::string_view(encoded) : pair);
                    placed = placed || same;
                }
            }
            if (amp == std::string_view::npos) {
                break;
            }
            start = amp + 1;
        }
    }
    if (!placed) {
        if (!query.empty()) {
            query.push_back('&');
        }
        query.append(encoded);
    }
    parts.query = query;
    parts.has_query = true;
    return recompose(parts, parts.path);
}

/// `url` without query parameter `name` (every occurrence); drops the '?' when nothing is left.
inline std::string remove_query_param(std::string_view url, std::string_view name) {
    Parts parts = split(url);
    if (!parts.has_query) {
        return std::string(url);
    }
    std::string query;
    std::size_t start = 0;
    while (start <= parts.query.size()) {
        const std::size_t amp = parts.query.find('&', start);
        const std::string_view pair =
            parts.query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
        if (!pair.empty() && percent_decode(pair.substr(0, pair.find('=')), true) != name) {
            if (!query.empty()) {
                query.push_back('&');
            }
            query.append(pair);
        }
        if (amp == std::string_view::npos) {
            break;
        }
        start = amp + 1;
    }
    parts.query = query;
    parts.has_query = !query.empty();
    return recompose(parts, parts.path);
}

/// True when `url` is absolute http or https with a host.
inline bool is_http(std::string_view url) {
    const std::string s = scheme(url);
    return (s == "http" || s == "https") && !host(url).empty();
}

/// True when `host_name` equals `domain` or is a subdomain of it ("news.qq.com" is in "qq.com").
inline bool host_in(std::string_view host_name, std::string_view domain) noexcept {
    if (host_name == domain) {
        return true;
    }
    return host_name.size() > domain.size() && host_name.ends_with(domain) &&
           host_name[host_name.size() - domain.size() - 1] == '.';
}

} // namespace url

/// Appends a number with at least `width` digits (zero-padded); kept for the host's declarative sites.
inline void detail_append_number(std::string& out, std::int64_t value, std::size_t width) {
    detail_time::append_number(out, value, width);
}

// ---------------------------------------------------------------------------------------------------------
// JSON embedded in pages
// ---------------------------------------------------------------------------------------------------------

/// The length of the JSON object or array that starts at text[0] ('{' or '['), found by matching brackets
/// outside strings; 0 when it does not close within `limit` bytes or nests deeper than `max_depth`.
inline std::size_t balanced_json_length(std::string_view text, std::size_t limit = std::string_view::npos,
                                        std::size_t max_depth = std::string_view::npos) noexcept {
    if (text.empty() || (text[0] != '{' && text[0] != '[')) {
        return 0;
    }
    const std::size_t end = std::min(text.size(), limit);
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < end; ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth) {
                return 0;
            }
        } else if (c == '}' || c == ']') {
            if (--depth == 0) {
                return i + 1;
            }
        }
    }
    return 0;
}

/// Parses the JSON object or array that follows `marker` in `text` (e.g. marker "window.__INITIAL_STATE__"
/// in "window.__INITIAL_STATE__ = {...};"). Returns nullopt when the marker is absent or no valid JSON follows.
inline std::optional<nlohmann::json> json_after(std::string_view text, std::string_view marker) {
    std::size_t from = 0;
    while (true) {
        const std::size_t at = text.find(marker, from);
        if (at == std::string_view::npos) {
            return std::nullopt;
        }
        const std::size_t open = text.find_first_of("{[", at + marker.size());
        if (open != std::string_view::npos) {
            // Only '=', ':', '(' and white space may stand between the marker and the value.
            const std::string_view between = text.substr(at + marker.size(), open - at - marker.size());
            if (between.find_first_not_of(" \t\r\n=:(") == std::string_view::npos) {
                const std::size_t length = balanced_json_length(text.substr(open));
                if (length > 0) {
                    nlohmann::json value = nlohmann::json::parse(text.substr(open, length), nullptr, false);
                    if (!value.is_discarded()) {
                        return value;
                    }
                }
            }
        }
        from = at + 1;
    }
}

// ---------------------------------------------------------------------------------------------------------
// Host access: Context, Logger, Node
// ---------------------------------------------------------------------------------------------------------

/// The host API and the call handle of one plugin call. Valid only during that call.
class Context {
public:
    Context(const newsarc_host_api* host, void* call) noexcept : host_(host), call_(call) {}

    [[nodiscard]] const newsarc_host_api* host() const noexcept { return host_; }
    [[nodiscard]] void* call() const noexcept { return call_; }

    /// True when the host's table (as the host was built) reaches byte `offset_end`: use
    /// `host_has(offsetof(newsarc_host_api, f) + sizeof(void*))` before calling a function added after 1.0.
    [[nodiscard]] bool host_has(std::size_t offset_end) const noexcept {
        return host_ != nullptr && host_->struct_size >= offset_end;
    }

    void log(newsarc_log_level level, std::string_view message) const noexcept {
        if (host_ != nullptr && host_->log != nullptr) {
            host_->log(call_, level, to_c(message));
        }
    }
    void trace(std::string_view message) const noexcept { log(NEWSARC_LOG_TRACE, message); }
    void debug(std::string_view message) const noexcept { log(NEWSARC_LOG_DEBUG, message); }
    void info(std::string_view message) const noexcept { log(NEWSARC_LOG_INFO, message); }
    void warn(std::string_view message) const noexcept { log(NEWSARC_LOG_WARN, message); }
    void error(std::string_view message) const noexcept { log(NEWSARC_LOG_ERROR, message); }

    /// Reports why the call failed (the trampolines do this for exceptions).
    void set_error(std::string_view message) const noexcept {
        if (host_ != nullptr && host_->set_error != nullptr) {
            host_->set_error(call_, to_c(message));
        }
    }

private:
    const newsarc_host_api* host_;
    void* call_;
};

/// A node of the page's DOM (an element, usually). A default-constructed Node is "empty": every query on it
/// returns nothing (no matches, empty text, no attributes), so chains such as
/// `page.select_first("h1").text()` need no checks. Valid only during the plugin call that produced it.
class Node {
public:
    Node() noexcept = default;
    Node(const Context* context, newsarc_node node) noexcept : context_(context), node_(node) {}

    [[nodiscard]] bool empty() const noexcept { return node_ == nullptr || context_ == nullptr; }
    explicit operator bool() const noexcept { return !empty(); }
    [[nodiscard]] newsarc_node handle() const noexcept { return node_; }

    /// Every element under this node matching the CSS selector, in document order. Throws sdk::Error when
    /// the selector does not parse (a bug in the plugin, reported as NEWSARC_FAILED naming the selector).
    [[nodiscard]] std::vector<Node> select(std::string_view selector) const {
        std::vector<Node> nodes;
        if (empty()) {
            return nodes;
        }
        const newsarc_node* matches = nullptr;
        std::size_t count = 0;
        if (context_->host()->select(context_->call(), node_, to_c(selector), &matches, &count) != 0) {
            throw Error("CSS selector does not parse: '" + std::string(selector) + "'");
        }
        nodes.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            nodes.emplace_back(context_, matches[i]);
        }
        return nodes;
    }

    /// The first match of `selector` under this node, or an empty Node.
    [[nodiscard]] Node select_first(std::string_view selector) const {
        std::vector<Node> nodes = select(selector);
        return nodes.empty() ? Node() : nodes.front();
    }

    /// The node's text: block elements become paragraph breaks ("\n\n"), <br> a line break ("\n"), runs of
    /// white space one space; script, style, noscript and template content are skipped; trimmed.
    [[nodiscard]] std::string_view text() const noexcept {
        return empty() ? std::string_view{} : to_view(context_->host()->text(context_->call(), node_));
    }

    /// text() cut at its paragraph breaks, each piece trimmed, empty pieces dropped.
    [[nodiscard]] std::vector<std::string_view> paragraphs() const { return split_trimmed(text(), "\n\n"); }

    /// An attribute's value, or nullopt when the attribute is absent.
    [[nodiscard]] std::optional<std::string_view> attr(std::string_view name) const noexcept {
        if (empty()) {
            return std::nullopt;
        }
        const newsarc_str value = context_->host()->attr(context_->call(), node_, to_c(name));
        if (value.data == nullptr) {
            return std::nullopt;
        }
        return std::string_view(value.data, value.size);
    }

    /// An attribute's value, or `fallback` when absent.
    [[nodiscard]] std::string_view attr_or(std::string_view name, std::string_view fallback = {}) const noexcept {
        return attr(name).value_or(fallback);
    }

    /// True when the class attribute contains `name` as a whole word.
    [[nodiscard]] bool has_class(std::string_view name) const noexcept {
        const std::string_view classes = attr_or("class");
        std::size_t start = 0;
        while (start < classes.size()) {
            const std::size_t end = std::min(classes.find_first_of(" \t\r\n\f", start), classes.size());
            if (classes.substr(start, end - start) == name) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /// Lower-case tag name ("div"); empty for text, comment and document nodes and for an empty Node.
    [[nodiscard]] std::string_view tag() const noexcept {
        return empty() ? std::string_view{} : to_view(context_->host()->tag(context_->call(), node_));
    }

    /// The children's text exactly as in the source (for <script> bodies with embedded JSON).
    [[nodiscard]] std::string_view raw_text() const noexcept {
        return empty() ? std::string_view{} : to_view(context_->host()->raw_text(context_->call(), node_));
    }

    /// The parent element (empty at the document node).
    [[nodiscard]] Node parent() const noexcept {
        return empty() ? Node() : Node(context_, context_->host()->parent(context_->call(), node_));
    }

    /// Element children, in order.
    [[nodiscard]] std::vector<Node> children() const {
        std::vector<Node> nodes;
        if (empty()) {
            return nodes;
        }
        const newsarc_node* list = nullptr;
        std::size_t count = 0;
        if (context_->host()->children(context_->call(), node_, &list, &count) != 0) {
            return nodes;
        }
        nodes.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            nodes.emplace_back(context_, list[i]);
        }
        return nodes;
    }

    friend bool operator==(const Node& a, const Node& b) noexcept { return a.node_ == b.node_; }

private:
    const Context* context_ = nullptr;
    newsarc_node node_ = nullptr;
};

// ---------------------------------------------------------------------------------------------------------
// Page (input) and Discovery / Article (output)
// ---------------------------------------------------------------------------------------------------------

/// A fetched page as the host hands it to discover/extract. Valid only during the call.
class Page {
public:
    Page(const newsarc_page* page, const Context* context) noexcept : page_(page), context_(context) {}

    [[nodiscard]] std::string_view url() const noexcept { return to_view(page_->url); }
    /// The document this fetch is for (equals url() unless the request named another document).
    [[nodiscard]] std::string_view document_url() const noexcept {
        const std::string_view document = to_view(page_->document_url);
        return document.empty() ? url() : document;
    }
    [[nodiscard]] int status() const noexcept { return page_->http_status; }
    [[nodiscard]] std::string_view content_type() const noexcept { return to_view(page_->content_type); }
    [[nodiscard]] std::string_view body() const noexcept { return to_view(page_->body); }
    [[nodiscard]] std::string_view fetched_at() const noexcept {
        return page_->struct_size >= offsetof(newsarc_page, fetched_at) + sizeof(newsarc_str)
                   ? to_view(page_->fetched_at)
                   : std::string_view{};
    }
    /// True when the body was parsed as HTML (root() is not empty).
    [[nodiscard]] bool is_html() const noexcept { return page_->root != nullptr; }
    [[nodiscard]] const newsarc_page* c_page() const noexcept { return page_; }
    [[nodiscard]] const Context& context() const noexcept { return *context_; }
    [[nodiscard]] const Context& log() const noexcept { return *context_; }

    /// The document node (empty when the body is not HTML).
    [[nodiscard]] Node root() const noexcept { return Node(context_, page_->root); }
    [[nodiscard]] std::vector<Node> select(std::string_view selector) const { return root().select(selector); }
    [[nodiscard]] Node select_first(std::string_view selector) const { return root().select_first(selector); }

    /// The content attribute of <meta name=NAME> or <meta property=NAME>, or nullopt.
    [[nodiscard]] std::optional<std::string_view> meta(std::string_view name) const {
        const std::string quoted = "\"" + std::string(name) + "\"";
        for (const char* key : {"property", "name", "itemprop"}) {
            const Node node = select_first("meta[" + std::string(key) + "=" + quoted + "]");
            if (node) {
                if (const auto content = node.attr("content")) {
                    return content;
                }
            }
        }
        return std::nullopt;
    }

    /// `href` resolved against the page URL (RFC 3986).
    [[nodiscard]] std::string resolve(std::string_view href) const { return url::resolve(url(), href); }

    /// The body parsed as JSON; throws sdk::Error naming the URL when it is not JSON.
    [[nodiscard]] nlohmann::json json() const {
        nlohmann::json value = nlohmann::json::parse(body(), nullptr, false);
        if (value.is_discarded()) {
            throw Error("page " + std::string(url()) + " is not valid JSON");
        }
        return value;
    }

    /// Embedded JSON state. With `marker` "#some_id": the body of <script id="some_id"> parsed as JSON (e.g.
    /// "#__NUXT_DATA__", "#__NEXT_DATA__"). Otherwise: the first JSON object or array that follows `marker`
    /// inside a <script> (e.g. "window.__INITIAL_STATE__" for `window.__INITIAL_STATE__ = {...};`), or inside
    /// the body when the page is not HTML. nullopt when nothing parses.
    [[nodiscard]] std::optional<nlohmann::json> script_json(std::string_view marker) const {
        if (marker.starts_with("#")) {
            const std::string selector = "script[id=\"" + std::string(marker.substr(1)) + "\"]";
            const Node script = select_first(selector);
            if (!script) {
                return std::nullopt;
            }
            nlohmann::json value = nlohmann::json::parse(trim(script.raw_text()), nullptr, false);
            return value.is_discarded() ? std::nullopt : std::optional<nlohmann::json>(std::move(value));
        }
        if (!is_html()) {
            return json_after(body(), marker);
        }
        for (const Node& script : select("script")) {
            const std::string_view code = script.raw_text();
            if (code.find(marker) != std::string_view::npos) {
                if (auto value = json_after(code, marker)) {
                    return value;
                }
            }
        }
        return std::nullopt;
    }

private:
    const newsarc_page* page_;
    const Context* context_;
};

/// A request to make (see newsarc_request in plugin.h).
struct Request {
    std::string url;
    PageKind kind = PageKind::article;
    int priority = 0;
    std::string method = "GET";
    std::string body;
    std::string headers;      ///< "Name: value" lines separated by '\n'
    std::string document_url; ///< the article's own URL when this request fetches it through another URL
};

/// Discovery output: links and requests to follow. Relative URLs are resolved against the base (the page
/// URL in discover, the URL being prepared in prepare); fragments are dropped; anything that is not http(s)
/// after resolving (javascript:, mailto:, empty) is skipped silently.
class Discovery {
public:
    Discovery(const Context* context, std::string_view base) : context_(context), base_(base) {}

    /// Emits a GET of `href` expected to be of `kind`. Returns false when the link was skipped.
    bool link(std::string_view href, PageKind kind = PageKind::article, int priority = 0) {
        const std::string absolute = absolute_url(href);
        if (absolute.empty()) {
            return false;
        }
        context_->host()->emit_link(context_->call(), to_c(absolute), static_cast<newsarc_page_kind>(kind),
                                    priority);
        ++count_;
        return true;
    }

    /// Emits a full request (POST, headers, an API URL standing for another document).
    bool request(const Request& request) {
        const std::string absolute = absolute_url(request.url);
        if (absolute.empty()) {
            return false;
        }
        newsarc_request c_request{};
        c_request.struct_size = sizeof(newsarc_request);
        c_request.method = to_c(request.method);
        c_request.url = to_c(absolute);
        c_request.body = to_c(request.body);
        c_request.headers = to_c(request.headers);
        c_request.kind = static_cast<newsarc_page_kind>(request.kind);
        c_request.priority = request.priority;
        c_request.document_url = to_c(request.document_url);
        context_->host()->emit_request(context_->call(), &c_request);
        ++count_;
        return true;
    }

    /// How many links and requests were emitted.
    [[nodiscard]] std::size_t count() const noexcept { return count_; }
    [[nodiscard]] std::string_view base() const noexcept { return base_; }
    [[nodiscard]] const Context& log() const noexcept { return *context_; }

private:
    std::string absolute_url(std::string_view href) const {
        href = trim(href);
        if (href.empty()) {
            return {};
        }
        std::string absolute = base_.empty() ? std::string(href) : url::resolve(base_, href);
        absolute.erase(std::min(absolute.find('#'), absolute.size()));
        return url::is_http(absolute) ? absolute : std::string();
    }

    const Context* context_;
    std::string base_;
    std::size_t count_ = 0;
};

/// Extraction output. Setters trim their value and ignore empty ones, so `out.author(node.text())` is safe
/// when the node is missing. Paragraphs are trimmed and empty ones dropped.
class Article {
public:
    explicit Article(const Context* context) noexcept : context_(context) {}

    void field(std::string_view name, std::string_view value) {
        value = trim(value);
        if (!value.empty()) {
            context_->host()->set_field(context_->call(), to_c(name), to_c(value));
            if (name == "title") {
                has_title_ = true;
            }
        }
    }
    void title(std::string_view value) { field("title", collapse_space(value)); }
    void author(std::string_view value) { field("author", collapse_space(value)); }
    void source(std::string_view value) { field("source", collapse_space(value)); }
    /// ISO 8601 with offset, or "YYYY-MM-DD HH:MM[:SS]" in China time (see find_datetime, china_time_from_unix).
    void published_at(std::string_view value) { field("published_at", value); }
    void canonical_url(std::string_view value) { field("canonical_url", value); }
    void summary(std::string_view value) { field("summary", value); }
    void lang(std::string_view value) { field("lang", value); }

    /// Adds one paragraph (plain text, reading order). Inner white space runs within a line are collapsed.
    void paragraph(std::string_view text) {
        const std::string collapsed = collapse_lines(text);
        if (!collapsed.empty()) {
            context_->host()->add_paragraph(context_->call(), to_c(collapsed));
            ++paragraphs_;
        }
    }
    /// Adds every paragraph of a node's text (its block children become separate paragraphs).
    void paragraphs(const Node& node) {
        for (const std::string_view piece : node.paragraphs()) {
            paragraph(piece);
        }
    }
    void tag(std::string_view text) {
        text = trim(text);
        if (!text.empty()) {
            context_->host()->add_tag(context_->call(), to_c(text));
        }
    }
    /// Marks the article as paywalled: an extract that returns Status::ok then reports NEWSARC_PAYWALLED.
    void paywalled(bool value = true) noexcept { paywalled_ = value; }

    [[nodiscard]] bool is_paywalled() const noexcept { return paywalled_; }
    [[nodiscard]] std::size_t paragraph_count() const noexcept { return paragraphs_; }
    [[nodiscard]] bool has_title() const noexcept { return has_title_; }
    /// True when no paragraph was added.
    [[nodiscard]] bool empty() const noexcept { return paragraphs_ == 0; }
    [[nodiscard]] const Context& log() const noexcept { return *context_; }

private:
    // Collapses white space within each line and keeps single line breaks (from <br>).
    static std::string collapse_lines(std::string_view text) {
        std::string out;
        for (const std::string_view line : split_trimmed(text, "\n")) {
            if (!out.empty()) {
                out.push_back('\n');
            }
            out += collapse_space(line);
        }
        return out;
    }

    const Context* context_;
    std::size_t paragraphs_ = 0;
    bool paywalled_ = false;
    bool has_title_ = false;
};

// ---------------------------------------------------------------------------------------------------------
// NEWSARC_PLUGIN machinery
// ---------------------------------------------------------------------------------------------------------

namespace detail {

template <std::size_t N>
constexpr std::size_t count_hosts(const char* const (&hosts)[N]) noexcept {
    std::size_t n = 0;
    while (n < N && hosts[n] != nullptr) {
        ++n;
    }
    return n;
}

/// The plugin's host list with a NULL terminator added (it may already have one).
template <typename Class>
struct HostList {
    static constexpr std::size_t size = std::extent_v<decltype(Class::hosts)>;
    static constexpr std::array<const char*, size + 1> value = [] {
        std::array<const char*, size + 1> list{};
        for (std::size_t i = 0; i < size; ++i) {
            list[i] = Class::hosts[i];
        }
        list[size] = nullptr;
        return list;
    }();
};

/// Runs `body` (returning Status or void), turning exceptions into set_error + NEWSARC_FAILED.
template <typename Body>
newsarc_status guarded(const Context& context, Body&& body) noexcept {
    try {
        if constexpr (std::is_void_v<decltype(body())>) {
            body();
            return NEWSARC_OK;
        } else {
            return static_cast<newsarc_status>(body());
        }
    } catch (const std::exception& error) {
        context.set_error(error.what());
    } catch (...) {
        context.set_error("unknown exception (not derived from std::exception)");
    }
    return NEWSARC_FAILED;
}

template <typename Class>
Class& instance() {
    static Class plugin;
    return plugin;
}

template <typename Class>
struct Trampolines {
    static newsarc_status configure(newsarc_str settings_json, const newsarc_host_api* host, void* call) noexcept {
        const Context context(host, call);
        return guarded(context, [&]() -> Status {
            if constexpr (requires(Class& c, const nlohmann::json& j, Context& x) { c.configure(j, x); }) {
                nlohmann::json settings = nlohmann::json::object();
                if (settings_json.size > 0) {
                    settings = nlohmann::json::parse(to_view(settings_json), nullptr, false);
                    if (settings.is_discarded()) {
                        throw Error("plugin settings are not valid JSON");
                    }
                }
                Context mutable_context(host, call);
                using R = decltype(instance<Class>().configure(settings, mutable_context));
                if constexpr (std::is_void_v<R>) {
                    instance<Class>().configure(settings, mutable_context);
                    return Status::ok;
                } else {
                    return static_cast<Status>(instance<Class>().configure(settings, mutable_context));
                }
            } else {
                return Status::ok;
            }
        });
    }

    static newsarc_page_kind classify(newsarc_str url) noexcept {
        try {
            return static_cast<newsarc_page_kind>(instance<Class>().classify(to_view(url)));
        } catch (...) {
            // classify has no error channel: a throwing classifier means "not a page we know".
            return NEWSARC_PAGE_INVALID;
        }
    }

    static newsarc_status discover(const newsarc_page* c_page, const newsarc_host_api* host, void* call) noexcept {
        const Context context(host, call);
        return guarded(context, [&] {
            const Page page(c_page, &context);
            Discovery out(&context, page.url());
            return instance<Class>().discover(page, out);
        });
    }

    static newsarc_status extract(const newsarc_page* c_page, const newsarc_host_api* host, void* call) noexcept {
        const Context context(host, call);
        bool paywalled = false;
        const newsarc_status status = guarded(context, [&] {
            const Page page(c_page, &context);
            Article out(&context);
            using R = decltype(instance<Class>().extract(page, out));
            if constexpr (std::is_void_v<R>) {
                instance<Class>().extract(page, out);
                paywalled = out.is_paywalled();
                return Status::ok;
            } else {
                const R result = instance<Class>().extract(page, out);
                paywalled = out.is_paywalled();
                return static_cast<Status>(result);
            }
        });
        return status == NEWSARC_OK && paywalled ? NEWSARC_PAYWALLED : status;
    }

    static newsarc_status prepare(newsarc_str c_url, newsarc_page_kind kind, const newsarc_host_api* host,
                                  void* call) noexcept {
        const Context context(host, call);
        return guarded(context, [&] {
            Discovery out(&context, to_view(c_url));
            return instance<Class>().prepare(to_view(c_url), static_cast<PageKind>(kind), out);
        });
    }

    static newsarc_status seeds(const newsarc_host_api* host, void* call) noexcept {
        const Context context(host, call);
        return guarded(context, [&] {
            Discovery out(&context, std::string_view{});
            return instance<Class>().seeds(out);
        });
    }

    static newsarc_plugin make_table(const char* id) noexcept {
        newsarc_plugin table{};
        table.struct_size = sizeof(newsarc_plugin);
        table.abi_major = NEWSARC_PLUGIN_ABI_MAJOR;
        table.abi_minor = NEWSARC_PLUGIN_ABI_MINOR;
        table.id = id;
        table.version = Class::version;
        table.hosts = HostList<Class>::value.data();
        table.priority = static_cast<int32_t>(Class::priority);
        if constexpr (requires(Class& c, const nlohmann::json& j, Context& x) { c.configure(j, x); }) {
            table.configure = &Trampolines::configure;
        }
        table.classify = &Trampolines::classify;
        table.discover = &Trampolines::discover;
        table.extract = &Trampolines::extract;
        if constexpr (requires(Class& c, std::string_view u, PageKind k, Discovery& d) { c.prepare(u, k, d); }) {
            table.prepare = &Trampolines::prepare;
        }
        if constexpr (requires(Class& c, Discovery& d) { c.seeds(d); }) {
            table.seeds = &Trampolines::seeds;
        }
        if constexpr (requires { requires Class::concurrent; }) {
            table.flags |= NEWSARC_PLUGIN_CONCURRENT;
        }
        return table;
    }
};

} // namespace detail
} // namespace newsarc::sdk

#define NEWSARC_SDK_STRINGIFY_(x) #x
#define NEWSARC_SDK_STRINGIFY(x) NEWSARC_SDK_STRINGIFY_(x)

/// Exports `const newsarc_plugin* newsarc_<id>_plugin(void)` for the class `Class` (see the file comment).
/// `id` is the bare plugin id ([a-z0-9_]+), equal to the folder and file name. The table is built on the
/// first call of the entry (no static initialiser runs at dlopen); the class instance on the first plugin call.
#define NEWSARC_PLUGIN(id, Class)                                                                              \
    extern "C" __attribute__((visibility("default"))) const newsarc_plugin* newsarc_##id##_plugin(void) {     \
        static const newsarc_plugin table =                                                                    \
            ::newsarc::sdk::detail::Trampolines<Class>::make_table(NEWSARC_SDK_STRINGIFY(id));                 \
        return &table;                                                                                         \
    }
