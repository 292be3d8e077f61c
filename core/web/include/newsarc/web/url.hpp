// URL parsing and normalisation through curl's URL API, the one URL parser of newsarc: the crawler keys pages
// and politeness on it, and plugins reach it through the host API (url_resolve, url_normalize, url_split).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/base/result.hpp"

namespace newsarc::web {

/// Why a URL was refused. 0 is never an error.
enum class UrlError : int {
    invalid = 1,            ///< not a URL curl can parse
    unsupported_scheme = 2, ///< anything but http and https
    no_host = 3,
    too_long = 4, ///< longer than kMaxUrlLength
};

inline constexpr std::size_t kMaxUrlLength = 8192;

struct UrlOptions {
    /// Query parameters to drop; a trailing '*' matches any name with that prefix ("utm_*").
    std::vector<std::string> strip_params = {"utm_*", "spm"};
};

/// The canonical form of an absolute http(s) URL: scheme and host lower case, default port, fragment and
/// the `strip_params` query parameters removed, dot segments resolved, percent-encoding normalised
/// (unreserved characters decoded, other escapes upper case, spaces and non-ASCII bytes encoded).
/// Errors carry a UrlError code and a message naming the URL.
Result<std::string> normalize_url(std::string_view url, const UrlOptions& options);

/// Resolves `reference` (absolute, relative, "//host/..." or "?query") against the absolute `base` and
/// normalises the result as normalize_url does.
Result<std::string> resolve_url(std::string_view base, std::string_view reference, const UrlOptions& options);

/// Resolves many references against one base, parsed once: a page's links are resolved against its URL, and
/// resolve_url parsed that URL again for each of them.
class UrlResolver {
public:
    /// A resolver for `base` (an absolute URL); an error names the base when curl cannot parse it.
    static Result<UrlResolver> for_base(std::string_view base);
    UrlResolver(UrlResolver&& other) noexcept;
    UrlResolver& operator=(UrlResolver&& other) noexcept;
    UrlResolver(const UrlResolver&) = delete;
    UrlResolver& operator=(const UrlResolver&) = delete;
    ~UrlResolver();

    /// resolve_url(base, reference, options), the same answer.
    [[nodiscard]] Result<std::string> resolve(std::string_view reference, const UrlOptions& options) const;

private:
    struct Parsed; ///< curl's handle of the base
    UrlResolver(std::string base, std::unique_ptr<Parsed> parsed);
    std::string base_;
    std::unique_ptr<Parsed> parsed_;
};

/// The parts of a normalised URL the crawler keys on.
struct UrlParts {
    std::string scheme;         ///< "http" or "https"
    std::string host;           ///< lower case, without port
    std::string origin;         ///< "https://www.example.com" or "http://127.0.0.1:8080": the politeness key
    std::string path_and_query; ///< "/a/b?c=1": what robots.txt rules match
};

/// Splits a URL that normalize_url produced (or any absolute http(s) URL).
Result<UrlParts> split_url(std::string_view url);

/// The components of an absolute URL of any scheme, as curl parses it (spaces and non-ASCII bytes
/// percent-encoded first, nothing else re-spelled). `has_*` tell an empty query or fragment from an absent one.
struct UrlComponents {
    std::string scheme; ///< lower case
    std::string host;   ///< lower case, without port and brackets kept for IPv6; empty for "mailto:" and the like
    std::string port;   ///< as written, empty when absent
    std::string path;   ///< "/" for "https://host"
    std::string query;  ///< without '?'
    std::string fragment;
    std::string user;     ///< percent-decoded, empty when absent ("redis://user:secret@host")
    std::string password; ///< percent-decoded, empty when absent
    bool has_query = false;
    bool has_fragment = false;
};

/// Splits an absolute URL of any scheme (http, https, but also javascript: or mailto:, which a page's links
/// hold). Errors name the URL.
Result<UrlComponents> split_components(std::string_view url);

/// `raw` (a path, or a robots.txt pattern) spelled as normalize_url spells a path: spaces, controls and
/// non-ASCII bytes percent-encoded, unreserved characters decoded, other escapes upper case, a '%' that starts
/// no escape encoded itself. Matching a pattern spelled so against a normalised path compares byte for byte.
std::string normalize_path_spelling(std::string_view raw);

/// Whether `host` (lower case, no port) matches a scope pattern: an exact name, "*.example.com" (the domain
/// and any subdomain) or "*" (anything).
bool host_matches(std::string_view pattern, std::string_view host) noexcept;

} // namespace newsarc::web
