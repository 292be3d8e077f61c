// outcome_of and block_page_reason: a transfer's result as a crawl outcome.
#include "response_outcome.hpp"

#include <algorithm>
#include <cctype>

#include "block_page.hpp"
#include "newsarc/crawl/charset.hpp"

namespace newsarc::crawl {
namespace {

Outcome transport_outcome(fetch::FetchOutcome outcome) {
    using fetch::FetchOutcome;
    switch (outcome) {
    case FetchOutcome::ok: return Outcome::ok;
    case FetchOutcome::timeout: return Outcome::timeout;
    case FetchOutcome::low_speed: return Outcome::low_speed;
    case FetchOutcome::connect: return Outcome::connect;
    case FetchOutcome::dns: return Outcome::dns;
    case FetchOutcome::connection_reset: return Outcome::connection_reset;
    case FetchOutcome::too_many_redirects: return Outcome::too_many_redirects;
    case FetchOutcome::too_large: return Outcome::too_large;
    case FetchOutcome::private_address: return Outcome::private_address;
    case FetchOutcome::tls: return Outcome::tls;
    case FetchOutcome::unsupported_scheme: return Outcome::unsupported_scheme;
    case FetchOutcome::bad_encoding: return Outcome::bad_encoding;
    case FetchOutcome::cancelled: return Outcome::cancelled;
    case FetchOutcome::other: return Outcome::other;
    case FetchOutcome::header_too_large: return Outcome::header_too_large;
    case FetchOutcome::truncated_body: return Outcome::truncated_body;
    }
    return Outcome::other;
}

} // namespace

Outcome outcome_of(const fetch::FetchResult& result) {
    if (result.outcome != fetch::FetchOutcome::ok) {
        return transport_outcome(result.outcome);
    }
    if (result.http_status >= 200 && result.http_status < 300) {
        return Outcome::ok;
    }
    if (result.http_status == 304) {
        return Outcome::not_modified;
    }
    if (result.http_status >= 300 && result.http_status < 400 && !result.redirect_url.empty()) {
        return Outcome::redirect;
    }
    return Outcome::http_error;
}

std::optional<std::string> block_page_reason(const fetch::FetchResult& result, Outcome outcome) {
    if (result.outcome != fetch::FetchOutcome::ok || (outcome != Outcome::ok && outcome != Outcome::http_error) ||
        result.body.empty() || result.body.size() > kMaxBlockPageBytes) {
        return std::nullopt;
    }
    std::string type = result.content_type;
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!type.empty() && type.find("html") == std::string::npos) {
        return std::nullopt;
    }
    const DecodedText decoded = decode_to_utf8_borrowing(result.body, result.content_type, true);
    return block_reason(result.http_status, decoded.view(result.body));
}

} // namespace newsarc::crawl
