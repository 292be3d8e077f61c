// The outcome of one request of the crawl, as the engine, the page stage and the scheduler pass it around.
// Its string form ("ok", "not_modified", "timeout", ...) is what the fetch log, the frontier and the run's JSON
// counters hold; to_string and parse_outcome are the one place that spells it.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace newsarc::crawl {

enum class Outcome : std::uint8_t {
    // An HTTP answer arrived.
    ok,           ///< 2xx
    not_modified, ///< 304 to a conditional request
    redirect,     ///< a 3xx hop admitted by RedirectRules (its target is a request of its own)
    http_error,   ///< any other status
    blocked,      ///< a block page (captcha, JS challenge) in place of the page (block_page.hpp)
    // A redirect hop refused by RedirectRules, or its target refused.
    redirect_out_of_scope,
    redirect_private,
    redirect_robots_denied,
    redirect_loop,
    too_many_redirects, ///< RedirectRules' hop limit, or curl's for a robots.txt
    // Refused or dropped by the crawl before a byte was sent.
    robots_denied,
    robots_unavailable, ///< robots.txt unreachable: complete disallow assumed (RFC 9309 2.3.1.4)
    retries_exhausted,  ///< leased again after a stop cut its last allowed attempt short
    // The transfer failed (fetch::FetchOutcome other than ok).
    timeout,
    low_speed,
    connect,
    dns,
    connection_reset,
    too_large,
    private_address,
    tls,
    unsupported_scheme,
    bad_encoding,
    cancelled,
    other,
    header_too_large,
    truncated_body,
};

/// The outcome's name in the fetch log, the frontier and the counters ("ok", "redirect_loop", ...).
std::string_view to_string(Outcome outcome) noexcept;
/// The outcome a name stands for; nullopt for a name no outcome has.
std::optional<Outcome> parse_outcome(std::string_view name) noexcept;

/// A refused redirect hop or refused redirect target (the outcomes RefusedRedirect lists).
constexpr bool is_refused_redirect(Outcome outcome) noexcept {
    return outcome >= Outcome::redirect_out_of_scope && outcome <= Outcome::too_many_redirects;
}

} // namespace newsarc::crawl
