// HTTP request and response blocks of WARC records: building them from a capture, parsing them into one.
#include "warc_http.hpp"

#include <vector>

#include "gzip_member.hpp"
#include "warc_format.hpp"

namespace newsarc::archive::detail {
namespace {

std::string_view reason_phrase(int status) {
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 429: return "Too Many Requests";
    case 451: return "Unavailable For Legal Reasons";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return {}; // RFC 9112 allows an empty reason phrase
    }
}

struct HeaderLine {
    std::string_view name;
    std::string_view value;
};

/// The "Name: value" lines of the archive's header text (LF or CRLF ends); lines without a name are dropped.
std::vector<HeaderLine> split_headers(std::string_view text) {
    std::vector<HeaderLine> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || trim_blanks(line.substr(0, colon)).empty()) {
            continue;
        }
        lines.push_back({trim_blanks(line.substr(0, colon)), trim_blanks(line.substr(colon + 1))});
    }
    return lines;
}

/// Removes chunked transfer coding (RFC 9112 §7.1); false when the chunks do not add up.
bool dechunk(std::string_view input, std::string& out, std::size_t max_body) {
    out.clear();
    while (true) {
        const std::size_t line_end = input.find('\n');
        if (line_end == std::string_view::npos) {
            return false;
        }
        std::string_view size_text = input.substr(0, line_end);
        input.remove_prefix(line_end + 1);
        size_text = trim_blanks(size_text.substr(0, size_text.find_first_of(";\r")));
        if (size_text.empty() || size_text.size() > 15) {
            return false;
        }
        std::size_t size = 0;
        for (const char c : size_text) {
            int digit = -1;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                digit = c - 'A' + 10;
            }
            if (digit < 0) {
                return false;
            }
            size = size * 16 + static_cast<std::size_t>(digit);
        }
        if (size == 0) {
            return true; // trailers, if any, are not kept
        }
        if (size > input.size() || out.size() + size > max_body) {
            return false;
        }
        out.append(input.substr(0, size));
        input.remove_prefix(size);
        if (input.starts_with("\r\n")) {
            input.remove_prefix(2);
        } else if (input.starts_with("\n")) {
            input.remove_prefix(1);
        } else {
            return false;
        }
    }
}

} // namespace

std::optional<std::string> http_request_block(std::string_view url) {
    const std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos || scheme_end == 0) {
        return std::nullopt;
    }
    std::string_view rest = url.substr(scheme_end + 3);
    rest = rest.substr(0, rest.find('#'));
    const std::size_t path_start = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, path_start);
    const std::size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
        authority.remove_prefix(at + 1); // credentials never go into a Host header
    }
    if (authority.empty()) {
        return std::nullopt;
    }
    std::string target(path_start == std::string_view::npos ? std::string_view("/") : rest.substr(path_start));
    if (target.front() == '?') {
        target.insert(target.begin(), '/');
    }
    return "GET " + target + " HTTP/1.1\r\nHost: " + std::string(authority) + "\r\n\r\n";
}

std::string http_response_head(int status, std::string_view stored_headers, std::size_t body_size) {
    std::string head = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason_phrase(status)) + "\r\n";
    for (const HeaderLine& line : split_headers(stored_headers)) {
        if (equals_ignoring_case(line.name, "Transfer-Encoding") ||
            equals_ignoring_case(line.name, "Content-Encoding") ||
            equals_ignoring_case(line.name, "Content-Length")) {
            continue;
        }
        head.append(line.name).append(": ").append(field_value(line.value)).append("\r\n");
    }
    head.append("Content-Length: ").append(std::to_string(body_size)).append("\r\n\r\n");
    return head;
}

Result<HttpResponse> parse_http_response(std::string_view block, std::size_t max_body) {
    HttpResponse response;
    const std::size_t status_end = block.find('\n');
    if (status_end == std::string_view::npos) {
        return make_error("the HTTP response has no status line");
    }
    std::string_view status_line = block.substr(0, status_end);
    if (!status_line.empty() && status_line.back() == '\r') {
        status_line.remove_suffix(1);
    }
    const std::size_t space = status_line.find(' ');
    if (!status_line.starts_with("HTTP/") || space == std::string_view::npos || status_line.size() < space + 4 ||
        status_line.substr(space + 1, 3).find_first_not_of("0123456789") != std::string_view::npos ||
        (status_line.size() > space + 4 && status_line[space + 4] != ' ')) {
        return make_error("bad HTTP status line '" + field_value(status_line.substr(0, 80)) + "'");
    }
    response.status = std::stoi(std::string(status_line.substr(space + 1, 3)));

    // The header ends at the first empty line (CRLF CRLF, or LF LF from lenient writers).
    std::size_t pos = status_end + 1;
    std::size_t header_end = std::string_view::npos;
    std::size_t body_start = 0;
    for (std::size_t line_start = pos; line_start <= block.size();) {
        const std::size_t line_end = block.find('\n', line_start);
        if (line_end == std::string_view::npos) {
            break;
        }
        const std::string_view line = block.substr(line_start, line_end - line_start);
        if (line.empty() || line == "\r") {
            header_end = line_start;
            body_start = line_end + 1;
            break;
        }
        line_start = line_end + 1;
    }
    if (header_end == std::string_view::npos) {
        return make_error("the HTTP header has no end (no empty line before the body)");
    }
    const std::vector<HeaderLine> lines = split_headers(block.substr(pos, header_end - pos));
    std::string_view body = block.substr(body_start);

    std::string_view transfer_encoding;
    std::string_view content_encoding;
    for (const HeaderLine& line : lines) {
        if (equals_ignoring_case(line.name, "Transfer-Encoding")) {
            transfer_encoding = line.value;
        } else if (equals_ignoring_case(line.name, "Content-Encoding")) {
            content_encoding = line.value;
        }
    }
    bool dechunked = false;
    std::string buffer;
    if (equals_ignoring_case(transfer_encoding, "chunked")) {
        if (!dechunk(body, buffer, max_body)) {
            return make_error("the chunked HTTP body is damaged (its chunk sizes do not match the data)");
        }
        response.body = std::move(buffer);
        dechunked = true;
    } else {
        if (body.size() > max_body) {
            return make_error("the HTTP body has " + std::to_string(body.size()) + " bytes, more than the " +
                              std::to_string(max_body) + " an import takes");
        }
        response.body.assign(body);
    }
    bool decoded = false;
    if (!content_encoding.empty() && !equals_ignoring_case(content_encoding, "identity")) {
        // Undecodable or unknown encodings stay as they are, header included: the capture is then what was sent.
        if (decode_content_encoding(content_encoding, response.body, buffer, max_body)) {
            response.body = std::move(buffer);
            decoded = true;
        }
    }
    for (const HeaderLine& line : lines) {
        const bool length = equals_ignoring_case(line.name, "Content-Length");
        if ((dechunked && equals_ignoring_case(line.name, "Transfer-Encoding")) ||
            (decoded && equals_ignoring_case(line.name, "Content-Encoding")) || ((dechunked || decoded) && length)) {
            continue;
        }
        response.headers.append(line.name).append(": ").append(line.value).append("\n");
        if (equals_ignoring_case(line.name, "Content-Type")) {
            response.content_type = line.value;
        } else if (equals_ignoring_case(line.name, "ETag")) {
            response.etag = line.value;
        } else if (equals_ignoring_case(line.name, "Last-Modified")) {
            response.last_modified = line.value;
        } else if (equals_ignoring_case(line.name, "Location")) {
            response.location = line.value;
        }
    }
    if (dechunked || decoded) {
        response.headers.append("Content-Length: ").append(std::to_string(response.body.size())).append("\n");
    }
    return response;
}

} // namespace newsarc::archive::detail
