// AddressPolicy: private ranges, the job's exceptions, and address literals in URLs.
#include "fetch/address_policy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <charconv>
#include <cstring>

namespace newsarc::crawl::fetch {
namespace {

using Address = std::array<unsigned char, 16>;

bool in_v4(std::uint32_t address, std::uint32_t network, int bits) {
    const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
    return (address & mask) == (network & mask);
}

bool private_v4(std::uint32_t a) {
    return in_v4(a, 0x00000000, 8) ||  // 0.0.0.0/8 "this network"
           in_v4(a, 0x0A000000, 8) ||  // 10/8
           in_v4(a, 0x64400000, 10) || // 100.64/10 CGNAT
           in_v4(a, 0x7F000000, 8) ||  // loopback
           in_v4(a, 0xA9FE0000, 16) || // link-local
           in_v4(a, 0xAC100000, 12) || // 172.16/12
           in_v4(a, 0xC0000000, 24) || // 192.0.0/24 IETF protocol assignments
           in_v4(a, 0xC0A80000, 16) || // 192.168/16
           in_v4(a, 0xC6120000, 15) || // 198.18/15 benchmarking
           in_v4(a, 0xE0000000, 4) ||  // multicast
           in_v4(a, 0xF0000000, 4);    // reserved and broadcast
}

constexpr unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};

Address mapped_v4(const in_addr& v4) {
    Address out{};
    std::memcpy(out.data(), kMappedPrefix, 12);
    std::memcpy(out.data() + 12, &v4.s_addr, 4);
    return out;
}

/// The address of a socket address in IPv6 form, or nullopt for other families.
std::optional<Address> address_of(const struct sockaddr* address) {
    if (address->sa_family == AF_INET) {
        return mapped_v4(reinterpret_cast<const sockaddr_in*>(address)->sin_addr);
    }
    if (address->sa_family == AF_INET6) {
        Address out{};
        std::memcpy(out.data(), reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr.s6_addr, 16);
        return out;
    }
    return std::nullopt;
}

bool private_address(const Address& b) {
    if (std::memcmp(b.data(), kMappedPrefix, 12) == 0) {
        return private_v4(static_cast<std::uint32_t>(b[12]) << 24 | static_cast<std::uint32_t>(b[13]) << 16 |
                          static_cast<std::uint32_t>(b[14]) << 8 | b[15]);
    }
    static constexpr unsigned char kZero[15] = {};
    if (std::memcmp(b.data(), kZero, 15) == 0 && (b[15] == 0 || b[15] == 1)) {
        return true; // :: and ::1
    }
    return (b[0] & 0xFE) == 0xFC ||                   // fc00::/7 unique local
           (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) || // fe80::/10 link-local
           b[0] == 0xFF;                              // multicast
}

/// An IPv4 or IPv6 literal (IPv6 without brackets) in IPv6 form, and how many prefix bits it has natively.
std::optional<std::pair<Address, int>> parse_literal(const std::string& text) {
    in_addr v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
        return std::pair{mapped_v4(v4), 32};
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
        Address out{};
        std::memcpy(out.data(), v6.s6_addr, 16);
        return std::pair{out, 128};
    }
    return std::nullopt;
}

} // namespace

Result<AddressRange> AddressRange::parse(std::string_view text) {
    const auto slash = text.find('/');
    const auto literal = parse_literal(std::string(text.substr(0, slash)));
    if (!literal) {
        return Error{1, "'" + std::string(text) + "' is not an IP address or CIDR range (e.g. 127.0.0.1, 10.0.0.0/8)"};
    }
    AddressRange range;
    range.prefix = literal->first;
    int bits = literal->second;
    if (slash != std::string_view::npos) {
        const std::string_view digits = text.substr(slash + 1);
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
        if (error != std::errc() || end != digits.data() + digits.size() || bits < 0 || bits > literal->second) {
            return Error{1, "'" + std::string(text) + "': the prefix length must be 0 to " +
                                std::to_string(literal->second)};
        }
    }
    range.bits = bits + (128 - literal->second); // an IPv4 prefix counts after the 96 bits of the mapping
    return range;
}

bool AddressRange::contains(const Address& address) const noexcept {
    int left = bits;
    for (std::size_t i = 0; i < 16 && left > 0; ++i, left -= 8) {
        const unsigned mask = left >= 8 ? 0xFFu : (0xFFu << (8 - left)) & 0xFFu;
        if ((address[i] & mask) != (prefix[i] & mask)) {
            return false;
        }
    }
    return true;
}

bool is_private_address(const struct sockaddr* address) noexcept {
    const auto bytes = address_of(address);
    return !bytes || private_address(*bytes); // unix sockets and the like are not the public internet
}

bool AddressPolicy::allows(const struct sockaddr* address) const noexcept {
    const auto bytes = address_of(address);
    return bytes && allows_address(*bytes);
}

std::optional<bool> AddressPolicy::allows_literal(std::string_view host) const {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const auto literal = parse_literal(std::string(host));
    if (!literal) {
        return std::nullopt;
    }
    return allows_address(literal->first);
}

bool AddressPolicy::allows_address(const std::array<unsigned char, 16>& address) const noexcept {
    if (allow_private_ || !private_address(address)) {
        return true;
    }
    for (const AddressRange& range : allowed_) {
        if (range.contains(address)) {
            return true;
        }
    }
    return false;
}

} // namespace newsarc::crawl::fetch
