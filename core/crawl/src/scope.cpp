// Scope: host patterns and depth.
#include "scope.hpp"

#include <algorithm>
#include <cctype>

namespace newsarc::crawl {

Scope::Scope(const JobConfig& job) : max_depth_(job.scope.max_depth) {
    url_options_.strip_params = job.scope.strip_params;
    for (const auto& host : job.scope.hosts) {
        std::string lowered = host;
        std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        hosts_.push_back(std::move(lowered));
    }
    if (hosts_.empty()) {
        for (const auto& seed : job.seeds) {
            if (auto parts = split_url(seed)) {
                hosts_.push_back(parts->host);
            }
        }
    }
}

bool Scope::host_in_scope(std::string_view host) const {
    return std::any_of(hosts_.begin(), hosts_.end(),
                       [&](const std::string& pattern) { return host_matches(pattern, host); });
}

std::optional<FrontierRequest> Scope::admit(const std::string& url, int depth) const {
    if (depth > max_depth_) {
        return std::nullopt;
    }
    auto parts = split_url(url);
    if (!parts || !host_in_scope(parts->host)) {
        return std::nullopt;
    }
    FrontierRequest request;
    request.url = url;
    request.origin = std::move(parts->origin);
    request.depth = depth;
    return request;
}

} // namespace newsarc::crawl
