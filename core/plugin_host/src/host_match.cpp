// Host patterns: exact host, "*.domain" (the domain and its subdomains) and "*" (the generic fallback).
#include <algorithm>
#include <string>
#include <string_view>

#include "newsarc/plugin_host/plugin.hpp"
#include "newsarc/web/url.hpp"

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
    // The crawler's own parser (curl), so the plugin chosen for a URL and the per-host politeness key agree.
    const auto parts = web::split_components(url);
    if (!parts) {
        return {};
    }
    std::string host = parts.value().host;
    while (!host.empty() && host.back() == '.') {
        host.pop_back();
    }
    return host;
}

} // namespace newsarc::plugin_host
