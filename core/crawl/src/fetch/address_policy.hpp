// Which network addresses a crawl may connect to. One rule for the two places that ask: curl's open-socket
// callback (every connection, after DNS and CONNECT_TO) and the redirect check (an address literal in a
// Location header is refused before any request is made).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/base/result.hpp"

struct sockaddr;

namespace newsarc::crawl::fetch {

/// An address range in IPv6 form (IPv4 as IPv4-mapped): "10.0.0.0/8", "127.0.0.1" (/32), "fd00::/8".
struct AddressRange {
    std::array<unsigned char, 16> prefix{};
    int bits = 128;

    /// Parses a CIDR range or a single address; the error names the text.
    static Result<AddressRange> parse(std::string_view text);
    [[nodiscard]] bool contains(const std::array<unsigned char, 16>& address) const noexcept;
};

/// True for addresses a crawl must not reach by default: loopback, private (RFC 1918, ULA), link-local,
/// CGNAT, unspecified, multicast and reserved ranges, also when IPv4-mapped in IPv6.
bool is_private_address(const struct sockaddr* address) noexcept;

class AddressPolicy {
public:
    /// `allow_private` lets every address through; otherwise private addresses are refused except those in
    /// `allowed_ranges` (job key network.allow_private_ranges: an intranet host, a local mirror).
    AddressPolicy(bool allow_private = false, std::vector<AddressRange> allowed_ranges = {})
        : allow_private_(allow_private), allowed_(std::move(allowed_ranges)) {}

    /// Whether a connection to `address` may be opened.
    [[nodiscard]] bool allows(const struct sockaddr* address) const noexcept;

    /// For a URL host (lower case, IPv6 in brackets or not): nullopt when it is a name, not an address literal;
    /// otherwise whether the policy allows that address.
    [[nodiscard]] std::optional<bool> allows_literal(std::string_view host) const;

private:
    [[nodiscard]] bool allows_address(const std::array<unsigned char, 16>& address) const noexcept;

    bool allow_private_;
    std::vector<AddressRange> allowed_;
};

} // namespace newsarc::crawl::fetch
