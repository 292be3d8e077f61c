// One redirect hop, admitted like a discovered link. curl does not follow redirects for the crawl: the Location
// of a 3xx answer becomes a request of its own only when it passes the same rules as a link (scope and the
// plugins' own hosts, the private-address rule) plus the chain's own (hop limit, no loop). The target's
// robots.txt and politeness then apply to it in the engine as to any request, before a byte is sent to it.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "fetch/address_policy.hpp"
#include "newsarc/crawl/frontier.hpp"
#include "newsarc/crawl/outcome.hpp"
#include "scope.hpp"
#include "site_plugins.hpp"

namespace newsarc::crawl {

/// What became of one hop.
struct RedirectHop {
    std::string target;                  ///< the Location, resolved and normalised; empty when it is no http(s) URL
    std::optional<FrontierRequest> next; ///< the request for the target, when the hop is admitted
    Outcome outcome = Outcome::redirect; ///< redirect when admitted, else why not (is_refused_redirect)
    std::string detail;                  ///< for the fetch log; names the target
};

class RedirectRules {
public:
    /// `max_hops`: job key network.max_redirects (0: no redirect is followed).
    RedirectRules(const Scope& scope, const SitePlugins& plugins, fetch::AddressPolicy addresses, int max_hops)
        : scope_(scope), plugins_(plugins), addresses_(std::move(addresses)), max_hops_(max_hops) {}

    /// The hop from `from`, answered with `status` and `location` (already resolved against from.url by curl).
    /// The next request keeps the chain's depth, priority and document URL; 301/302 turn a POST into a GET and
    /// 303 any method, as browsers do; the request's own headers go only to the same origin.
    [[nodiscard]] RedirectHop follow(const FrontierRequest& from, int status, std::string_view location) const;

    /// The last URL that redirected to `request` ("" when it is no redirect target), for log lines.
    static std::string_view previous_hop(const FrontierRequest& request);

private:
    const Scope& scope_;
    const SitePlugins& plugins_;
    fetch::AddressPolicy addresses_;
    int max_hops_;
};

} // namespace newsarc::crawl
