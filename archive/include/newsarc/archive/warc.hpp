// WARC export and import of the archive's raw captures, so the web-archiving world's tools (replay, indexing,
// warcio, pywb) can read what newsarc fetched, and a WARC file can be read back into an archive.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "newsarc/archive/store.hpp"

namespace newsarc::archive {

/// The file export_warc writes inside its output folder.
inline constexpr const char* kWarcFileName = "newsarc.warc.gz";

struct WarcExportOptions {
    Selection selection;              ///< which documents and versions, exactly as export_corpus selects them
    bool all_captures = false;        ///< false: per document, the capture its selected version was extracted
                                      ///< from; true: every capture of each selected document (older fetches,
                                      ///< 304s, errors), oldest first - for a snapshot or as_of selection only
                                      ///< those fetched by its time (and the selected version's own)
    bool force = false;               ///< write into a non-empty folder (replaces newsarc.warc.gz, nothing else)
    std::string software = "newsarc"; ///< the warcinfo `software` field, e.g. "newsarc/0.1.0"
};

struct WarcExportReport {
    std::filesystem::path file;                 ///< the WARC file written
    std::int64_t documents = 0;                 ///< documents the selection holds
    std::int64_t documents_without_capture = 0; ///< of those, documents with no capture to write (imported text)
    std::int64_t skipped_captures = 0;          ///< captures left out: no three-digit HTTP status to write
    std::int64_t captures = 0;                  ///< captures written, three records each (redirect hops included)
    std::int64_t redirect_captures = 0;         ///< of those, the redirect hops written only because they led to
                                                ///< a selected capture (a hop the selection holds itself, e.g.
                                                ///< with all_captures, counts as selected, not here)
    std::int64_t records = 0;                   ///< records written, the warcinfo record included
    std::int64_t bytes = 0;                     ///< size of the file
};

/// Writes the raw captures of the selected documents as one WARC/1.1 file, `out_dir`/newsarc.warc.gz.
///
/// Layout: a `warcinfo` record first, then per capture (documents in insertion order, a document's captures
/// oldest first) a `request` record rebuilt from the URL (`GET <path> HTTP/1.1` and `Host`; the archive keeps no
/// request headers, so no User-Agent), the `response` record and a `metadata` record (application/warc-fields:
/// newsarc-doc-id, newsarc-doc-url, newsarc-site, and for the capture the selected version was made from
/// newsarc-version, newsarc-plugin, newsarc-plugin-version, newsarc-title; newsarc-requested-url when the
/// response came from a redirect target; newsarc-redirect-to for a redirect). The request carries
/// WARC-Concurrent-To and the metadata WARC-Refers-To naming the response. Every record is its own gzip member, so
/// a record can be read from its offset alone.
///
/// Redirect chains, as Heritrix writes them, so replay tools see how a page was reached: before each capture
/// (of `url` U, fetched at T) come the 3xx captures whose redirect_to is U and that were fetched at or before T
/// (and by the snapshot's or as_of time), the latest per redirecting URL, each preceded in turn by the hops that
/// led to it: the hop furthest from the page first. Each hop is request + response (its status line and its
/// Location as captured) + metadata (its own document's fields, if it has one, and newsarc-redirect-to). At most
/// 10 hops precede one capture; a cycle of redirect_to values ends at the first capture met
/// again. A capture is written once: a hop two pages share comes before the first of them only.
///
/// The response block is `HTTP/1.1 <status> <reason>`, the stored headers and the body. The archive stores
/// bodies decoded (no chunking, no gzip), so Transfer-Encoding and Content-Encoding are dropped and
/// Content-Length is set to the stored body's size: the headers then describe the bytes that follow.
/// WARC-Payload-Digest (`sha1:<base32>` of the body) and WARC-Block-Digest are set on every record that has them.
///
/// Deterministic: record ids are UUIDs derived from the capture (URL, time, status, body digest) and the
/// warcinfo date is the latest capture time (the Unix epoch when there is none), so the same selection of the
/// same archive gives a byte-identical file. Memory grows with the number of captures written (a few hundred
/// bytes each), not with their bodies. The file is written under a temporary name and renamed when complete.
///
/// A non-empty `out_dir` without `force` throws a usage Failure naming the folder; an unknown snapshot throws
/// ArchiveError{not_found}; a file that cannot be written throws Failure naming it.
WarcExportReport export_warc(Store& store, const std::filesystem::path& out_dir, const WarcExportOptions& options);

struct WarcImportOptions {
    std::size_t batch = 1000; ///< captures per transaction
};

struct WarcImportReport {
    std::int64_t records = 0;          ///< well-formed records read, of every type
    std::int64_t responses = 0;        ///< HTTP response records among them
    std::int64_t imported = 0;         ///< captures added to the archive
    std::int64_t already_archived = 0; ///< responses whose capture (URL, time, status, body) the archive held
    std::vector<std::string> problems; ///< one line per bad stretch: "<file>: <where>: <what> - skipped"
};

/// Reads a WARC file (`.warc`, or `.warc.gz` of any number of gzip members; recognised by its first bytes) and
/// puts each HTTP `response` record into the archive as a capture: URL (WARC-Target-URI), time (WARC-Date),
/// status, headers, body. A `metadata` record that follows its response and names it (WARC-Refers-To or
/// WARC-Concurrent-To) with newsarc-doc-id links the capture to that document, created when missing, and
/// newsarc-requested-url restores the URL asked for. redirect_to comes from that record's newsarc-redirect-to, else,
/// for a redirect (300, 301, 302, 303, 307, 308), from the Location header when it is an absolute http(s) URL (a
/// relative one leaves it empty: the archive resolves no URLs), so the hops of an exported redirect chain come back
/// as hops. Other records (warcinfo, request, resource, revisit, ...) are read and skipped. A chunked or
/// gzip/deflate-encoded body is decoded, as newsarc stores bodies.
///
/// Importing the same file again adds nothing: a response whose URL, time, status and body the archive already
/// holds is counted in `already_archived`.
///
/// A damaged record (bad gzip data, a malformed header, a Content-Length that does not fit, a WARC-Block-Digest
/// that does not match, an unreadable HTTP message) is reported in `problems` with the file and byte offset, and
/// reading goes on with the next record. A file that cannot be opened throws Failure naming it; archive failures
/// throw ArchiveError (the current batch is rolled back, earlier ones stay).
WarcImportReport import_warc(Store& store, const std::filesystem::path& file, const WarcImportOptions& options = {});

} // namespace newsarc::archive
