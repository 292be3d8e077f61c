// URL normalisation on top of curl_url(): curl parses and resolves; this file lower-cases, strips and
// re-spells the parts so equal pages get equal strings.
#include "newsarc/web/url.hpp"

#include <algorithm>
#include <cctype>
#include <memory>

#include <curl/curl.h>

namespace newsarc::web {
namespace {

struct UrlDeleter {
    void operator()(CURLU* handle) const noexcept { curl_url_cleanup(handle); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

/// Gets one part; false when the part is absent.
bool get_part(CURLU* handle, CURLUPart part, std::string& out, unsigned flags = 0) {
    char* value = nullptr;
    if (curl_url_get(handle, part, &value, flags) != CURLUE_OK || value == nullptr) {
        return false;
    }
    out = value;
    curl_free(value);
    return true;
}

Error url_error(UrlError code, std::string message) {
    return make_error(std::move(message), static_cast<int>(code));
}

std::string quoted(std::string_view url) {
    constexpr std::size_t kShown = 200;
    return "'" + std::string(url.substr(0, kShown)) + (url.size() > kShown ? "...'" : "'");
}

bool is_unreserved(unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~';
}

int hex_value(char c) {
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
}

constexpr char kHex[] = "0123456789ABCDEF";

void append_escape(std::string& out, unsigned char c) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
}

/// What a browser does before parsing: trim surrounding white space and controls, drop tabs and newlines,
/// and percent-encode spaces, controls and non-ASCII bytes (which curl would refuse).
std::string prepare(std::string_view raw) {
    while (!raw.empty() && static_cast<unsigned char>(raw.front()) <= 0x20) {
        raw.remove_prefix(1);
    }
    while (!raw.empty() && static_cast<unsigned char>(raw.back()) <= 0x20) {
        raw.remove_suffix(1);
    }
    std::string out;
    out.reserve(raw.size() + 16);
    for (const char ch : raw) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\t' || c == '\n' || c == '\r') {
            continue;
        }
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '`' || c == '{' || c == '}' ||
            c == '|' || c == '^' || c == '\\') {
            append_escape(out, c);
        } else {
            out += ch;
        }
    }
    return out;
}

/// One spelling per escape: unreserved characters decoded, other escapes in upper case, a '%' that starts
/// no escape encoded itself.
std::string normalize_escapes(std::string_view component) {
    std::string out;
    out.reserve(component.size());
    for (std::size_t i = 0; i < component.size(); ++i) {
        const char c = component[i];
        if (c != '%') {
            out += c;
            continue;
        }
        const bool complete = i + 2 < component.size();
        const int high = complete ? hex_value(component[i + 1]) : -1;
        const int low = complete ? hex_value(component[i + 2]) : -1;
        if (high < 0 || low < 0) {
            append_escape(out, '%');
            continue;
        }
        const auto decoded = static_cast<unsigned char>(high * 16 + low);
        if (is_unreserved(decoded)) {
            out += static_cast<char>(decoded);
        } else {
            append_escape(out, decoded);
        }
        i += 2;
    }
    return out;
}

bool stripped(std::string_view name, const UrlOptions& options) {
    for (const auto& pattern : options.strip_params) {
        if (!pattern.empty() && pattern.back() == '*') {
            if (name.substr(0, pattern.size() - 1) == std::string_view(pattern).substr(0, pattern.size() - 1)) {
                return true;
            }
        } else if (name == pattern) {
            return true;
        }
    }
    return false;
}

/// The query without empty and stripped parameters, order kept.
std::string strip_query(std::string_view query, const UrlOptions& options) {
    std::string out;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view item = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (item.empty() || stripped(item.substr(0, item.find('=')), options)) {
            continue;
        }
        out += out.empty() ? "" : "&";
        out += item;
    }
    return out;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

Result<std::string> canonical(CURLU* handle, std::string_view original, const UrlOptions& options) {
    std::string scheme;
    if (!get_part(handle, CURLUPART_SCHEME, scheme)) {
        return url_error(UrlError::invalid, "URL " + quoted(original) + " has no scheme");
    }
    scheme = lower(scheme);
    if (scheme != "http" && scheme != "https") {
        return url_error(UrlError::unsupported_scheme,
                         "URL " + quoted(original) + ": scheme '" + scheme + "' is not http or https");
    }
    std::string host;
    if (!get_part(handle, CURLUPART_HOST, host) || host.empty()) {
        return url_error(UrlError::no_host, "URL " + quoted(original) + " has no host");
    }
    host = lower(host);
    if (host.size() > 1 && host.back() == '.') {
        host.pop_back();
    }
    std::string path;
    get_part(handle, CURLUPART_PATH, path);
    std::string query;
    const bool has_query = get_part(handle, CURLUPART_QUERY, query);
    if (has_query) {
        query = normalize_escapes(strip_query(query, options));
    }
    path = normalize_escapes(path.empty() ? "/" : path);
    if (curl_url_set(handle, CURLUPART_SCHEME, scheme.c_str(), 0) != CURLUE_OK ||
        curl_url_set(handle, CURLUPART_HOST, host.c_str(), 0) != CURLUE_OK ||
        curl_url_set(handle, CURLUPART_PATH, path.c_str(), 0) != CURLUE_OK ||
        curl_url_set(handle, CURLUPART_QUERY, query.empty() ? nullptr : query.c_str(), 0) != CURLUE_OK ||
        curl_url_set(handle, CURLUPART_FRAGMENT, nullptr, 0) != CURLUE_OK) {
        return url_error(UrlError::invalid, "URL " + quoted(original) + " cannot be normalised");
    }
    std::string result;
    if (!get_part(handle, CURLUPART_URL, result, CURLU_NO_DEFAULT_PORT)) {
        return url_error(UrlError::invalid, "URL " + quoted(original) + " cannot be normalised");
    }
    // curl writes the escapes it re-encodes in lower case; RFC 3986 6.2.2.1 makes upper case the one spelling.
    for (std::size_t i = 0; i + 2 < result.size(); ++i) {
        if (result[i] == '%' && hex_value(result[i + 1]) >= 0 && hex_value(result[i + 2]) >= 0) {
            result[i + 1] = static_cast<char>(std::toupper(static_cast<unsigned char>(result[i + 1])));
            result[i + 2] = static_cast<char>(std::toupper(static_cast<unsigned char>(result[i + 2])));
            i += 2;
        }
    }
    if (result.size() > kMaxUrlLength) {
        return url_error(UrlError::too_long, "URL " + quoted(original) + " is longer than " +
                                                 std::to_string(kMaxUrlLength) + " bytes");
    }
    return result;
}

Error parse_error(CURLUcode code, std::string_view url) {
    if (code == CURLUE_UNSUPPORTED_SCHEME) {
        return url_error(UrlError::unsupported_scheme, "URL " + quoted(url) + ": scheme is not http or https");
    }
    if (code == CURLUE_NO_HOST) {
        return url_error(UrlError::no_host, "URL " + quoted(url) + " has no host");
    }
    return url_error(UrlError::invalid, "URL " + quoted(url) + " is not valid: " + curl_url_strerror(code));
}

} // namespace

Result<std::string> normalize_url(std::string_view url, const UrlOptions& options) {
    if (url.size() > kMaxUrlLength) {
        return url_error(UrlError::too_long, "URL " + quoted(url) + " is longer than " +
                                                 std::to_string(kMaxUrlLength) + " bytes");
    }
    const UrlHandle handle(curl_url());
    const std::string prepared = prepare(url);
    if (const CURLUcode code = curl_url_set(handle.get(), CURLUPART_URL, prepared.c_str(), 0); code != CURLUE_OK) {
        return parse_error(code, url);
    }
    return canonical(handle.get(), url, options);
}

struct UrlResolver::Parsed {
    UrlHandle handle;
};

UrlResolver::UrlResolver(std::string base, std::unique_ptr<Parsed> parsed)
    : base_(std::move(base)), parsed_(std::move(parsed)) {}
UrlResolver::UrlResolver(UrlResolver&& other) noexcept = default;
UrlResolver& UrlResolver::operator=(UrlResolver&& other) noexcept = default;
UrlResolver::~UrlResolver() = default;

Result<UrlResolver> UrlResolver::for_base(std::string_view base) {
    auto parsed = std::make_unique<Parsed>();
    parsed->handle.reset(curl_url());
    const std::string prepared_base = prepare(base);
    if (const CURLUcode code = curl_url_set(parsed->handle.get(), CURLUPART_URL, prepared_base.c_str(), 0);
        code != CURLUE_OK) {
        return parse_error(code, base);
    }
    return UrlResolver(std::string(base), std::move(parsed));
}

Result<std::string> UrlResolver::resolve(std::string_view reference, const UrlOptions& options) const {
    if (reference.size() > kMaxUrlLength) {
        return url_error(UrlError::too_long, "URL " + quoted(reference) + " is longer than " +
                                                 std::to_string(kMaxUrlLength) + " bytes");
    }
    // A copy of the parsed base: curl resolves a relative URL against the one a handle holds, and canonical()
    // re-spells the handle's parts.
    const UrlHandle handle(curl_url_dup(parsed_->handle.get()));
    const std::string prepared = prepare(reference);
    // An empty or fragment-only reference names the base document itself (RFC 3986 5.2.2); curl 7.88 resolves
    // "#x" wrongly (to the base's folder), so it is answered here.
    if (prepared.empty() || prepared.front() == '#') {
        return canonical(handle.get(), base_, options);
    }
    if (const CURLUcode code = curl_url_set(handle.get(), CURLUPART_URL, prepared.c_str(), 0); code != CURLUE_OK) {
        return parse_error(code, reference);
    }
    return canonical(handle.get(), reference, options);
}

Result<std::string> resolve_url(std::string_view base, std::string_view reference, const UrlOptions& options) {
    if (reference.size() > kMaxUrlLength) {
        return url_error(UrlError::too_long, "URL " + quoted(reference) + " is longer than " +
                                                 std::to_string(kMaxUrlLength) + " bytes");
    }
    auto resolver = UrlResolver::for_base(base);
    if (!resolver) {
        return resolver.error();
    }
    return resolver->resolve(reference, options);
}

Result<UrlParts> split_url(std::string_view url) {
    const UrlHandle handle(curl_url());
    const std::string prepared = prepare(url);
    if (const CURLUcode code = curl_url_set(handle.get(), CURLUPART_URL, prepared.c_str(), 0); code != CURLUE_OK) {
        return parse_error(code, url);
    }
    UrlParts parts;
    get_part(handle.get(), CURLUPART_SCHEME, parts.scheme);
    parts.scheme = lower(parts.scheme);
    if (parts.scheme != "http" && parts.scheme != "https") {
        return url_error(UrlError::unsupported_scheme, "URL " + quoted(url) + ": scheme is not http or https");
    }
    if (!get_part(handle.get(), CURLUPART_HOST, parts.host) || parts.host.empty()) {
        return url_error(UrlError::no_host, "URL " + quoted(url) + " has no host");
    }
    parts.host = lower(parts.host);
    std::string port;
    const bool has_port = get_part(handle.get(), CURLUPART_PORT, port);
    const bool default_port = (parts.scheme == "http" && port == "80") || (parts.scheme == "https" && port == "443");
    parts.origin = parts.scheme + "://" + parts.host + (has_port && !default_port ? ":" + port : "");
    get_part(handle.get(), CURLUPART_PATH, parts.path_and_query);
    if (parts.path_and_query.empty()) {
        parts.path_and_query = "/";
    }
    std::string query;
    if (get_part(handle.get(), CURLUPART_QUERY, query)) {
        parts.path_and_query += "?" + query;
    }
    return parts;
}

Result<UrlComponents> split_components(std::string_view url) {
    if (url.size() > kMaxUrlLength) {
        return url_error(UrlError::too_long, "URL " + quoted(url) + " is longer than " +
                                                 std::to_string(kMaxUrlLength) + " bytes");
    }
    const UrlHandle handle(curl_url());
    const std::string prepared = prepare(url);
    // Any scheme: a plugin asks what a link is before deciding to follow it.
    const unsigned flags = CURLU_NON_SUPPORT_SCHEME;
    if (const CURLUcode code = curl_url_set(handle.get(), CURLUPART_URL, prepared.c_str(), flags);
        code != CURLUE_OK) {
        return parse_error(code, url);
    }
    UrlComponents parts;
    get_part(handle.get(), CURLUPART_SCHEME, parts.scheme);
    parts.scheme = lower(parts.scheme);
    get_part(handle.get(), CURLUPART_HOST, parts.host);
    parts.host = lower(parts.host);
    get_part(handle.get(), CURLUPART_PORT, parts.port);
    get_part(handle.get(), CURLUPART_PATH, parts.path);
    parts.has_query = get_part(handle.get(), CURLUPART_QUERY, parts.query);
    parts.has_fragment = get_part(handle.get(), CURLUPART_FRAGMENT, parts.fragment);
    get_part(handle.get(), CURLUPART_USER, parts.user, CURLU_URLDECODE);
    get_part(handle.get(), CURLUPART_PASSWORD, parts.password, CURLU_URLDECODE);
    return parts;
}

std::string normalize_path_spelling(std::string_view raw) {
    return normalize_escapes(prepare(raw));
}

bool host_matches(std::string_view pattern, std::string_view host) noexcept {
    if (pattern == "*") {
        return true;
    }
    if (pattern.size() > 2 && pattern.substr(0, 2) == "*.") {
        const std::string_view domain = pattern.substr(2);
        return host == domain || (host.size() > domain.size() && host.substr(host.size() - domain.size()) == domain &&
                                  host[host.size() - domain.size() - 1] == '.');
    }
    return pattern == host;
}

} // namespace newsarc::web
