// Request targets split and decoded (through web's URL parser), and the small response constructors.
#include "newsarc/serve/http.hpp"

#include "newsarc/base/utf8.hpp"
#include "newsarc/web/url.hpp"

namespace newsarc::serve {
namespace {

int hex_value(char c) noexcept {
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

/// Percent-decodes `text` ('+' as a space when `plus_is_space`); nullopt for a broken escape, a NUL byte or
/// bytes that are not UTF-8 (nothing downstream has to think about either).
std::optional<std::string> decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) {
                return std::nullopt;
            }
            const int high = hex_value(text[i + 1]);
            const int low = hex_value(text[i + 2]);
            if (high < 0 || low < 0) {
                return std::nullopt;
            }
            out.push_back(static_cast<char>(high * 16 + low));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    if (out.find('\0') != std::string::npos || !utf8::is_valid(out)) {
        return std::nullopt;
    }
    return out;
}

} // namespace

std::optional<std::string> HttpRequest::param(std::string_view name) const {
    for (const auto& [key, value] : query) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

HttpResponse HttpResponse::text(int status, std::string body, std::string content_type) {
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.content_type = std::move(content_type);
    return response;
}

std::optional<HttpRequest> parse_target(std::string_view method, std::string_view target) {
    if (target.empty() || target.front() != '/' || target.starts_with("//")) {
        return std::nullopt;
    }
    // web's parser (curl's) resolves dot segments, so "/doc/../x" is "/x" before any route sees it.
    const auto parts = web::split_components("http://localhost" + std::string(target));
    if (!parts) {
        return std::nullopt;
    }
    HttpRequest request;
    request.method = std::string(method);
    request.target = std::string(target);
    auto path = decode(parts->path, false);
    if (!path) {
        return std::nullopt;
    }
    request.path = std::move(*path);
    std::string_view query = parts->query;
    while (!query.empty()) {
        const std::size_t end = query.find('&');
        const std::string_view pair = query.substr(0, end);
        query = end == std::string_view::npos ? std::string_view() : query.substr(end + 1);
        if (pair.empty()) {
            continue;
        }
        const std::size_t equals = pair.find('=');
        auto name = decode(pair.substr(0, equals), true);
        auto value = decode(equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1), true);
        if (!name || !value) {
            return std::nullopt;
        }
        request.query.emplace_back(std::move(*name), std::move(*value));
    }
    return request;
}

} // namespace newsarc::serve
