// The HTTP messages inside WARC request and response records: rebuilt from a capture on export, taken apart
// into a capture on import. Headers are kept in the archive's form, one "Name: value\n" line each.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "newsarc/base/result.hpp"

namespace newsarc::archive::detail {

/// "GET <path?query> HTTP/1.1\r\nHost: <host[:port]>\r\n\r\n" for an http(s) URL (the fragment is not sent);
/// nullopt when `url` has no scheme and host. Nothing else is known of the request: the archive keeps none.
std::optional<std::string> http_request_block(std::string_view url);

/// The head of a response block: "HTTP/1.1 <status> <reason>", the stored headers without Transfer-Encoding,
/// Content-Encoding and Content-Length (the stored body is decoded), then "Content-Length: <body_size>" and the
/// empty line.
std::string http_response_head(int status, std::string_view stored_headers, std::size_t body_size);

/// A response taken from a WARC response block.
struct HttpResponse {
    int status = 0;
    std::string headers; ///< "Name: value\n" lines, as the archive stores them
    std::string body;    ///< de-chunked and, for gzip / deflate, decoded
    std::string content_type;
    std::string etag;
    std::string last_modified;
    std::string location; ///< the Location header as sent (empty when absent)
};

/// Parses an HTTP/1.x (or HTTP/2 as warcprox writes it) response message. A chunked body is de-chunked and a
/// gzip / deflate one decoded (those headers are then dropped and Content-Length set to the body's size); a body
/// in another encoding is kept as it is, with its header. Fails, with the reason, on a bad status line, a header
/// without an end, a damaged chunked body, or a body larger than `max_body` bytes.
Result<HttpResponse> parse_http_response(std::string_view block, std::size_t max_body);

} // namespace newsarc::archive::detail
