// Reads of the captures table for WARC export and import, on their own read-only connection.
#include "capture_rows.hpp"

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
        "b.raw_size, b.hash, c.headers FROM captures c LEFT JOIN blobs b ON b.id = c.body_blob WHERE c.id = ?1");
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
    return row;
}

bool CaptureRows::contains(std::string_view url, std::int64_t fetched_at_ms, int status, std::string_view body_hash) {
    auto query = database_.cached(
        "SELECT 1 FROM captures c LEFT JOIN blobs b ON b.id = c.body_blob WHERE c.url = ?1 AND c.fetched_at = ?2 "
        "AND c.http_status = ?3 AND (CASE WHEN c.body_blob IS NULL THEN ?4 = x'' ELSE b.hash = ?4 END) LIMIT 1");
    query->bind(1, url).bind(2, fetched_at_ms).bind(3, status).bind_blob(4, body_hash);
    return query->step();
}

} // namespace newsarc::archive::detail
