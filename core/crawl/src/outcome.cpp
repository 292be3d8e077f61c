// The names of crawl outcomes: the one spelling of what the fetch log, the frontier and the counters hold.
#include "newsarc/crawl/outcome.hpp"

#include <array>

namespace newsarc::crawl {
namespace {

constexpr Outcome kLast = Outcome::truncated_body;
constexpr std::size_t kCount = static_cast<std::size_t>(kLast) + 1;

// In enum order; the names are stored in archives and frontiers, so they never change.
constexpr std::array<std::string_view, kCount> kNames = {
    "ok",
    "not_modified",
    "redirect",
    "http_error",
    "blocked",
    "redirect_out_of_scope",
    "redirect_private",
    "redirect_robots_denied",
    "redirect_loop",
    "too_many_redirects",
    "robots_denied",
    "robots_unavailable",
    "retries_exhausted",
    "timeout",
    "low_speed",
    "connect",
    "dns",
    "connection_reset",
    "too_large",
    "private_address",
    "tls",
    "unsupported_scheme",
    "bad_encoding",
    "cancelled",
    "other",
    "header_too_large",
    "truncated_body",
};

} // namespace

std::string_view to_string(Outcome outcome) noexcept {
    const auto index = static_cast<std::size_t>(outcome);
    return index < kCount ? kNames[index] : std::string_view("other");
}

std::optional<Outcome> parse_outcome(std::string_view name) noexcept {
    for (std::size_t index = 0; index < kCount; ++index) {
        if (kNames[index] == name) {
            return static_cast<Outcome>(index);
        }
    }
    return std::nullopt;
}

} // namespace newsarc::crawl
