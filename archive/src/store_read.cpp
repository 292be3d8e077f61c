// Store reads: documents, history, versions, captures, the streaming scan behind export, snapshots and stats.
#include <chrono>

#include "hashing.hpp"
#include "newsarc/archive/time.hpp"
#include "store_impl.hpp"

namespace newsarc::archive {
namespace {

std::int64_t now_ms() {
    return to_unix_ms(std::chrono::system_clock::now());
}

std::string hex_of(std::string_view bytes) {
    return detail::to_hex(bytes);
}

/// The query pieces of a Selection: FROM + WHERE selecting (d, v) pairs, and the parameters they use.
struct SelectionSql {
    std::string from;  ///< "FROM ... JOIN versions v ..." (documents d, versions v)
    std::string where; ///< "WHERE ..."
    std::optional<std::int64_t> snapshot_id; ///< ?1
    std::optional<std::int64_t> as_of;       ///< ?2
    std::string site;                        ///< ?3
    std::optional<double> min_score;         ///< ?4
    bool dedup = false;

    void bind(detail::Statement& statement) const {
        if (snapshot_id) {
            statement.bind(1, *snapshot_id);
        }
        if (as_of) {
            statement.bind(2, *as_of);
        }
        if (!site.empty()) {
            statement.bind(3, std::string_view(site));
        }
        if (min_score) {
            statement.bind(4, *min_score);
        }
    }
};

constexpr const char* kViewColumns =
    "d.id, d.doc_id, d.url, d.site, v.number, v.title, v.author, v.source, v.published_at, v.body_size, "
    "v.body_codec, v.body_dictionary, v.body, v.plugin, v.plugin_version, v.content_hash, v.extra, v.created_at, "
    "c.fetched_at, v.topic_score, v.paywalled";

std::int64_t snapshot_id(Store::Impl& impl, std::string_view name) {
    auto find = impl.database.cached("SELECT id FROM snapshots WHERE name = ?1");
    find->bind(1, name);
    if (!find->step()) {
        throw ArchiveError(ArchiveErrc::not_found, impl.where() + "no snapshot named '" + std::string(name) +
                                                       "' (see `newsarc snapshot list`)");
    }
    return find->int64(0);
}

SelectionSql selection_sql(Store::Impl& impl, const Selection& selection) {
    SelectionSql sql;
    if (!selection.snapshot.empty()) {
        sql.snapshot_id = snapshot_id(impl, selection.snapshot);
        sql.from = "FROM snapshot_members m JOIN documents d ON d.id = m.document_id "
                   "JOIN versions v ON v.document_id = m.document_id AND v.number = m.number";
        sql.where = "WHERE m.snapshot_id = ?1";
    } else if (selection.as_of) {
        sql.as_of = to_unix_ms(*selection.as_of);
        sql.from = "FROM documents d JOIN versions v ON v.document_id = d.id AND v.number = "
                   "(SELECT max(x.number) FROM versions x WHERE x.document_id = d.id AND x.created_at <= ?2)";
        sql.where = "WHERE (d.gone_at IS NULL OR d.gone_at > ?2)";
    } else {
        sql.from = "FROM documents d JOIN versions v ON v.document_id = d.id AND v.number = d.latest_number";
        sql.where = "WHERE d.gone_at IS NULL";
    }
    if (!selection.site.empty()) {
        sql.site = selection.site;
        sql.where += " AND d.site = ?3";
    }
    if (selection.min_topic_score) {
        sql.min_score = selection.min_topic_score;
        sql.where += " AND v.topic_score >= ?4";
    }
    sql.dedup = selection.dedup;
    return sql;
}

/// Dedup: of each cluster keep the member whose site is a source some member names, else the earliest.
std::string dedup_pick_cte(const SelectionSql& sql) {
    return "WITH sel AS (SELECT d.id AS doc, v.id AS vid, coalesce(d.cluster_id, -d.id) AS grp, d.site AS site, "
           "v.source AS source " +
           sql.from + " " + sql.where +
           "), named AS (SELECT DISTINCT a.doc FROM sel a JOIN sel b ON b.grp = a.grp AND b.source = a.site "
           "WHERE a.site <> ''), "
           "pick AS (SELECT sel.doc, sel.vid, row_number() OVER (PARTITION BY sel.grp ORDER BY "
           "(named.doc IS NOT NULL) DESC, sel.doc) AS rank FROM sel LEFT JOIN named ON named.doc = sel.doc) ";
}

VersionInfo read_version_info(detail::Statement& row) {
    // Columns: number, created_at, title, author, source, published_at, content_hash, capture_id, plugin,
    // plugin_version, topic_score, simhash, paywalled, extra, body_size
    VersionInfo info;
    info.number = row.integer(0);
    info.created_at = from_unix_ms(row.int64(1));
    info.title = row.text(2);
    info.author = row.text(3);
    info.source = row.text(4);
    info.published_at = row.text(5);
    info.content_hash = hex_of(row.blob(6));
    info.capture_id = row.optional_int64(7);
    info.plugin = row.text(8);
    info.plugin_version = row.text(9);
    info.topic_score = row.optional_real(10);
    if (!row.is_null(11)) {
        info.simhash = static_cast<std::uint64_t>(row.int64(11));
    }
    info.paywalled = row.int64(12) != 0;
    info.extra_json = row.text(13);
    info.body_bytes = row.int64(14);
    return info;
}

} // namespace

std::optional<Validators> Store::last_validators(std::string_view url) {
    auto query = impl_->database.cached(
        "SELECT id, etag, last_modified, fetched_at FROM captures WHERE (url = ?1 OR final_url = ?1) "
        "AND (etag <> '' OR last_modified <> '') ORDER BY fetched_at DESC, id DESC LIMIT 1");
    query->bind(1, url);
    if (!query->step()) {
        return std::nullopt;
    }
    Validators validators;
    validators.capture_id = query->int64(0);
    validators.etag = query->text(1);
    validators.last_modified = query->text(2);
    validators.fetched_at = from_unix_ms(query->int64(3));
    return validators;
}

std::vector<RunRecord> Store::list_runs(std::size_t limit, std::string_view job) {
    auto query = impl_->database.cached(
        "SELECT id, job, started_at, ended_at, counters, exit_status FROM runs WHERE (?1 = '' OR job = ?1) "
        "ORDER BY started_at DESC, id DESC LIMIT ?2");
    query->bind(1, job).bind(2, limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
    std::vector<RunRecord> runs;
    while (query->step()) {
        RunRecord run;
        run.id = query->int64(0);
        run.job = query->text(1);
        run.started = from_unix_ms(query->int64(2));
        run.ended = from_unix_ms(query->int64(3));
        run.counters_json = query->text(4);
        run.exit_status = query->integer(5);
        runs.push_back(std::move(run));
    }
    return runs;
}

std::vector<StoredPage> Store::latest_captures(std::optional<TimePoint> since, std::optional<TimePoint> until,
                                               std::int64_t after_id, std::size_t limit) {
    // One short read per call (the statement runs to its end): no read transaction stays open while the caller
    // writes between calls, so another process may write meanwhile.
    auto query = impl_->database.cached(
        "SELECT c.id, c.url, c.final_url, COALESCE(d.url, ''), c.content_type, c.fetched_at FROM captures c "
        "LEFT JOIN documents d ON d.id = c.document_id "
        "WHERE c.id > ?3 AND c.http_status BETWEEN 200 AND 299 AND c.body_blob IS NOT NULL AND c.fetched_at >= ?1 "
        "AND c.fetched_at <= ?2 AND c.id = (SELECT max(n.id) FROM captures n WHERE n.url = c.url AND "
        "n.http_status BETWEEN 200 AND 299 AND n.body_blob IS NOT NULL) ORDER BY c.id LIMIT ?4");
    query->bind(1, since ? to_unix_ms(*since) : std::numeric_limits<std::int64_t>::min());
    query->bind(2, until ? to_unix_ms(*until) : std::numeric_limits<std::int64_t>::max());
    query->bind(3, after_id);
    query->bind(4, static_cast<std::int64_t>(limit));
    std::vector<StoredPage> pages;
    pages.reserve(limit);
    while (query->step()) {
        StoredPage page;
        page.capture_id = query->int64(0);
        page.url = query->text(1);
        page.final_url = query->text(2);
        page.document_url = query->text(3);
        page.content_type = query->text(4);
        page.fetched_at = from_unix_ms(query->int64(5));
        pages.push_back(std::move(page));
    }
    return pages;
}

std::vector<SiteHealthRecord> Store::site_health(std::string_view site, std::size_t limit) {
    // Newest first per site; the window function keeps `limit` runs of each.
    auto query = impl_->database.cached(
        "SELECT run_id, site, job, at, counts FROM (SELECT *, row_number() OVER (PARTITION BY site ORDER BY at DESC, "
        "run_id DESC) AS n FROM site_health WHERE ?1 = '' OR site = ?1) WHERE ?2 < 0 OR n <= ?2 "
        "ORDER BY site, at DESC, run_id DESC");
    query->bind(1, site).bind(2, limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
    std::vector<SiteHealthRecord> records;
    while (query->step()) {
        SiteHealthRecord record;
        record.run_id = query->int64(0);
        record.site = query->text(1);
        record.job = query->text(2);
        record.at = from_unix_ms(query->int64(3));
        record.counts_json = query->text(4);
        records.push_back(std::move(record));
    }
    return records;
}

void Store::revisit_candidates(std::chrono::milliseconds horizon,
                               const std::function<void(const RevisitCandidate&)>& visit) {
    auto query = impl_->database.cached(
        "SELECT d.doc_id, d.url, v.published_at, d.first_seen, "
        "(SELECT max(c.fetched_at) FROM captures c WHERE c.document_id = d.id) "
        "FROM documents d JOIN versions v ON v.document_id = d.id AND v.number = d.latest_number "
        "WHERE d.gone_at IS NULL AND d.url <> '' AND d.latest_number > 0 ORDER BY d.id");
    while (query->step()) {
        RevisitCandidate candidate;
        candidate.published = parse_time(query->text(2)).value_or(from_unix_ms(query->int64(3)));
        candidate.last_fetched = query->is_null(4) ? candidate.published : from_unix_ms(query->int64(4));
        if (candidate.last_fetched >= candidate.published + horizon) {
            continue;
        }
        candidate.doc_id = query->text(0);
        candidate.url = query->text(1);
        visit(candidate);
    }
}

std::optional<DocumentInfo> Store::find_document(std::string_view id_or_url) {
    auto query = impl_->database.cached(
        "SELECT id, doc_id, url, site, first_seen, gone_at, latest_number, cluster_id FROM documents "
        "WHERE doc_id = ?1 UNION ALL "
        "SELECT id, doc_id, url, site, first_seen, gone_at, latest_number, cluster_id FROM documents "
        "WHERE url = ?1 AND url <> '' LIMIT 1");
    query->bind(1, id_or_url);
    if (!query->step()) {
        return std::nullopt;
    }
    DocumentInfo info;
    info.order = query->int64(0);
    info.doc_id = query->text(1);
    info.url = query->text(2);
    info.site = query->text(3);
    info.first_seen = from_unix_ms(query->int64(4));
    if (!query->is_null(5)) {
        info.gone_at = from_unix_ms(query->int64(5));
    }
    info.latest_version = query->integer(6);
    info.cluster_id = query->optional_int64(7);
    return info;
}

std::vector<VersionInfo> Store::history(std::string_view doc_id) {
    auto query = impl_->database.cached(
        "SELECT v.number, v.created_at, v.title, v.author, v.source, v.published_at, v.content_hash, v.capture_id, "
        "v.plugin, v.plugin_version, v.topic_score, v.simhash, v.paywalled, v.extra, v.body_size "
        "FROM versions v JOIN documents d ON d.id = v.document_id WHERE d.doc_id = ?1 ORDER BY v.number");
    query->bind(1, doc_id);
    std::vector<VersionInfo> versions;
    while (query->step()) {
        versions.push_back(read_version_info(*query));
    }
    return versions;
}

std::vector<CaptureInfo> Store::captures(std::string_view doc_id) {
    auto query = impl_->database.cached(
        "SELECT c.id, c.url, c.final_url, c.http_status, c.fetched_at, c.content_type, c.etag, c.last_modified, "
        "b.raw_size, b.hash, c.redirect_to FROM captures c JOIN documents d ON d.id = c.document_id "
        "LEFT JOIN blobs b ON b.id = c.body_blob WHERE d.doc_id = ?1 ORDER BY c.fetched_at, c.id");
    query->bind(1, doc_id);
    std::vector<CaptureInfo> captures;
    while (query->step()) {
        CaptureInfo info;
        info.id = query->int64(0);
        info.url = query->text(1);
        info.final_url = query->text(2);
        info.http_status = query->integer(3);
        info.fetched_at = from_unix_ms(query->int64(4));
        info.content_type = query->text(5);
        info.etag = query->text(6);
        info.last_modified = query->text(7);
        info.body_bytes = query->is_null(8) ? 0 : query->int64(8);
        info.body_hash = hex_of(query->blob(9));
        info.redirect_to = query->text(10);
        captures.push_back(std::move(info));
    }
    return captures;
}

std::optional<VersionRecord> Store::version(std::string_view doc_id, int number) {
    Impl& impl = *impl_;
    auto query = impl.database.cached(
        "SELECT v.number, v.created_at, v.title, v.author, v.source, v.published_at, v.content_hash, v.capture_id, "
        "v.plugin, v.plugin_version, v.topic_score, v.simhash, v.paywalled, v.extra, v.body_size, "
        "v.body_codec, v.body_dictionary, v.body FROM versions v JOIN documents d ON d.id = v.document_id "
        "WHERE d.doc_id = ?1 AND v.number = CASE WHEN ?2 = 0 THEN d.latest_number ELSE ?2 END");
    query->bind(1, doc_id).bind(2, number);
    if (!query->step()) {
        return std::nullopt;
    }
    VersionRecord record;
    record.info = read_version_info(*query);
    const std::string what = "version " + std::to_string(record.info.number) + " of document '" +
                             std::string(doc_id) + "'";
    impl.text_codec.decode(query->integer(15), query->optional_int64(16), query->blob(17), record.info.body_bytes,
                           record.body, what);
    return record;
}

std::optional<std::string> Store::capture_body(std::int64_t capture_id) {
    Impl& impl = *impl_;
    auto query = impl.database.cached(
        "SELECT c.body_blob, b.raw_size, b.codec, b.dictionary_id, b.data FROM captures c "
        "LEFT JOIN blobs b ON b.id = c.body_blob WHERE c.id = ?1");
    query->bind(1, capture_id);
    if (!query->step()) {
        return std::nullopt;
    }
    std::string body;
    if (!query->is_null(0)) {
        impl.page_codec.decode(query->integer(2), query->optional_int64(3), query->blob(4), query->int64(1), body,
                               "the body of capture " + std::to_string(capture_id));
    }
    return body;
}

std::int64_t Store::count(const Selection& selection) {
    Impl& impl = *impl_;
    ReadScope read(impl);
    const SelectionSql sql = selection_sql(impl, selection);
    const std::string text = sql.dedup ? dedup_pick_cte(sql) + "SELECT count(*) FROM pick WHERE rank = 1"
                                       : "SELECT count(*) " + sql.from + " " + sql.where;
    detail::Statement statement(impl.database, text);
    sql.bind(statement);
    const std::int64_t total = statement.step() ? statement.int64(0) : 0;
    statement.reset();
    return total;
}

std::int64_t Store::scan(const Selection& selection, const std::function<bool(const VersionView&)>& visit,
                         const std::function<void(std::int64_t)>& on_total) {
    Impl& impl = *impl_;
    ReadScope read(impl);
    if (on_total) {
        on_total(count(selection));
    }
    const SelectionSql sql = selection_sql(impl, selection);
    std::string text;
    if (sql.dedup) {
        text = dedup_pick_cte(sql) + "SELECT " + kViewColumns +
               " FROM pick JOIN documents d ON d.id = pick.doc JOIN versions v ON v.id = pick.vid "
               "LEFT JOIN captures c ON c.id = v.capture_id WHERE pick.rank = 1 ORDER BY d.id";
    } else {
        text = std::string("SELECT ") + kViewColumns + " " + sql.from +
               " LEFT JOIN captures c ON c.id = v.capture_id " + sql.where + " ORDER BY d.id";
    }
    detail::Statement statement(impl.database, text);
    sql.bind(statement);
    std::string body;
    std::string hash_hex;
    std::int64_t visited = 0;
    while (statement.step()) {
        VersionView view;
        view.order = statement.int64(0);
        view.doc_id = statement.text(1);
        view.url = statement.text(2);
        view.site = statement.text(3);
        view.number = statement.integer(4);
        view.title = statement.text(5);
        view.author = statement.text(6);
        view.source = statement.text(7);
        view.published_at = statement.text(8);
        const std::string_view stored_hash = statement.blob(15);
        const auto what = [&] {
            return "version " + std::to_string(view.number) + " of document '" + std::string(view.doc_id) + "'";
        };
        try {
            impl.text_codec.decode(statement.integer(10), statement.optional_int64(11), statement.blob(12),
                                   statement.int64(9), body, "a version body");
        } catch (const ArchiveError& error) {
            throw ArchiveError(error.code(), std::string(error.what()) + " [" + what() + "]");
        }
        const detail::Hash128 actual =
            detail::content_hash(view.title, view.author, view.source, view.published_at, body);
        if (stored_hash != std::string_view(actual.data(), actual.size())) {
            throw ArchiveError(ArchiveErrc::corrupt, impl.where() + what() +
                                                         " is damaged (its text no longer matches its content hash) "
                                                         "- restore the file from a backup");
        }
        view.body = body;
        view.plugin = statement.text(13);
        view.plugin_version = statement.text(14);
        hash_hex = detail::to_hex(stored_hash);
        view.content_hash = hash_hex;
        view.extra_json = statement.text(16);
        view.created_at = from_unix_ms(statement.int64(17));
        if (!statement.is_null(18)) {
            view.fetched_at = from_unix_ms(statement.int64(18));
        }
        view.topic_score = statement.optional_real(19);
        view.paywalled = statement.int64(20) != 0;
        ++visited;
        if (!visit(view)) {
            break;
        }
    }
    statement.reset();
    return visited;
}

SnapshotInfo Store::create_snapshot(std::string_view name, std::optional<TimePoint> as_of) {
    Impl& impl = *impl_;
    if (name.empty() || name.find_first_of("\n\r\t") != std::string_view::npos) {
        throw ArchiveError(ArchiveErrc::invalid, impl.where() + "snapshot name '" + std::string(name) +
                                                     "' must be non-empty text on one line");
    }
    WriteScope scope(impl, "create_snapshot");
    {
        auto find = impl.database.cached("SELECT 1 FROM snapshots WHERE name = ?1");
        find->bind(1, name);
        if (find->step()) {
            throw ArchiveError(ArchiveErrc::invalid, impl.where() + "a snapshot named '" + std::string(name) +
                                                         "' already exists - choose another name");
        }
    }
    const std::int64_t created = now_ms();
    const std::int64_t at = as_of ? to_unix_ms(*as_of) : created;
    {
        auto insert = impl.database.cached("INSERT INTO snapshots(name, created_at, as_of) VALUES(?1, ?2, ?3)");
        insert->bind(1, name).bind(2, created).bind(3, at);
        insert->run();
    }
    const std::int64_t id = impl.database.last_insert_rowid();
    if (as_of) {
        auto fill = impl.database.cached(
            "INSERT INTO snapshot_members(snapshot_id, document_id, number) "
            "SELECT ?1, id, n FROM (SELECT d.id AS id, (SELECT max(x.number) FROM versions x "
            "WHERE x.document_id = d.id AND x.created_at <= ?2) AS n FROM documents d "
            "WHERE d.gone_at IS NULL OR d.gone_at > ?2) WHERE n IS NOT NULL");
        fill->bind(1, id).bind(2, at);
        fill->run();
    } else {
        auto fill = impl.database.cached(
            "INSERT INTO snapshot_members(snapshot_id, document_id, number) "
            "SELECT ?1, id, latest_number FROM documents WHERE gone_at IS NULL AND latest_number > 0");
        fill->bind(1, id);
        fill->run();
    }
    const std::int64_t members = impl.database.changes();
    scope.commit();
    return SnapshotInfo{std::string(name), from_unix_ms(created), from_unix_ms(at), members};
}

std::vector<SnapshotInfo> Store::list_snapshots() {
    auto query = impl_->database.cached(
        "SELECT s.name, s.created_at, s.as_of, (SELECT count(*) FROM snapshot_members m WHERE m.snapshot_id = s.id) "
        "FROM snapshots s ORDER BY s.id");
    std::vector<SnapshotInfo> snapshots;
    while (query->step()) {
        snapshots.push_back(SnapshotInfo{std::string(query->text(0)), from_unix_ms(query->int64(1)),
                                         from_unix_ms(query->int64(2)), query->int64(3)});
    }
    return snapshots;
}

std::optional<SnapshotInfo> Store::find_snapshot(std::string_view name) {
    auto query = impl_->database.cached(
        "SELECT s.name, s.created_at, s.as_of, (SELECT count(*) FROM snapshot_members m WHERE m.snapshot_id = s.id) "
        "FROM snapshots s WHERE s.name = ?1");
    query->bind(1, name);
    if (!query->step()) {
        return std::nullopt;
    }
    return SnapshotInfo{std::string(query->text(0)), from_unix_ms(query->int64(1)), from_unix_ms(query->int64(2)),
                        query->int64(3)};
}

SnapshotDiff Store::diff_snapshots(std::string_view a, std::string_view b) {
    Impl& impl = *impl_;
    ReadScope read(impl);
    const std::int64_t first = snapshot_id(impl, a);
    const std::int64_t second = snapshot_id(impl, b);
    SnapshotDiff diff;
    const auto collect = [&](const char* sql, std::vector<std::string>& into) {
        auto query = impl.database.cached(sql);
        query->bind(1, first).bind(2, second);
        while (query->step()) {
            into.emplace_back(query->text(0));
        }
    };
    collect("SELECT d.doc_id FROM snapshot_members mb JOIN documents d ON d.id = mb.document_id "
            "WHERE mb.snapshot_id = ?2 AND NOT EXISTS (SELECT 1 FROM snapshot_members ma "
            "WHERE ma.snapshot_id = ?1 AND ma.document_id = mb.document_id) ORDER BY d.id",
            diff.added);
    collect("SELECT d.doc_id FROM snapshot_members ma JOIN snapshot_members mb "
            "ON mb.snapshot_id = ?2 AND mb.document_id = ma.document_id "
            "JOIN versions va ON va.document_id = ma.document_id AND va.number = ma.number "
            "JOIN versions vb ON vb.document_id = mb.document_id AND vb.number = mb.number "
            "JOIN documents d ON d.id = ma.document_id "
            "WHERE ma.snapshot_id = ?1 AND va.content_hash <> vb.content_hash ORDER BY d.id",
            diff.changed);
    collect("SELECT d.doc_id FROM snapshot_members ma JOIN documents d ON d.id = ma.document_id "
            "WHERE ma.snapshot_id = ?1 AND NOT EXISTS (SELECT 1 FROM snapshot_members mb "
            "WHERE mb.snapshot_id = ?2 AND mb.document_id = ma.document_id) ORDER BY d.id",
            diff.removed);
    return diff;
}

StoreStats Store::stats() {
    Impl& impl = *impl_;
    ReadScope read(impl);
    detail::Database& database = impl.database;
    StoreStats stats;
    stats.documents = database.query_int("SELECT count(*) FROM documents");
    stats.gone_documents = database.query_int("SELECT count(*) FROM documents WHERE gone_at IS NOT NULL");
    stats.versions = database.query_int("SELECT count(*) FROM versions");
    stats.captures = database.query_int("SELECT count(*) FROM captures");
    stats.blobs = database.query_int("SELECT count(*) FROM blobs");
    stats.snapshots = database.query_int("SELECT count(*) FROM snapshots");
    stats.fetches = database.query_int("SELECT count(*) FROM fetch_log");
    stats.runs = database.query_int("SELECT count(*) FROM runs");
    stats.raw_text_bytes = database.query_int("SELECT coalesce(sum(body_size), 0) FROM versions");
    stats.stored_text_bytes = database.query_int("SELECT coalesce(sum(length(body)), 0) FROM versions");
    stats.raw_page_bytes = database.query_int("SELECT coalesce(sum(raw_size), 0) FROM blobs");
    stats.stored_page_bytes = database.query_int("SELECT coalesce(sum(length(data)), 0) FROM blobs");
    stats.file_bytes = database.query_int("PRAGMA page_count") * database.query_int("PRAGMA page_size");
    detail::Statement sites(database, "SELECT site, count(*) FROM documents GROUP BY site ORDER BY site");
    while (sites.step()) {
        stats.sites.emplace_back(std::string(sites.text(0)), sites.int64(1));
    }
    sites.reset();
    return stats;
}

} // namespace newsarc::archive
