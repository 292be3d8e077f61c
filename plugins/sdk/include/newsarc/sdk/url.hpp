// URLs, read by the host's one URL parser (curl's URL API, the code that keys the crawler's pages and
// politeness): split, resolve and normalize are host services; what is left here only edits query strings.
// Every function runs inside a plugin call (it uses the current call's host).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "newsarc/plugin.h"
#include "newsarc/sdk/context.hpp"
#include "newsarc/sdk/text.hpp"

namespace newsarc::sdk::url {

/// The components of an absolute URL (see newsarc_url_parts); all empty when the text is not one.
struct Parts {
    std::string_view scheme; ///< lower case
    std::string_view host;   ///< lower case, no port
    std::string_view port;
    std::string_view path;
    std::string_view query;
    std::string_view fragment;
    bool has_port = false;
    bool has_query = false;
    bool has_fragment = false;
    bool valid = false; ///< false when the host could not parse the URL
};

/// Splits an absolute URL of any scheme with the host's parser. A text that is no absolute URL (a relative
/// href, garbage) gives Parts with valid == false. The views live until the plugin call returns.
inline Parts split(std::string_view url) {
    const Context& context = context_with(offsetof(newsarc_host_api, url_split), "url_split");
    newsarc_url_parts c{};
    c.struct_size = sizeof c;
    Parts parts;
    if (context.host()->url_split(context.call(), to_c(url), &c, nullptr) != 0) {
        return parts;
    }
    parts.scheme = to_view(c.scheme);
    parts.host = to_view(c.host);
    parts.port = to_view(c.port);
    parts.path = to_view(c.path);
    parts.query = to_view(c.query);
    parts.fragment = to_view(c.fragment);
    parts.has_port = c.port.data != nullptr;
    parts.has_query = c.query.data != nullptr;
    parts.has_fragment = c.fragment.data != nullptr;
    parts.valid = true;
    return parts;
}

/// `reference` (an href as found in a page) resolved against the absolute `base` and normalized as the
/// crawler keys pages (fragment dropped); empty when it names no http(s) URL (javascript:, mailto:, garbage).
inline std::string resolve(std::string_view base, std::string_view reference) {
    const Context& context = context_with(offsetof(newsarc_host_api, url_resolve), "url_resolve");
    newsarc_str absolute{nullptr, 0};
    if (context.host()->url_resolve(context.call(), to_c(base), to_c(reference), &absolute, nullptr) != 0) {
        return {};
    }
    return std::string(to_view(absolute));
}

/// The crawler's spelling of an absolute http(s) URL; empty when it is not one.
inline std::string normalize(std::string_view url) {
    const Context& context = context_with(offsetof(newsarc_host_api, url_normalize), "url_normalize");
    newsarc_str normalized{nullptr, 0};
    if (context.host()->url_normalize(context.call(), to_c(url), &normalized, nullptr) != 0) {
        return {};
    }
    return std::string(to_view(normalized));
}

/// The lower-case scheme ("https"), or empty.
inline std::string scheme(std::string_view url) {
    return std::string(split(url).scheme);
}

/// The lower-case host name without user info and port ("www.huxiu.com"), or empty.
inline std::string host(std::string_view url) {
    return std::string(split(url).host);
}

/// The path ("/article/123.html"; "/" for "https://host"), or empty when `url` is no absolute URL.
inline std::string_view path(std::string_view url) {
    return split(url).path;
}

/// The raw query without '?' (still percent-encoded), possibly empty.
inline std::string_view query(std::string_view url) {
    return split(url).query;
}

/// `url` without its fragment.
inline std::string_view without_fragment(std::string_view url) noexcept {
    return url.substr(0, url.find('#'));
}

/// True when `url` is absolute http or https with a host.
inline bool is_http(std::string_view url) {
    const Parts parts = split(url);
    return (parts.scheme == "http" || parts.scheme == "https") && !parts.host.empty();
}

/// True when `host_name` equals `domain` or is a subdomain of it ("news.qq.com" is in "qq.com").
inline bool host_in(std::string_view host_name, std::string_view domain) noexcept {
    if (host_name == domain) {
        return true;
    }
    return host_name.size() > domain.size() && host_name.ends_with(domain) &&
           host_name[host_name.size() - domain.size() - 1] == '.';
}

// Query strings. Form encoding is not URL parsing: these edit the query the host's split found.

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

namespace detail {

/// `parts` written back as a URL with `query` (absent when `has_query` is false).
inline std::string with_query(const Parts& parts, std::string_view query, bool has_query) {
    std::string out;
    out.append(parts.scheme).append("://").append(parts.host);
    if (parts.has_port) {
        out.append(":").append(parts.port);
    }
    out.append(parts.path);
    if (has_query) {
        out.append("?").append(query);
    }
    if (parts.has_fragment) {
        out.append("#").append(parts.fragment);
    }
    return out;
}

/// The query's '&'-separated pairs without those named `name`, in order; `replacement` (when not empty) stands
/// at the first removed one's place, or is appended.
inline std::string edit_query(std::string_view query, std::string_view name, std::string_view replacement) {
    std::string out;
    bool placed = replacement.empty();
    std::size_t start = 0;
    while (start <= query.size()) {
        const std::size_t amp = query.find('&', start);
        const std::string_view pair = query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
        if (!pair.empty()) {
            const bool same = percent_decode(pair.substr(0, pair.find('=')), true) == name;
            if (!same || !placed) {
                out.append(out.empty() ? "" : "&").append(same ? replacement : pair);
                placed = placed || same;
            }
        }
        if (amp == std::string_view::npos) {
            break;
        }
        start = amp + 1;
    }
    if (!placed) {
        out.append(out.empty() ? "" : "&").append(replacement);
    }
    return out;
}

} // namespace detail

/// `url` with query parameter `name` set to `value` (percent-encoded here): replaces every existing
/// occurrence by one at the first one's place, or appends it. The fragment is kept. `url` unchanged when it
/// is not an absolute URL.
inline std::string set_query_param(std::string_view url, std::string_view name, std::string_view value) {
    const Parts parts = split(url);
    if (!parts.valid) {
        return std::string(url);
    }
    const std::string encoded = percent_encode(name) + "=" + percent_encode(value);
    return detail::with_query(parts, detail::edit_query(parts.query, name, encoded), true);
}

/// `url` without query parameter `name` (every occurrence); drops the '?' when nothing is left.
inline std::string remove_query_param(std::string_view url, std::string_view name) {
    const Parts parts = split(url);
    if (!parts.valid || !parts.has_query) {
        return std::string(url);
    }
    const std::string query = detail::edit_query(parts.query, name, {});
    return detail::with_query(parts, query, !query.empty());
}

} // namespace newsarc::sdk::url
