// Easy-handle setup and the libcurl callbacks of one transfer. Callbacks are noexcept shims: they touch only
// their Transfer and never call curl_multi_*.
#include "fetch/transfer.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <chrono>
#include <cstring>
#include <string_view>

namespace newsarc::crawl::fetch {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n')) {
        text.remove_suffix(1);
    }
    return text;
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

size_t write_body(char* data, size_t size, size_t count, void* user) noexcept {
    auto* transfer = static_cast<Transfer*>(user);
    const size_t bytes = size * count;
    transfer->body_started = true;
    try {
        // The limit counts decompressed bytes: a small gzip bomb is cut off here.
        if (transfer->result.body.size() + bytes > transfer->max_body_bytes) {
            transfer->body_too_large = true;
            transfer->result.body_bytes = transfer->result.body.size() + bytes;
            return 0;
        }
        if (transfer->result.body.empty() && transfer->expected_body_bytes > bytes) {
            // The announced length, up to the limit: a large body grows once instead of doubling (a 10 MB page
            // held up to 16 MB of string).
            transfer->result.body.reserve(
                static_cast<std::size_t>(std::min(transfer->expected_body_bytes, transfer->max_body_bytes)));
        }
        transfer->result.body.append(data, bytes);
        return bytes;
    } catch (...) {
        return 0;
    }
}

size_t write_header(char* data, size_t size, size_t count, void* user) noexcept {
    auto* transfer = static_cast<Transfer*>(user);
    const size_t bytes = size * count;
    try {
        const std::string_view line(data, bytes);
        FetchResult& result = transfer->result;
        if (line.substr(0, 5) == "HTTP/") {
            // A new response (after a redirect or a 100 Continue): only the last one's headers count.
            result.headers.clear();
            result.content_type.clear();
            result.etag.clear();
            result.last_modified.clear();
            result.retry_after.clear();
            result.body.clear();
            transfer->expected_body_bytes = 0;
            return bytes;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            return bytes;
        }
        const std::string_view name = trim(line.substr(0, colon));
        const std::string_view value = trim(line.substr(colon + 1));
        result.headers.append(name).append(": ").append(value).append("\n");
        if (iequals(name, "content-length")) {
            std::uint64_t length = 0;
            const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
            transfer->expected_body_bytes = error == std::errc() && end == value.data() + value.size() ? length : 0;
        }
        if (iequals(name, "content-type")) {
            result.content_type = value;
        } else if (iequals(name, "etag")) {
            result.etag = value;
        } else if (iequals(name, "last-modified")) {
            result.last_modified = value;
        } else if (iequals(name, "retry-after")) {
            result.retry_after = value;
        }
        return bytes;
    } catch (...) {
        return 0;
    }
}

curl_socket_t open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) noexcept {
    auto* transfer = static_cast<Transfer*>(user);
    // Checked on the address curl is about to connect to, after DNS and CONNECT_TO: a name that resolves
    // to 127.0.0.1 is refused as surely as the literal.
    if (purpose == CURLSOCKTYPE_IPCXN && !transfer->addresses->allows(&address->addr)) {
        transfer->private_refused = true;
        return CURL_SOCKET_BAD;
    }
    return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

} // namespace

Transfer::~Transfer() {
    if (easy != nullptr) {
        curl_easy_cleanup(easy);
    }
    curl_slist_free_all(header_list);
    curl_slist_free_all(connect_to);
}

bool setup_transfer(Transfer& transfer, const ClientOptions& options) {
    transfer.easy = curl_easy_init();
    transfer.max_body_bytes = options.max_body_bytes;
    transfer.addresses = &options.addresses;
    transfer.started_ms = now_ms();
    CURL* easy = transfer.easy;
    if (easy == nullptr) {
        transfer.result.outcome = FetchOutcome::other;
        transfer.result.error = "curl_easy_init failed";
        return false;
    }
    const FetchRequest& request = transfer.request;
    for (const auto& entry : options.connect_to) {
        transfer.connect_to = curl_slist_append(transfer.connect_to, entry.c_str());
    }
    transfer.header_list = curl_slist_append(transfer.header_list,
                                             "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    transfer.header_list = curl_slist_append(transfer.header_list, "Accept-Language: zh-CN,zh;q=0.9,en;q=0.6");
    if (!request.if_none_match.empty()) {
        transfer.header_list =
            curl_slist_append(transfer.header_list, ("If-None-Match: " + request.if_none_match).c_str());
    }
    if (!request.if_modified_since.empty()) {
        transfer.header_list =
            curl_slist_append(transfer.header_list, ("If-Modified-Since: " + request.if_modified_since).c_str());
    }
    std::string_view extra = request.headers;
    while (!extra.empty()) {
        const auto end = extra.find('\n');
        const std::string_view line = trim(extra.substr(0, end));
        extra = end == std::string_view::npos ? std::string_view() : extra.substr(end + 1);
        if (!line.empty() && line.find(':') != std::string_view::npos) {
            transfer.header_list = curl_slist_append(transfer.header_list, std::string(line).c_str());
        }
    }

    CURLcode code = CURLE_OK;
    auto set = [&](CURLoption option, auto value) {
        if (code == CURLE_OK) {
            code = curl_easy_setopt(easy, option, value);
        }
    };
    set(CURLOPT_URL, request.url.c_str());
    set(CURLOPT_PRIVATE, static_cast<void*>(&transfer));
    set(CURLOPT_ERRORBUFFER, transfer.error_buffer);
    set(CURLOPT_NOSIGNAL, 1L);
    set(CURLOPT_PROTOCOLS_STR, "http,https");
    set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    set(CURLOPT_FOLLOWLOCATION, request.follow_redirects ? 1L : 0L);
    set(CURLOPT_MAXREDIRS, kMaxCurlRedirects);
    set(CURLOPT_USERAGENT, options.user_agent.c_str());
    set(CURLOPT_ACCEPT_ENCODING, "");
    set(CURLOPT_HTTP_VERSION, options.http2 ? static_cast<long>(CURL_HTTP_VERSION_2TLS)
                                            : static_cast<long>(CURL_HTTP_VERSION_1_1));
    set(CURLOPT_PIPEWAIT, 1L);
    set(CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
    set(CURLOPT_TIMEOUT_MS, options.timeout_ms);
    set(CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes);
    set(CURLOPT_LOW_SPEED_TIME, options.low_speed_s);
    set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_body_bytes));
    set(CURLOPT_BUFFERSIZE, 65536L);
    set(CURLOPT_TCP_KEEPALIVE, 1L);
    set(CURLOPT_WRITEFUNCTION, &write_body);
    set(CURLOPT_WRITEDATA, static_cast<void*>(&transfer));
    set(CURLOPT_HEADERFUNCTION, &write_header);
    set(CURLOPT_HEADERDATA, static_cast<void*>(&transfer));
    set(CURLOPT_OPENSOCKETFUNCTION, &open_socket);
    set(CURLOPT_OPENSOCKETDATA, static_cast<void*>(&transfer));
    set(CURLOPT_HTTPHEADER, transfer.header_list);
    if (transfer.connect_to != nullptr) {
        set(CURLOPT_CONNECT_TO, transfer.connect_to);
    }
    if (!options.ca_file.empty()) {
        set(CURLOPT_CAINFO, options.ca_file.c_str());
    }
    if (request.method == "POST") {
        set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        set(CURLOPT_COPYPOSTFIELDS, request.body.c_str());
    } else if (!request.method.empty() && request.method != "GET") {
        set(CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    if (code != CURLE_OK) {
        transfer.result.outcome = FetchOutcome::other;
        transfer.result.error = std::string("curl refused an option: ") + curl_easy_strerror(code);
        return false;
    }
    return true;
}

void finish_transfer(Transfer& transfer, CURLcode code) {
    FetchResult& result = transfer.result;
    CURL* easy = transfer.easy;
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    result.http_status = static_cast<int>(status);
    char* url = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url != nullptr) {
        result.final_url = url;
    }
    char* ip = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr) {
        result.remote_ip = ip;
    }
    curl_easy_getinfo(easy, CURLINFO_REDIRECT_COUNT, &result.redirects);
    char* location = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location != nullptr) {
        result.redirect_url = location;
    }
    result.duration_ms = now_ms() - transfer.started_ms;
    if (!transfer.body_too_large) {
        result.body_bytes = result.body.size();
    }
    const std::string message = transfer.error_buffer[0] != '\0' ? transfer.error_buffer : curl_easy_strerror(code);
    result.outcome = FetchOutcome::other;
    switch (code) {
    case CURLE_OK: result.outcome = FetchOutcome::ok; break;
    case CURLE_OPERATION_TIMEDOUT:
        result.outcome = message.rfind("Operation too slow", 0) == 0 ? FetchOutcome::low_speed
                                                                     : FetchOutcome::timeout;
        break;
    case CURLE_COULDNT_CONNECT:
        result.outcome = transfer.private_refused ? FetchOutcome::private_address : FetchOutcome::connect;
        break;
    case CURLE_COULDNT_RESOLVE_HOST: result.outcome = FetchOutcome::dns; break;
    case CURLE_PARTIAL_FILE: result.outcome = FetchOutcome::truncated_body; break;
    case CURLE_OUT_OF_MEMORY:
        // curl 7.88 refuses a header line over its 100 KB limit with "out of memory" (its header buffer has a
        // maximum size): before the first body byte, that is what it means.
        result.outcome = transfer.body_started ? FetchOutcome::other : FetchOutcome::header_too_large;
        break;
    case CURLE_RECV_ERROR:
        // Later curl versions report a too large header block as a receive error with that message.
        result.outcome = !transfer.body_started && message.find("header") != std::string::npos
                             ? FetchOutcome::header_too_large
                             : FetchOutcome::connection_reset;
        break;
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: result.outcome = FetchOutcome::connection_reset; break;
    case CURLE_TOO_MANY_REDIRECTS: result.outcome = FetchOutcome::too_many_redirects; break;
    case CURLE_FILESIZE_EXCEEDED: result.outcome = FetchOutcome::too_large; break;
    case CURLE_WRITE_ERROR:
        result.outcome = transfer.body_too_large ? FetchOutcome::too_large : FetchOutcome::other;
        break;
    case CURLE_UNSUPPORTED_PROTOCOL: result.outcome = FetchOutcome::unsupported_scheme; break;
    case CURLE_BAD_CONTENT_ENCODING: result.outcome = FetchOutcome::bad_encoding; break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR: result.outcome = FetchOutcome::tls; break;
    default: break;
    }
    if (transfer.private_refused && result.outcome != FetchOutcome::ok) {
        result.outcome = FetchOutcome::private_address;
    }
    if (result.outcome == FetchOutcome::too_large) {
        result.error = "body larger than " + std::to_string(transfer.max_body_bytes) + " bytes (after decompression)";
        result.body.clear();
    } else if (result.outcome == FetchOutcome::header_too_large) {
        result.error = "a response header over curl's limit (" + message + ")";
    } else if (result.outcome == FetchOutcome::private_address) {
        result.error = "refused to connect to a private, loopback or link-local address (network.allow_private)";
    } else if (result.outcome != FetchOutcome::ok) {
        result.error = message;
    }
}

} // namespace newsarc::crawl::fetch
