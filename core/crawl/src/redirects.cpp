// RedirectRules: the checks of one redirect hop, in the order that gives the most telling outcome.
#include "redirects.hpp"

#include <algorithm>

#include "newsarc/crawl/url.hpp"
#include "pipeline.hpp"

namespace newsarc::crawl {
namespace {

/// Whether `url` is one of the '\n'-separated entries of `chain`.
bool in_chain(std::string_view chain, std::string_view url) {
    while (!chain.empty()) {
        const auto end = chain.find('\n');
        if (chain.substr(0, end) == url) {
            return true;
        }
        chain = end == std::string_view::npos ? std::string_view() : chain.substr(end + 1);
    }
    return false;
}

std::size_t hops_before(std::string_view chain) {
    return chain.empty() ? 0 : static_cast<std::size_t>(std::count(chain.begin(), chain.end(), '\n')) + 1;
}

} // namespace

std::string_view RedirectRules::previous_hop(const FrontierRequest& request) {
    const std::string_view chain = request.redirect_chain;
    const auto last = chain.rfind('\n');
    return last == std::string_view::npos ? chain : chain.substr(last + 1);
}

RedirectHop RedirectRules::follow(const FrontierRequest& from, int status, std::string_view location) const {
    RedirectHop hop;
    const auto refuse = [&](Outcome outcome, const std::string& why) {
        hop.outcome = outcome;
        hop.detail = "HTTP " + std::to_string(status) + " to " + (hop.target.empty() ? std::string(location) : hop.target) +
                     ": " + why;
        return hop;
    };
    auto target = normalize_url(location, scope_.url_options());
    auto parts = target ? split_url(target.value()) : Result<UrlParts>(target.error());
    if (!parts) {
        return refuse(Outcome::redirect_out_of_scope, parts.error().message);
    }
    hop.target = target.value();
    const std::size_t hops = hops_before(from.redirect_chain) + 1;
    if (hops > static_cast<std::size_t>(max_hops_)) {
        return refuse(Outcome::too_many_redirects, "hop " + std::to_string(hops) +
                                                       " of a chain, more than network.max_redirects = " +
                                                       std::to_string(max_hops_));
    }
    if (hop.target == from.url || in_chain(from.redirect_chain, hop.target)) {
        return refuse(Outcome::redirect_loop, "that URL is earlier in this redirect chain");
    }
    if (const auto allowed = addresses_.allows_literal(parts->host); allowed && !*allowed) {
        return refuse(Outcome::redirect_private, "a private, loopback or link-local address (network.allow_private)");
    }
    if (!(scope_.host_in_scope(parts->host) || plugins_.claims(parts->host))) {
        return refuse(Outcome::redirect_out_of_scope, "host " + parts->host + " is not in [scope] hosts or a plugin's");
    }

    FrontierRequest next;
    next.url = hop.target;
    next.origin = parts->origin;
    const bool keeps_method = status == 307 || status == 308;
    const bool becomes_get = status == 303 ? from.method != "HEAD" : !keeps_method && from.method == "POST";
    next.method = becomes_get ? "GET" : from.method;
    if (!becomes_get) {
        next.body = from.body;
    }
    if (parts->origin == from.origin) {
        next.headers = from.headers; // a plugin's headers (API keys, cookies) are for its own origin
    }
    next.document_url = from.document_url;
    next.priority = from.priority;
    next.depth = from.depth; // a redirect is the same page under another name, not a link one level deeper
    next.redirect_chain = from.redirect_chain.empty() ? from.url : from.redirect_chain + "\n" + from.url;
    auto prepared = prepare_request(next, plugins_, scope_.url_options());
    if (!prepared) {
        return refuse(Outcome::redirect_out_of_scope, "the plugin of " + parts->host + " ignores that URL");
    }
    if (prepared->kind == PageKind::unclassified) {
        prepared->kind = from.kind; // no plugin classifies it: the page is what the redirecting URL was
    }
    prepared->redirect_chain = next.redirect_chain;
    hop.next = std::move(*prepared);
    hop.outcome = Outcome::redirect;
    hop.detail = "HTTP " + std::to_string(status) + " to " + hop.target + " (hop " + std::to_string(hops) + " of at most " +
                 std::to_string(max_hops_) + ")";
    return hop;
}

} // namespace newsarc::crawl
