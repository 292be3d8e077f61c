// Reads of the captures table for WARC export and import, on their own read-only connection.
#include "capture_rows.hpp"

#include <algorithm>
#include <tuple>

#include <sqlite3.h>

#include "hashing.hpp"

namespace newsarc::archive::detail {

CaptureRows::CaptureRows(const std::filesystem::path& archive)
    : database_(archive, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX) {
    // The Store may be writing in the same process or another one: wait for its locks as the Store does.
    database_.exec("PRAGMA busy_timeout = 10000", "configuring the connection");
}

std::optional<CaptureRows::Row> CaptureRows::capture(std::int64_t id) {
    auto query = database_.cached(
        "SELECT c.url, c.final_url, c.http_status, c.fetched_at, c.content_type, c.etag, c.last_modified, "
        "b.raw_size, b.hash, c.headers, c.redirect_to, d.doc_id, d.url, d.site FROM captures c "
        "LEFT JOIN blobs b ON b.id = c.body_blob LEFT JOIN documents d ON d.id = c.document_id WHERE c.id = ?1");
    query->bind(1, id);
    if (!query->step()) {
        return std::nullopt;
    }
    Row row;
    row.info.id = id;
    row.info.url = query->text(0);
    row.info.final_url = query->text(1);
    row.info.http_status = query->integer(2);
    row.info.fetched_at = from_unix_ms(query->int64(3));
    row.info.content_type = query->text(4);
    row.info.etag = query->text(5);
    row.info.last_modified = query->text(6);
    row.info.body_bytes = query->is_null(7) ? 0 : query->int64(7);
    row.info.body_hash = to_hex(query->blob(8));
    row.headers = query->text(9);
    row.info.redirect_to = query->text(10);
    if (!query->is_null(11)) {
        row.doc_id = query->text(11);
        row.doc_url = query->text(12);
        row.site = query->text(13);
    }
    return row;
}

std::vector<CaptureRows::Redirect> CaptureRows::redirects_to(std::string_view target, TimePoint fetched_by) {
    // "redirect_to <> ''" lets SQLite use the partial index captures_by_redirect_to (a bound ?1 proves nothing).
    auto query = database_.cached(
        "SELECT id, url, fetched_at FROM captures WHERE redirect_to = ?1 AND redirect_to <> '' AND fetched_at <= ?2 "
        "AND http_status BETWEEN 300 AND 399 ORDER BY url, fetched_at, id");
    query->bind(1, target).bind(2, to_unix_ms(fetched_by));
    std::vector<Redirect> latest;
    while (query->step()) {
        Redirect redirect{query->int64(0), std::string(query->text(1)), from_unix_ms(query->int64(2))};
        // Rows come by URL, then time: a later row of the same URL replaces the earlier one.
        if (!latest.empty() && latest.back().url == redirect.url) {
            latest.back() = std::move(redirect);
        } else {
            latest.push_back(std::move(redirect));
        }
    }
    std::sort(latest.begin(), latest.end(), [](const Redirect& a, const Redirect& b) {
        return std::tie(a.fetched_at, a.url, a.id) < std::tie(b.fetched_at, b.url, b.id);
    });
    return latest;
}

bool CaptureRows::contains(std::string_view url, std::int64_t fetched_at_ms, int status, std::string_view body_hash) {
    auto query = database_.cached(
        "SELECT 1 FROM captures c LEFT JOIN blobs b ON b.id = c.body_blob WHERE c.url = ?1 AND c.fetched_at = ?2 "
        "AND c.http_status = ?3 AND (CASE WHEN c.body_blob IS NULL THEN ?4 = x'' ELSE b.hash = ?4 END) LIMIT 1");
    query->bind(1, url).bind(2, fetched_at_ms).bind(3, status).bind_blob(4, body_hash);
    return query->step();
}

} // namespace newsarc::archive::detail
