// Store writes: documents, captures (bodies stored once per content), versions (new only when the content
// changed, with near-duplicate clustering), gone marks, the fetch log and job runs.
#include <chrono>

#include "hashing.hpp"
#include "search_index.hpp"
#include "store_impl.hpp"

namespace newsarc::archive {
namespace {

std::int64_t now_ms() {
    return to_unix_ms(std::chrono::system_clock::now());
}

std::int64_t ms_or_now(TimePoint time) {
    return time == TimePoint{} ? now_ms() : to_unix_ms(time);
}

bool valid_doc_id(std::string_view text) noexcept {
    if (text.size() != 16) {
        return false;
    }
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

std::string_view as_view(const detail::Hash128& hash) noexcept {
    return std::string_view(hash.data(), hash.size());
}

/// Band `index` (0-3) of a simhash: 16 bits.
std::int64_t band(std::uint64_t simhash, int index) noexcept {
    return static_cast<std::int64_t>((simhash >> (16 * index)) & 0xFFFF);
}

} // namespace

std::int64_t Store::Impl::document_row(std::string_view doc_id) {
    auto find = database.cached("SELECT id FROM documents WHERE doc_id = ?1");
    find->bind(1, doc_id);
    return find->step() ? find->int64(0) : 0;
}

std::int64_t Store::Impl::require_document(std::string_view doc_id, std::string_view operation) {
    const std::int64_t row = document_row(doc_id);
    if (row == 0) {
        throw ArchiveError(ArchiveErrc::not_found, where() + std::string(operation) + ": no document '" +
                                                       std::string(doc_id) + "' (call ensure_document first)");
    }
    return row;
}

void Store::Impl::maybe_train(detail::Codec& codec, const char* update_sql) {
    if (!codec.train()) {
        codec.clear_samples();
        return;
    }
    // The samples were stored before the dictionary existed: store them again with it.
    for (std::size_t i = 0; i < codec.sample_count(); ++i) {
        if (!codec.sample_complete(i)) {
            continue;
        }
        const auto encoded = codec.encode(codec.sample(i));
        auto update = database.cached(update_sql);
        update->bind(1, encoded.codec).bind(2, encoded.dictionary).bind_blob(3, encoded.data);
        update->bind(4, codec.sample_row(i));
        update->run();
    }
    codec.clear_samples();
}

bool Store::ensure_document(std::string_view doc_id, std::string_view url, std::string_view site) {
    Impl& impl = *impl_;
    impl.require_writable("ensure_document");
    if (!valid_doc_id(doc_id)) {
        throw ArchiveError(ArchiveErrc::invalid, impl.where() + "document id '" + std::string(doc_id) +
                                                     "' is not 16 lower-case hex digits");
    }
    {
        auto insert = impl.database.cached(
            "INSERT INTO documents(doc_id, url, site, first_seen) VALUES(?1, ?2, ?3, ?4) "
            "ON CONFLICT(doc_id) DO NOTHING");
        insert->bind(1, doc_id).bind(2, url).bind(3, site).bind(4, now_ms());
        insert->run();
    }
    if (impl.database.changes() > 0) {
        return true;
    }
    if (!url.empty() || !site.empty()) {
        auto fill = impl.database.cached(
            "UPDATE documents SET url = CASE WHEN url = '' THEN ?2 ELSE url END, "
            "site = CASE WHEN site = '' THEN ?3 ELSE site END "
            "WHERE doc_id = ?1 AND ((url = '' AND ?2 <> '') OR (site = '' AND ?3 <> ''))");
        fill->bind(1, doc_id).bind(2, url).bind(3, site);
        fill->run();
    }
    return false;
}

std::int64_t Store::put_capture(const CaptureInput& capture) {
    Impl& impl = *impl_;
    WriteScope scope(impl, "put_capture");
    std::optional<std::int64_t> document;
    if (!capture.doc_id.empty()) {
        document = impl.require_document(capture.doc_id, "put_capture of '" + capture.url + "'");
    }
    std::optional<std::int64_t> blob;
    if (!capture.body.empty()) {
        const detail::Hash128 hash = detail::hash_bytes(capture.body);
        {
            auto find = impl.database.cached("SELECT id FROM blobs WHERE hash = ?1");
            find->bind_blob(1, as_view(hash));
            if (find->step()) {
                blob = find->int64(0);
            }
        }
        if (!blob) {
            const auto encoded = impl.page_codec.encode(capture.body);
            auto insert = impl.database.cached(
                "INSERT INTO blobs(hash, raw_size, codec, dictionary_id, data) VALUES(?1, ?2, ?3, ?4, ?5)");
            insert->bind_blob(1, as_view(hash)).bind(2, static_cast<std::int64_t>(capture.body.size()));
            insert->bind(3, encoded.codec).bind(4, encoded.dictionary).bind_blob(5, encoded.data);
            insert->run();
            blob = impl.database.last_insert_rowid();
            if (impl.page_codec.add_sample(*blob, capture.body)) {
                impl.maybe_train(impl.page_codec, "UPDATE blobs SET codec = ?1, dictionary_id = ?2, data = ?3 WHERE id = ?4");
            }
        }
    }
    auto insert = impl.database.cached(
        "INSERT INTO captures(document_id, url, final_url, http_status, headers, fetched_at, content_type, etag, "
        "last_modified, body_blob, redirect_to) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    insert->bind(1, document).bind(2, std::string_view(capture.url));
    insert->bind(3, std::string_view(capture.final_url.empty() ? capture.url : capture.final_url));
    insert->bind(4, capture.http_status).bind(5, std::string_view(capture.headers));
    insert->bind(6, ms_or_now(capture.fetched_at)).bind(7, std::string_view(capture.content_type));
    insert->bind(8, std::string_view(capture.etag)).bind(9, std::string_view(capture.last_modified));
    insert->bind(10, blob).bind(11, std::string_view(capture.redirect_to));
    insert->run();
    const std::int64_t id = impl.database.last_insert_rowid();
    scope.commit();
    return id;
}

PutVersionResult Store::put_version(const VersionInput& version) {
    Impl& impl = *impl_;
    WriteScope scope(impl, "put_version");
    std::int64_t document = 0;
    int latest = 0;
    detail::Hash128 latest_hash{};
    bool has_latest_hash = false;
    std::int64_t first_seen_ms = 0;
    {
        auto find = impl.database.cached(
            "SELECT id, latest_number, latest_hash, first_seen FROM documents WHERE doc_id = ?1");
        find->bind(1, std::string_view(version.doc_id));
        if (!find->step()) {
            throw ArchiveError(ArchiveErrc::not_found, impl.where() + "put_version: no document '" + version.doc_id +
                                                           "' (call ensure_document first)");
        }
        document = find->int64(0);
        latest = find->integer(1);
        first_seen_ms = find->int64(3);
        const std::string_view stored = find->blob(2);
        if (stored.size() == latest_hash.size()) {
            std::copy(stored.begin(), stored.end(), latest_hash.begin());
            has_latest_hash = true;
        }
    }

    std::string_view published_at = version.published_at;
    std::string normalized;
    std::int64_t listed_at_ms = first_seen_ms;
    if (!published_at.empty()) {
        const auto parsed = parse_time(published_at);
        if (!parsed) {
            throw ArchiveError(ArchiveErrc::invalid,
                               impl.where() + "put_version of '" + version.doc_id + "': published_at '" +
                                   version.published_at + "' is not a time (expected YYYY-MM-DDTHH:MM:SS+08:00)");
        }
        listed_at_ms = to_unix_ms(*parsed);
        const bool stored_form = published_at.size() == 25 && published_at[10] == 'T' &&
                                 published_at.substr(19) == "+08:00";
        if (!stored_form) {
            normalized = format_iso(*parsed);
            published_at = normalized;
        }
    }

    const detail::Hash128 hash =
        detail::content_hash(version.title, version.author, version.source, published_at, version.body);
    if (has_latest_hash && hash == latest_hash) {
        scope.commit();
        return PutVersionResult{false, latest};
    }

    // The search index holds the latest version only: the old one's texts leave it (a contentless index must be
    // told them again) before the new one's go in.
    if (latest > 0) {
        std::string old_title;
        std::string old_body;
        if (detail::latest_texts(impl, document, old_title, old_body)) {
            detail::unindex_document(impl, document, old_title, old_body);
        }
    }
    detail::index_document(impl, document, version.title, version.body);

    const int number = latest + 1;
    const auto encoded = impl.text_codec.encode(version.body);
    {
        auto insert = impl.database.cached(
            "INSERT INTO versions(document_id, number, title, author, source, published_at, content_hash, body_size, "
            "body_codec, body_dictionary, body, capture_id, plugin, plugin_version, topic_score, simhash, paywalled, "
            "extra, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
            "?18, ?19)");
        insert->bind(1, document).bind(2, number).bind(3, std::string_view(version.title));
        insert->bind(4, std::string_view(version.author)).bind(5, std::string_view(version.source));
        insert->bind(6, published_at).bind_blob(7, as_view(hash));
        insert->bind(8, static_cast<std::int64_t>(version.body.size())).bind(9, encoded.codec);
        insert->bind(10, encoded.dictionary).bind_blob(11, encoded.data).bind(12, version.capture_id);
        insert->bind(13, std::string_view(version.plugin)).bind(14, std::string_view(version.plugin_version));
        insert->bind(15, version.topic_score);
        if (version.simhash) {
            insert->bind(16, static_cast<std::int64_t>(*version.simhash));
        }
        insert->bind(17, version.paywalled ? 1 : 0);
        if (!version.extra_json.empty()) {
            insert->bind(18, std::string_view(version.extra_json));
        }
        insert->bind(19, version.created_at ? to_unix_ms(*version.created_at) : now_ms());
        insert->run();
    }
    const std::int64_t version_row = impl.database.last_insert_rowid();

    if (version.simhash) {
        const std::uint64_t simhash = *version.simhash;
        std::optional<std::int64_t> joined;
        int best_distance = 4;
        {
            auto candidates = impl.database.cached(
                "SELECT id, simhash, cluster_id FROM documents WHERE id <> ?5 AND "
                "(band0 = ?1 OR band1 = ?2 OR band2 = ?3 OR band3 = ?4)");
            for (int i = 0; i < 4; ++i) {
                candidates->bind(i + 1, band(simhash, i));
            }
            candidates->bind(5, document);
            while (candidates->step()) {
                const int distance = hamming_distance(simhash, static_cast<std::uint64_t>(candidates->int64(1)));
                const std::int64_t candidate_cluster = candidates->optional_int64(2).value_or(candidates->int64(0));
                if (distance < best_distance || (distance == best_distance && joined && candidate_cluster < *joined)) {
                    best_distance = distance;
                    joined = candidate_cluster;
                }
            }
        }
        const std::int64_t new_cluster = joined.value_or(document);
        auto update = impl.database.cached(
            "UPDATE documents SET latest_number = ?2, latest_hash = ?3, gone_at = NULL, simhash = ?4, band0 = ?5, "
            "band1 = ?6, band2 = ?7, band3 = ?8, cluster_id = ?9 WHERE id = ?1");
        update->bind(1, document).bind(2, number).bind_blob(3, as_view(hash));
        update->bind(4, static_cast<std::int64_t>(simhash));
        for (int i = 0; i < 4; ++i) {
            update->bind(5 + i, band(simhash, i));
        }
        update->bind(9, new_cluster);
        update->run();
    } else {
        auto update = impl.database.cached(
            "UPDATE documents SET latest_number = ?2, latest_hash = ?3, gone_at = NULL WHERE id = ?1");
        update->bind(1, document).bind(2, number).bind_blob(3, as_view(hash));
        update->run();
    }

    {
        auto listing = impl.database.cached(
            "UPDATE documents SET listed_at = ?2, topic_score = ?3, paywalled = ?4 WHERE id = ?1");
        listing->bind(1, document).bind(2, listed_at_ms).bind(3, version.topic_score);
        listing->bind(4, version.paywalled ? 1 : 0);
        listing->run();
    }

    if (impl.text_codec.add_sample(version_row, version.body)) {
        impl.maybe_train(impl.text_codec,
                         "UPDATE versions SET body_codec = ?1, body_dictionary = ?2, body = ?3 WHERE id = ?4");
    }
    scope.commit();
    return PutVersionResult{true, number};
}

void Store::mark_gone(std::string_view doc_id, TimePoint when) {
    Impl& impl = *impl_;
    impl.require_writable("mark_gone");
    auto update = impl.database.cached("UPDATE documents SET gone_at = ?2 WHERE doc_id = ?1");
    update->bind(1, doc_id).bind(2, ms_or_now(when));
    update->run();
    if (impl.database.changes() == 0) {
        throw ArchiveError(ArchiveErrc::not_found, impl.where() + "mark_gone: no document '" + std::string(doc_id) + "'");
    }
}

void Store::record_fetch(const FetchLogEntry& entry) {
    Impl& impl = *impl_;
    impl.require_writable("record_fetch");
    auto insert = impl.database.cached(
        "INSERT INTO fetch_log(url, host, at, outcome, http_status, detail, attempt, bytes, duration_ms, doc_id) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    insert->bind(1, std::string_view(entry.url)).bind(2, std::string_view(entry.host)).bind(3, ms_or_now(entry.at));
    insert->bind(4, std::string_view(entry.outcome)).bind(5, entry.http_status).bind(6, std::string_view(entry.detail));
    insert->bind(7, entry.attempt).bind(8, entry.bytes).bind(9, entry.duration_ms);
    insert->bind(10, std::string_view(entry.doc_id));
    insert->run();
}

std::int64_t Store::record_run(const RunRecord& run) {
    Impl& impl = *impl_;
    impl.require_writable("record_run");
    auto insert = impl.database.cached(
        "INSERT INTO runs(job, started_at, ended_at, counters, exit_status) VALUES(?1, ?2, ?3, ?4, ?5)");
    insert->bind(1, std::string_view(run.job)).bind(2, to_unix_ms(run.started)).bind(3, ms_or_now(run.ended));
    insert->bind(4, std::string_view(run.counters_json.empty() ? std::string_view("{}") : run.counters_json));
    insert->bind(5, run.exit_status);
    insert->run();
    return impl.database.last_insert_rowid();
}

void Store::record_site_health(const std::vector<SiteHealthRecord>& records) {
    Impl& impl = *impl_;
    impl.require_writable("record_site_health");
    auto insert = impl.database.cached(
        "INSERT OR REPLACE INTO site_health(run_id, site, job, at, counts) VALUES(?1, ?2, ?3, ?4, ?5)");
    for (const SiteHealthRecord& record : records) {
        insert->bind(1, record.run_id).bind(2, std::string_view(record.site)).bind(3, std::string_view(record.job));
        insert->bind(4, to_unix_ms(record.at)).bind(5, std::string_view(record.counts_json));
        insert->run();
    }
}

} // namespace newsarc::archive
