// The HTTP request and response as the pages of `newsarc serve` and `/metrics` see them: plain values, free of
// Beast, so routes and renderers are ordinary functions (only http_server.cpp compiles Beast).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsarc::serve {

/// One GET or HEAD request, its target already split.
struct HttpRequest {
    std::string method; ///< "GET" or "HEAD" (the server answers others itself with 405)
    std::string target; ///< as sent, e.g. "/doc/0123456789abcdef/diff?a=1&b=2"
    std::string path;   ///< the target's path, percent-decoded ("/search")
    std::vector<std::pair<std::string, std::string>> query; ///< decoded name=value pairs, in order

    /// The first value of query parameter `name`; nullopt when absent.
    [[nodiscard]] std::optional<std::string> param(std::string_view name) const;
};

/// What to answer. The server adds the security headers every answer carries (nosniff, no referrer, no
/// framing) and a default Content-Security-Policy unless `headers` has one.
struct HttpResponse {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers; ///< extra headers, sent as given

    static HttpResponse text(int status, std::string body, std::string content_type);
};

/// Answers requests; runs on one server thread, which it may use for blocking work (SQLite reads).
using RequestHandler = std::function<HttpResponse(const HttpRequest&)>;

/// Splits a request target ("/a%20b?x=1&y=%E5%A4%A7") into a decoded path and query pairs ('+' in the query
/// is a space, as HTML forms send it). nullopt when the target is not an origin-form path ("/..."), holds a
/// malformed escape, or decodes to a NUL byte or to bytes that are not UTF-8.
std::optional<HttpRequest> parse_target(std::string_view method, std::string_view target);

} // namespace newsarc::serve
