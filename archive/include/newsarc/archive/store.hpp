// Store: one newsarc archive file (SQLite, WAL). Documents, their captures (raw pages, stored once per distinct
// content), numbered versions of their cleaned text, snapshots, the fetch log and job runs.
#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/archive/error.hpp"
#include "newsarc/archive/records.hpp"
#include "newsarc/archive/time.hpp"

namespace newsarc::archive {

/// How to open an archive.
enum class OpenMode : std::uint8_t {
    read_write = 1, ///< create the file if missing, migrate an older schema in place
    read_only = 2,  ///< never writes the database file (fails with `io` when it does not exist)
};

/// Tuning knobs; the defaults suit both the CLI and a crawl.
struct OpenOptions {
    OpenMode mode = OpenMode::read_write;
    int busy_timeout_ms = 10000; ///< how long a statement waits for another process's lock before `busy`
    /// zstd level for version bodies (with the archive's trained dictionary). 3, not 7: on 5 KB Chinese news
    /// bodies level 7 costs 5.2x the instructions (1.49 M vs 287 K per body, callgrind) for 8% less space
    /// (39.2% vs 42.6% of the text), and every import and every crawled article pays it.
    int text_level = 3;
    /// zstd level for raw capture bodies. 3, not 7: a crawl stores every page it fetches, and on real 50-150 KB
    /// news pages level 7 compresses 3x slower (30 vs 100 MB/s, one core) for 7% less space.
    int page_level = 3;
    bool create = true;          ///< read_write only: false refuses a missing file (`io`) instead of creating it
};

/// Which version of each document a scan (export) sees.
struct Selection {
    std::string snapshot;                 ///< non-empty: the versions frozen in this snapshot
    std::optional<TimePoint> as_of;       ///< else, when set: the latest version created at or before this time
                                          ///< (documents gone by then are left out); else: the latest version
    std::string site;                     ///< non-empty: only documents of this site
    std::optional<double> min_topic_score;///< only versions whose topic_score >= this (unscored ones are left out)
    bool dedup = false;                   ///< one document per near-duplicate cluster: the one whose site is the
                                          ///< source a member names, else the earliest
};

/// One selected document version, as a scan hands it out. Every view points into buffers owned by the scan
/// and is valid only during the callback; copy what must outlive it.
struct VersionView {
    std::int64_t order = 0; ///< document insertion order
    std::string_view doc_id;
    std::string_view url;
    std::string_view site;
    int number = 0;
    std::string_view title;
    std::string_view author;
    std::string_view source;
    std::string_view published_at;
    std::string_view body;
    std::string_view plugin;
    std::string_view plugin_version;
    std::string_view content_hash;        ///< 32 hex digits
    std::string_view extra_json;          ///< empty when none
    TimePoint created_at{};
    std::optional<TimePoint> fetched_at;  ///< of the capture it came from; nullopt for imported text
    std::optional<double> topic_score;
    bool paywalled = false;
};

/// An open archive. Not thread-safe: one Store per thread. Several processes may use the same file: readers
/// (also read-only stores) see committed data while another process writes (WAL), and writers wait up to
/// busy_timeout_ms for each other.
///
/// Errors: every failure throws ArchiveError naming the file. Opening refuses, without modifying the file,
/// a file that is not SQLite or not a newsarc archive (`not_archive`; recognised by PRAGMA application_id),
/// a damaged one (`corrupt`, also raised later whenever SQLite meets a damaged page), and one written by a
/// newer newsarc (`newer_schema`, naming both schema versions). An older schema is migrated in place, in one
/// transaction.
///
/// Writes outside a Transaction each commit on their own (slow for bulk work): batch them.
class Store {
public:
    /// Opens (read_write: creates if missing) the archive at `path`. Throws ArchiveError.
    static Store open(const std::filesystem::path& path, const OpenOptions& options = {});
    /// Shorthand for open(path, {mode}).
    static Store open(const std::filesystem::path& path, OpenMode mode);

    Store(Store&& other) noexcept;
    Store& operator=(Store&& other) noexcept;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    ~Store();

    [[nodiscard]] const std::filesystem::path& path() const noexcept;
    [[nodiscard]] bool read_only() const noexcept;
    /// The schema version of this build (the highest archive/schema/NNNN_*.sql).
    [[nodiscard]] static int latest_schema_version() noexcept;

    // ---- batching ----------------------------------------------------------------------------------------

    /// A write transaction (BEGIN IMMEDIATE): commit() makes every write since construction durable at once;
    /// destruction without commit() rolls them all back. A Transaction opened while another is open is a
    /// savepoint inside it: its commit() keeps its writes for the outer one to commit, its rollback undoes only
    /// its own. Inner ones end before outer ones (scoped use).
    class Transaction {
    public:
        explicit Transaction(Store& store);
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;
        ~Transaction();
        void commit();

    private:
        Store* store_;
        int depth_ = 0; ///< 0: the outermost (BEGIN ... COMMIT); n > 0: savepoint n inside it
        bool done_ = false;
    };

    /// Runs `work` inside one Transaction and commits it; an exception from `work` rolls back (only `work`'s
    /// writes, when an outer Transaction is open) and propagates.
    template <typename Work>
    void batch(Work&& work) {
        Transaction transaction(*this);
        std::forward<Work>(work)();
        transaction.commit();
    }

    /// True while a Transaction of this Store is open.
    [[nodiscard]] bool in_transaction() const noexcept;

    // ---- writes (throw ArchiveError{read_only} on a read-only store) -----------------------------------------

    /// Makes sure the document exists. A new one gets the next insertion order and first_seen = now. For an
    /// existing one, an empty stored url or site is filled in; otherwise nothing changes. Returns true when
    /// the document was created. `doc_id` must be 16 lower-case hex digits (`invalid` otherwise).
    bool ensure_document(std::string_view doc_id, std::string_view url, std::string_view site);

    /// Stores one HTTP response; returns its capture id. The body is stored zstd-compressed once per distinct
    /// content (XXH3-128): a re-fetch of an unchanged page adds a capture row, not a second body.
    /// A non-empty doc_id must name an existing document (`not_found`).
    std::int64_t put_capture(const CaptureInput& capture);

    /// Adds a new version when the content (title, author, source, published_at, body) differs from the
    /// document's latest version; otherwise writes nothing and returns {false, latest number}. Versions are
    /// numbered 1, 2, ... per document. A new version clears the document's gone mark. When a simhash is given
    /// the document joins the near-duplicate cluster of a document whose latest simhash is within Hamming
    /// distance 3, else it starts its own. The document must exist (`not_found`).
    PutVersionResult put_version(const VersionInput& version);

    /// Marks a document as gone (404/410 or removed) at `when`; it stays in the archive and its history.
    void mark_gone(std::string_view doc_id, TimePoint when);

    /// Appends one fetch outcome to the fetch log.
    void record_fetch(const FetchLogEntry& entry);

    /// Records one job run; returns its id.
    std::int64_t record_run(const RunRecord& run);

    // ---- reads ------------------------------------------------------------------------------------------------

    /// The ETag / Last-Modified of the latest capture of `url` (matched against url and final_url), if any.
    std::optional<Validators> last_validators(std::string_view url);

    /// The newest 2xx capture with a body of each URL, fetched in [since, until] (either open): the first `limit`
    /// of them with an id above `after_id`, oldest first (what `newsarc reextract` reads, a page at a time: pass
    /// the last id seen). An empty answer means there are no more.
    std::vector<StoredPage> latest_captures(std::optional<TimePoint> since, std::optional<TimePoint> until,
                                            std::int64_t after_id, std::size_t limit);

    /// Stores what run `run_id` (of record_run) saw of each site.
    void record_site_health(const std::vector<SiteHealthRecord>& records);

    /// The health records of `site` (all sites when empty), newest run first; at most `limit` per site (0 = all).
    std::vector<SiteHealthRecord> site_health(std::string_view site = {}, std::size_t limit = 0);

    /// Job runs, newest first; at most `limit` (0 = all), optionally only those of `job`.
    std::vector<RunRecord> list_runs(std::size_t limit = 0, std::string_view job = {});

    /// Streams the documents that are not gone, have a URL and a version, and were last fetched before
    /// `published + horizon` (older ones have had their last revisit), to `visit`. Memory does not grow with
    /// the archive.
    void revisit_candidates(std::chrono::milliseconds horizon,
                            const std::function<void(const RevisitCandidate&)>& visit);

    /// The document with this 16-hex id, or else the one whose url is `id_or_url`; nullopt when none.
    std::optional<DocumentInfo> find_document(std::string_view id_or_url);

    /// Every version of a document, oldest first, without bodies. Empty when the document has none.
    std::vector<VersionInfo> history(std::string_view doc_id);

    /// Every capture of a document, oldest first.
    std::vector<CaptureInfo> captures(std::string_view doc_id);

    /// One version with its body; number 0 means the latest. nullopt when there is no such version.
    std::optional<VersionRecord> version(std::string_view doc_id, int number = 0);

    /// The raw body of a capture (decompressed); nullopt when there is no such capture.
    std::optional<std::string> capture_body(std::int64_t capture_id);

    /// Streams the selected version of each document, in document insertion order, to `visit`. Memory use does
    /// not grow with the number of documents. `visit` returns false to stop early. Returns how many were
    /// visited. When `on_total` is given it is first called with the number of documents the scan will visit,
    /// counted in the same read transaction (so the count matches even while another process writes).
    /// An unknown snapshot name throws `not_found`.
    std::int64_t scan(const Selection& selection, const std::function<bool(const VersionView&)>& visit,
                      const std::function<void(std::int64_t)>& on_total = {});

    /// How many documents scan(selection) would visit (one query, no bodies read).
    std::int64_t count(const Selection& selection);

    // ---- snapshots --------------------------------------------------------------------------------------------

    /// Freezes, under `name`, the latest version of every document that is not gone as of `as_of` (default:
    /// now), taking versions created at or before `as_of`. A used name throws `invalid`. Returns the snapshot.
    SnapshotInfo create_snapshot(std::string_view name, std::optional<TimePoint> as_of = std::nullopt);

    /// All snapshots, oldest first.
    std::vector<SnapshotInfo> list_snapshots();

    /// The snapshot called `name`, or nullopt.
    std::optional<SnapshotInfo> find_snapshot(std::string_view name);

    /// What changed from snapshot `a` to snapshot `b` (`not_found` when either is missing). "Changed" means
    /// the frozen versions' content hashes differ.
    SnapshotDiff diff_snapshots(std::string_view a, std::string_view b);

    // ---- maintenance -------------------------------------------------------------------------------------------

    /// Counts and sizes.
    StoreStats stats();

    /// Runs PRAGMA integrity_check (the whole file; slow on big archives); returns the problems, empty when ok.
    std::vector<std::string> check_integrity();

    struct Impl;
    /// The archive's own free functions (search, browse, metrics) reach the connection through this; Impl is
    /// private to archive/src, so callers outside the archive cannot use it.
    [[nodiscard]] Impl& impl() noexcept { return *impl_; }

private:
    friend class ArchiveMerge; // merge.cpp reads raw captures and fetch-log rows of the archives it merges
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace newsarc::archive
