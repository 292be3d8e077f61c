// One blocking GET with the crawl's transfer setup (see fetch_once.hpp).
#include "newsarc/crawl/fetch_once.hpp"

#include "fetch/transfer.hpp"

namespace newsarc::crawl {

Result<FetchedPage> fetch_once(const std::string& url, bool allow_private) {
    fetch::ClientOptions options;
    options.addresses = fetch::AddressPolicy(allow_private);
    fetch::Transfer transfer;
    transfer.request.url = url;
    transfer.request.follow_redirects = true;
    if (!fetch::setup_transfer(transfer, options)) {
        return make_error(url + ": cannot set up the request (" + transfer.result.error + ")");
    }
    // The easy interface: a single page, nothing else runs meanwhile, so no event loop is needed.
    const CURLcode code = curl_easy_perform(transfer.easy);
    fetch::finish_transfer(transfer, code);
    const fetch::FetchResult& result = transfer.result;
    if (result.outcome != fetch::FetchOutcome::ok) {
        return make_error(url + ": fetch failed (" + (result.error.empty() ? "outcome " + std::to_string(static_cast<int>(result.outcome)) : result.error) +
                          (result.outcome == fetch::FetchOutcome::private_address ? "; allow it with --allow-private" : "") + ")");
    }
    if (result.http_status != 200) {
        return make_error(url + ": HTTP status " + std::to_string(result.http_status) + ", expected 200");
    }
    return FetchedPage{result.http_status, result.final_url.empty() ? url : result.final_url, result.content_type,
                       result.body};
}

} // namespace newsarc::crawl
