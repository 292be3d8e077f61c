// The values that go into the archive and come out of it: captures, versions, fetch outcomes, job runs,
// snapshots and statistics. Plain structs; strings are UTF-8; instants are TimePoint (see time.hpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/archive/time.hpp"

namespace newsarc::archive {

/// One HTTP response as fetched (before any extraction). Input of Store::put_capture.
struct CaptureInput {
    std::string doc_id;        ///< 16 hex digits of an existing document, or empty for a non-article page
    std::string url;           ///< the URL requested
    std::string final_url;     ///< after redirects (empty = same as url)
    int http_status = 0;       ///< 200, 304, 404, ...
    std::string headers;       ///< the response headers as text, one "Name: value" per line
    TimePoint fetched_at{};    ///< when the response arrived; the epoch (default) means "now"
    std::string content_type;  ///< e.g. "text/html; charset=utf-8"
    std::string_view body;     ///< the raw body bytes (any encoding); may be empty (e.g. 304)
    std::string etag;          ///< ETag response header, empty when absent
    std::string last_modified; ///< Last-Modified response header, empty when absent
    /// For a 3xx response the crawl did not follow itself: the URL it redirects to (the Location resolved against
    /// `url`, absolute and normalised as the crawl normalises URLs), which the crawl fetches as a capture of its
    /// own. Empty when the response is no redirect, or the redirect was refused before its target was known.
    /// WARC export writes the hops that lead to a capture's URL before that capture (see export_warc).
    std::string redirect_to;
};

/// One extracted (cleaned) state of a document. Input of Store::put_version.
struct VersionInput {
    std::string doc_id;                  ///< 16 hex digits of an existing document (see ensure_document)
    std::string title;
    std::string author;
    std::string source;                  ///< the publisher as the page names it
    std::string published_at;            ///< "YYYY-MM-DDTHH:MM:SS+08:00" (normalize_published_at), or empty
    std::string_view body;               ///< cleaned text, paragraphs separated by "\n\n"
    std::optional<std::int64_t> capture_id; ///< the capture it was extracted from (put_capture's id)
    std::string plugin;                  ///< extractor id, e.g. "guancha"; "import" for `newsarc import`
    std::string plugin_version;          ///< the extractor's content version, e.g. "2026.11.3"
    std::optional<double> topic_score;   ///< relevance to the job's topic, when scored
    std::optional<std::uint64_t> simhash; ///< 64-bit simhash of the body, for near-duplicate clustering
    bool paywalled = false;              ///< the page showed only a teaser
    std::string extra_json;              ///< a JSON object (e.g. {"tags":[...],"canonical_url":"..."}), or empty
    std::optional<TimePoint> created_at; ///< when this state was observed; default: now
};

/// What put_version did.
struct PutVersionResult {
    bool created = false;  ///< false: the content equals the latest version, nothing was written
    int number = 0;        ///< the new version's number, or the unchanged latest one's
};

/// The outcome of one fetch attempt, kept as data (every URL's outcome is stored, not only logged).
struct FetchLogEntry {
    std::string url;
    std::string host;
    TimePoint at{};            ///< the epoch (default) means "now"
    std::string outcome;       ///< "ok", "not_modified", "http_error", "timeout", "dns", "connect", "tls",
                               ///< "too_large", "robots_denied", "private_address", "charset", "extract_miss", ...
    int http_status = 0;       ///< 0 when no response arrived
    std::string detail;        ///< human-readable detail (curl's message, the extractor's error, ...)
    int attempt = 1;           ///< 1 for the first try
    std::int64_t bytes = 0;    ///< body bytes received
    std::int64_t duration_ms = 0;
    std::string doc_id;        ///< the document the URL belongs to, when known
};

/// A document a crawl may revisit to catch edits and deletions (Store::revisit_candidates).
struct RevisitCandidate {
    std::string doc_id;
    std::string url;
    TimePoint published{};    ///< the latest version's publish time, else when the document was first seen
    TimePoint last_fetched{}; ///< its latest capture
};

/// The validators of the latest capture of a URL, for a conditional re-fetch (If-None-Match / If-Modified-Since).
struct Validators {
    std::string etag;          ///< empty when the server sent none
    std::string last_modified; ///< empty when the server sent none
    std::int64_t capture_id = 0;
    TimePoint fetched_at{};
};

/// One run of a job (crawl, re-extract, export ...), as recorded by record_run.
struct RunRecord {
    std::int64_t id = 0;        ///< assigned by record_run
    std::string job;            ///< the job name, e.g. "daily-ai"
    TimePoint started{};
    TimePoint ended{};
    std::string counters_json;  ///< a JSON object of counters, e.g. {"fetched":120,"new_versions":7}
    int exit_status = 0;
};

/// A raw capture to extract again (Store::latest_captures).
struct StoredPage {
    std::int64_t capture_id = 0;
    std::string url;          ///< the URL fetched
    std::string final_url;    ///< after redirects curl followed (older captures), or ""
    std::string document_url; ///< the URL of the document it was archived under, or "" (not an article then)
    std::string content_type;
    TimePoint fetched_at{};
};

/// What one job run saw of one site (schema 4): input of Store::record_site_health, output of site_health.
struct SiteHealthRecord {
    std::int64_t run_id = 0;
    std::string site;        ///< a plugin id, or a host the generic extractor served
    std::string job;
    TimePoint at{};          ///< the run's start
    std::string counts_json; ///< a JSON object of counters
};

/// A document as the archive knows it.
struct DocumentInfo {
    std::int64_t order = 0;     ///< insertion order (1, 2, ...): export order
    std::string doc_id;
    std::string url;
    std::string site;
    TimePoint first_seen{};
    std::optional<TimePoint> gone_at;
    int latest_version = 0;     ///< 0 while the document has no version
    std::optional<std::int64_t> cluster_id; ///< near-duplicate cluster (the order of its first member)
};

/// One version's metadata (history); the body is read separately (Store::version).
struct VersionInfo {
    int number = 0;
    TimePoint created_at{};
    std::string title;
    std::string author;
    std::string source;
    std::string published_at;
    std::string content_hash;   ///< 32 hex digits (XXH3-128 over title, author, source, published_at, body)
    std::optional<std::int64_t> capture_id;
    std::string plugin;
    std::string plugin_version;
    std::optional<double> topic_score;
    std::optional<std::uint64_t> simhash;
    bool paywalled = false;
    std::string extra_json;
    std::int64_t body_bytes = 0; ///< size of the body text
};

/// A version with its body text.
struct VersionRecord {
    VersionInfo info;
    std::string body;
};

/// One capture's metadata (history).
struct CaptureInfo {
    std::int64_t id = 0;
    std::string url;
    std::string final_url;
    int http_status = 0;
    TimePoint fetched_at{};
    std::string content_type;
    std::string etag;
    std::string last_modified;
    std::int64_t body_bytes = 0;  ///< raw size of the body
    std::string body_hash;        ///< 32 hex digits (XXH3-128 of the raw body); empty for an empty body
    std::string redirect_to;      ///< the redirect target of a 3xx capture (CaptureInput::redirect_to), else empty
};

/// A named, frozen selection: document -> version number as it was at `as_of`.
struct SnapshotInfo {
    std::string name;
    TimePoint created_at{};
    TimePoint as_of{};
    std::int64_t documents = 0;
};

/// What changed between two snapshots (doc ids, in document insertion order).
struct SnapshotDiff {
    std::vector<std::string> added;    ///< in B, not in A
    std::vector<std::string> changed;  ///< in both, different version content
    std::vector<std::string> removed;  ///< in A, not in B
};

/// Counts and sizes (Store::stats).
struct StoreStats {
    std::int64_t documents = 0;
    std::int64_t gone_documents = 0;
    std::int64_t versions = 0;
    std::int64_t captures = 0;
    std::int64_t blobs = 0;            ///< distinct raw capture bodies
    std::int64_t snapshots = 0;
    std::int64_t fetches = 0;          ///< fetch_log rows
    std::int64_t runs = 0;
    std::vector<std::pair<std::string, std::int64_t>> sites; ///< site -> documents, by site name
    std::int64_t raw_text_bytes = 0;   ///< version bodies, uncompressed
    std::int64_t stored_text_bytes = 0;///< version bodies as stored (compressed)
    std::int64_t raw_page_bytes = 0;   ///< distinct capture bodies, uncompressed
    std::int64_t stored_page_bytes = 0;///< distinct capture bodies as stored
    std::int64_t file_bytes = 0;       ///< the database file (page_count * page_size), WAL excluded
};

} // namespace newsarc::archive
