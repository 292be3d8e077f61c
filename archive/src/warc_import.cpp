// import_warc: HTTP response records of a WARC file back into the archive as captures, linked to their
// document when newsarc's metadata record follows them.
#include <algorithm>
#include <optional>
#include <unordered_set>

#include "capture_rows.hpp"
#include "hashing.hpp"
#include "newsarc/archive/warc.hpp"
#include "warc_format.hpp"
#include "warc_http.hpp"
#include "warc_reader.hpp"

namespace newsarc::archive {
namespace {

/// A response read but not yet stored: the metadata record naming it may come next.
struct PendingCapture {
    std::string record_id;
    std::string where;
    std::string target;
    TimePoint fetched_at{};
    detail::HttpResponse response;
};

/// What newsarc's metadata record says of a capture.
struct CaptureMetadata {
    std::string doc_id;
    std::string doc_url;
    std::string site;
    std::string requested_url;
    std::string redirect_to;
};

bool is_doc_id(std::string_view text) noexcept {
    return text.size() == 16 &&
           text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

/// The fields of an application/warc-fields block that matter here.
CaptureMetadata read_metadata(std::string_view block) {
    CaptureMetadata metadata;
    while (!block.empty()) {
        const std::size_t end = block.find('\n');
        std::string_view line = block.substr(0, end);
        block.remove_prefix(end == std::string_view::npos ? block.size() : end + 1);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const std::string_view name = detail::trim_blanks(line.substr(0, colon));
        const std::string value(detail::trim_blanks(line.substr(colon + 1)));
        if (name == "newsarc-doc-id") {
            metadata.doc_id = value;
        } else if (name == "newsarc-doc-url") {
            metadata.doc_url = value;
        } else if (name == "newsarc-site") {
            metadata.site = value;
        } else if (name == "newsarc-requested-url") {
            metadata.requested_url = value;
        } else if (name == "newsarc-redirect-to") {
            metadata.redirect_to = value;
        }
    }
    return metadata;
}

/// The target of a Location header when it is an absolute http(s) URL, as sent; else empty. A relative Location
/// ("/a", "//host/a", "a.html") is left out on purpose: resolving it against the request URL needs a URL parser,
/// which the archive does not have (URLs are core's business), so such a hop keeps an empty redirect_to, as a
/// redirect whose target the crawl did not know.
std::string absolute_http_location(std::string_view location) {
    std::size_t authority = 0;
    if (location.size() > 7 && detail::equals_ignoring_case(location.substr(0, 7), "http://")) {
        authority = 7;
    } else if (location.size() > 8 && detail::equals_ignoring_case(location.substr(0, 8), "https://")) {
        authority = 8;
    } else {
        return {};
    }
    if (location.size() == authority || std::string_view("/?#").find(location[authority]) != std::string_view::npos) {
        return {}; // no host
    }
    for (const char c : location) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) {
            return {}; // not one URL
        }
    }
    return std::string(location);
}

/// The statuses whose Location names where the page is. 304 (not modified), 305 (a proxy) and 306 (unused) are
/// 3xx without a redirect target.
bool is_redirect(int status) noexcept {
    return status == 300 || status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/// True when a metadata record names `record_id` as the record it is about.
bool refers_to(const detail::WarcHeader& header, std::string_view record_id) {
    for (const auto& [name, value] : header.fields) {
        if ((detail::equals_ignoring_case(name, "WARC-Refers-To") ||
             detail::equals_ignoring_case(name, "WARC-Concurrent-To")) &&
            value == record_id) {
            return true;
        }
    }
    return false;
}

/// True when a response record holds an HTTP message (not, say, a DNS answer).
bool holds_http(const detail::WarcHeader& header, std::string_view block) {
    const std::string_view type = header.get("Content-Type");
    return type.size() >= 16 ? detail::equals_ignoring_case(type.substr(0, 16), "application/http")
                             : block.starts_with("HTTP/");
}

class Importer {
public:
    Importer(Store& store, const std::filesystem::path& file, const WarcImportOptions& options)
        : store_(store), file_(file), batch_(std::max<std::size_t>(options.batch, 1)), rows_(store.path()) {}

    WarcImportReport run() {
        detail::WarcReader reader(file_);
        reader.read([this](const detail::WarcRecordView& record) { on_record(record); },
                    [this](const std::string& message) { report_.problems.push_back(message); });
        flush(std::nullopt);
        if (transaction_) {
            transaction_->commit();
            transaction_.reset();
        }
        return std::move(report_);
    }

private:
    void on_record(const detail::WarcRecordView& record) {
        ++report_.records;
        const std::string_view type = record.header.get("WARC-Type");
        if (pending_ && refers_to(record.header, pending_->record_id)) {
            // Some writers put the request after its response: the metadata may still follow.
            if (detail::equals_ignoring_case(type, "metadata")) {
                flush(read_metadata(record.block));
            }
            return;
        }
        flush(std::nullopt);
        if (!detail::equals_ignoring_case(type, "response") || !holds_http(record.header, record.block)) {
            return;
        }
        ++report_.responses;
        const auto bad = [&](const std::string& what) {
            report_.problems.push_back(file_.string() + ": " + std::string(record.where) + ": " + what +
                                       " - skipped");
        };
        std::string_view target = record.header.get("WARC-Target-URI");
        if (target.size() >= 2 && target.front() == '<' && target.back() == '>') {
            target = target.substr(1, target.size() - 2); // WARC/1.0 wrote the URI in angle brackets
        }
        if (target.empty()) {
            bad("the response record has no WARC-Target-URI");
            return;
        }
        const auto date = detail::parse_warc_date(record.header.get("WARC-Date"));
        if (!date) {
            bad("WARC-Date '" + detail::field_value(record.header.get("WARC-Date")) +
                "' is not a date and time with a zone");
            return;
        }
        auto response = detail::parse_http_response(record.block, detail::WarcReader::kMaxRecordBytes);
        if (!response) {
            bad(response.error().message);
            return;
        }
        pending_ = PendingCapture{std::string(record.header.get("WARC-Record-ID")), std::string(record.where),
                                  std::string(target), *date, std::move(response.value())};
    }

    /// Stores the pending response, if any, with what its metadata record says.
    void flush(const std::optional<CaptureMetadata>& metadata) {
        if (!pending_) {
            return;
        }
        PendingCapture pending = std::move(*pending_);
        pending_.reset();
        CaptureInput capture;
        capture.url = pending.target;
        if (metadata && !metadata->requested_url.empty() && metadata->requested_url != pending.target) {
            capture.url = metadata->requested_url;
            capture.final_url = pending.target;
        }
        capture.http_status = pending.response.status;
        capture.headers = std::move(pending.response.headers);
        capture.fetched_at = pending.fetched_at;
        capture.content_type = std::move(pending.response.content_type);
        capture.etag = std::move(pending.response.etag);
        capture.last_modified = std::move(pending.response.last_modified);
        capture.body = pending.response.body;
        // newsarc's own metadata gives the target as the crawl stored it (normalised, even for a relative
        // Location); another tool's WARC has only the Location header.
        if (metadata && !metadata->redirect_to.empty()) {
            capture.redirect_to = metadata->redirect_to;
        } else if (is_redirect(capture.http_status)) {
            capture.redirect_to = absolute_http_location(pending.response.location);
        }

        const std::int64_t fetched_ms = to_unix_ms(capture.fetched_at);
        std::string hash;
        if (!capture.body.empty()) {
            const detail::Hash128 digest = detail::hash_bytes(capture.body);
            hash.assign(digest.data(), digest.size());
        }
        std::string key = capture.url + '\n' + std::to_string(fetched_ms) + '\n' +
                          std::to_string(capture.http_status) + '\n' + hash;
        if (imported_.contains(key) || rows_.contains(capture.url, fetched_ms, capture.http_status, hash)) {
            ++report_.already_archived;
            return;
        }
        if (!transaction_) {
            transaction_.emplace(store_);
        }
        if (metadata && !metadata->doc_id.empty()) {
            if (is_doc_id(metadata->doc_id)) {
                store_.ensure_document(metadata->doc_id,
                                       metadata->doc_url.empty() ? capture.url : metadata->doc_url, metadata->site);
                capture.doc_id = metadata->doc_id;
            } else {
                report_.problems.push_back(file_.string() + ": " + pending.where + ": newsarc-doc-id '" +
                                           detail::field_value(metadata->doc_id) + "' is not 16 lower-case hex "
                                           "digits - the capture is imported without a document");
            }
        }
        store_.put_capture(capture);
        imported_.insert(std::move(key));
        ++report_.imported;
        if (++in_batch_ >= batch_) {
            transaction_->commit();
            transaction_.reset();
            in_batch_ = 0;
        }
    }

    Store& store_;
    std::filesystem::path file_;
    std::size_t batch_;
    detail::CaptureRows rows_;
    WarcImportReport report_;
    std::optional<PendingCapture> pending_;
    std::optional<Store::Transaction> transaction_;
    std::size_t in_batch_ = 0;
    std::unordered_set<std::string> imported_; ///< captures added by this run, not yet visible to rows_
};

} // namespace

WarcImportReport import_warc(Store& store, const std::filesystem::path& file, const WarcImportOptions& options) {
    return Importer(store, file, options).run();
}

} // namespace newsarc::archive
