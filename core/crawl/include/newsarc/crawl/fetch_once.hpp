// One GET outside a crawl, through the crawl's own transfer setup (user agent, timeouts, body limit, the
// private-address rule): for commands that fetch a page a user names (`newsarc sites new --fetch`).
#pragma once
#include <string>

#include "newsarc/base/result.hpp"

namespace newsarc::crawl {

/// A fetched page.
struct FetchedPage {
    int status = 0;
    std::string final_url;    ///< after redirects (followed here, at most 5)
    std::string content_type; ///< as sent
    std::string body;         ///< decompressed, not decoded
};

/// Fetches `url` and waits for it (blocking; no robots.txt, no politeness: one page a person asked for).
/// Private and loopback addresses are refused unless `allow_private`. The error names the URL and what went
/// wrong (DNS, connect, timeout, a refused address, an HTTP status other than 200).
Result<FetchedPage> fetch_once(const std::string& url, bool allow_private);

} // namespace newsarc::crawl
