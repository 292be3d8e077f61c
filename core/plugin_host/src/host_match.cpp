// Host patterns: exact host, "*.domain" (the domain and its subdomains) and "*" (the generic fallback).
#include <algorithm>
#include <string>

#include "newsarc/plugin_host/plugin.hpp"

namespace newsarc::plugin_host {

int host_match(std::string_view pattern, std::string_view host) noexcept {
    if (host.empty()) {
        return 0;
    }
    if (pattern == "*") {
        return 1;
    }
    if (pattern.starts_with("*.")) {
        const std::string_view domain = pattern.substr(2);
        const bool inside = host == domain || (host.size() > domain.size() && host.ends_with(domain) &&
                                               host[host.size() - domain.size() - 1] == '.');
        return inside ? 2 + static_cast<int>(std::min<std::size_t>(domain.size(), 900)) : 0;
    }
    return pattern == host ? 1000 : 0;
}

std::string url_host(std::string_view url) {
    const std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) {
        return {};
    }
    std::string_view rest = url.substr(scheme_end + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    const std::size_t at = rest.rfind('@');
    if (at != std::string_view::npos) {
        rest.remove_prefix(at + 1);
    }
    if (rest.starts_with("[")) {
        rest = rest.substr(0, rest.find(']') + 1);
    } else {
        rest = rest.substr(0, rest.find(':'));
    }
    std::string host(rest);
    std::transform(host.begin(), host.end(), host.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
    while (!host.empty() && host.back() == '.') {
        host.pop_back();
    }
    return host;
}

} // namespace newsarc::plugin_host
