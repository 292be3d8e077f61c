// libFuzzer target: any bytes as a page for the link scanner (both its forms) and the compact set of discovered
// requests: no crash, the one-at-a-time form deduplicated equals the list form, and the set hands back the
// distinct URLs in order (a repeat only where a request is not a plain link).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "discovered_requests.hpp"
#include "newsarc/crawl/links.hpp"
#include "newsarc/crawl/url.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace newsarc::crawl;
    const std::string_view html(reinterpret_cast<const char*>(data), size);
    const UrlOptions options;
    const std::vector<std::string> listed = scan_links(html, "http://a.test/dir/page.html", options);

    std::vector<std::string> streamed;
    std::unordered_set<std::string> seen;
    DiscoveredRequests set;
    scan_links(html, "http://a.test/dir/page.html", options, [&](std::string&& url) {
        const bool fresh = seen.insert(url).second;
        if (fresh) {
            streamed.push_back(url);
        }
        auto parts = split_url(url);
        if (!parts) {
            __builtin_trap(); // the scanner hands out normalised http(s) URLs only
        }
        FrontierRequest request;
        request.url = url;
        request.origin = parts->origin;
        // A repeat of a plain link is dropped; other requests (a URL whose origin is spelled differently from
        // its own prefix, e.g. a percent-encoded host) are kept whole and left to the frontier to deduplicate.
        if ((set.contains(url) && fresh) || (!set.add(request) && fresh)) {
            __builtin_trap();
        }
    });
    if (streamed != listed) {
        __builtin_trap();
    }
    std::vector<std::string> held;
    std::unordered_set<std::string> held_seen;
    set.for_each([&](const FrontierRequest& request) {
        if (held_seen.insert(request.url).second) {
            held.push_back(request.url);
        }
    });
    if (held != listed) {
        __builtin_trap();
    }
    return 0;
}
