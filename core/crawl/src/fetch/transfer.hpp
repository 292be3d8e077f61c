// One HTTP transfer as libcurl sees it: the easy handle's options from the job, and the callbacks that
// count the body, collect headers and refuse private addresses. No Asio here.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <curl/curl.h>

#include "fetch/address_policy.hpp"

namespace newsarc::crawl::fetch {

/// Settings shared by every transfer of a crawl (from the job file).
struct ClientOptions {
    std::string user_agent = "newsarc/0.1";
    std::vector<std::string> connect_to;
    AddressPolicy addresses; ///< which addresses connections may go to (network.allow_private, ...)
    std::string ca_file;
    long connect_timeout_ms = 10000;
    long timeout_ms = 30000;
    long low_speed_bytes = 1;
    long low_speed_s = 30;
    std::uint64_t max_body_bytes = 10ull << 20;
    bool http2 = true;
    long max_host_connections = 2;  ///< CURLMOPT_MAX_HOST_CONNECTIONS
    long max_total_connections = 64; ///< open at once, idle ones kept for reuse included
};

struct FetchRequest {
    std::string url;
    std::string method = "GET";
    std::string body;
    std::string headers;           ///< extra "Name: value" lines separated by '\n'
    std::string if_none_match;     ///< ETag of the last capture, for a conditional fetch
    std::string if_modified_since; ///< Last-Modified of the last capture
    /// Let curl follow redirects (at most kMaxCurlRedirects). Only for robots.txt, whose redirects RFC 9309 2.3.1.2
    /// says to follow: every other redirect is a request of its own that the engine admits hop by hop.
    bool follow_redirects = false;
};

/// Redirects curl follows for a request with follow_redirects (RFC 9309 asks for at least five).
inline constexpr long kMaxCurlRedirects = 5;

/// How a transfer ended at the transport level. `ok` means an HTTP response arrived (any status).
enum class FetchOutcome : int {
    ok = 0,
    timeout = 1,
    low_speed = 2,
    connect = 3,
    dns = 4,
    connection_reset = 5,
    too_many_redirects = 6,
    too_large = 7,
    private_address = 8,
    tls = 9,
    unsupported_scheme = 10,
    bad_encoding = 11,
    cancelled = 12,
    other = 13,
    header_too_large = 14, ///< a response header line or the header block over curl's limit
    truncated_body = 15,   ///< the connection closed before the body had its Content-Length (or last chunk)
};

// Its fetch-log name is the crawl's Outcome (newsarc/crawl/outcome.hpp, response_outcome.cpp).

struct FetchResult {
    FetchOutcome outcome = FetchOutcome::other;
    std::string error;        ///< curl's message when outcome != ok
    int http_status = 0;      ///< of the last response
    std::string final_url;    ///< after the redirects curl followed (follow_redirects only)
    std::string redirect_url; ///< a 3xx response's Location, resolved by curl against the request URL
    std::string headers;      ///< of the last response, "Name: value" lines
    std::string content_type;
    std::string etag;
    std::string last_modified;
    std::string retry_after;
    std::string body;         ///< decompressed
    std::uint64_t body_bytes = 0;
    std::int64_t duration_ms = 0;
    long redirects = 0;
    std::string remote_ip;
};

/// The state of one running transfer; owned by the event loop, reachable from curl through CURLOPT_PRIVATE.
struct Transfer {
    std::uint64_t id = 0;
    CURL* easy = nullptr;
    curl_slist* header_list = nullptr;
    curl_slist* connect_to = nullptr;
    FetchRequest request;
    FetchResult result;
    std::function<void(FetchResult)> done;
    std::uint64_t max_body_bytes = 0;
    const AddressPolicy* addresses = nullptr; ///< the ClientOptions' policy, which outlives every transfer
    bool body_too_large = false;
    bool body_started = false;
    std::uint64_t expected_body_bytes = 0; ///< Content-Length of the response, 0 when not announced ///< a body byte arrived (an error before it is about the headers)
    bool private_refused = false;
    bool cancelled = false;
    std::int64_t started_ms = 0;
    char error_buffer[CURL_ERROR_SIZE] = {};

    Transfer() = default;
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;
    ~Transfer();
};

/// Creates the easy handle of `transfer` from `options` and its request. Returns false (with
/// transfer.result filled) when curl refuses an option.
bool setup_transfer(Transfer& transfer, const ClientOptions& options);

/// Fills transfer.result after curl finished with `code`.
void finish_transfer(Transfer& transfer, CURLcode code);

} // namespace newsarc::crawl::fetch
