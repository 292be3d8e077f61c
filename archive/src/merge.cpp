// merge_archives: several archives into one (see merge.hpp), through Store's own writes (compression, search
// index, near-duplicate clusters stay the output's), reading the inputs' raw rows.
#include "newsarc/archive/merge.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "newsarc/archive/error.hpp"
#include "newsarc/archive/time.hpp"
#include "store_impl.hpp"

namespace newsarc::archive {

class ArchiveMerge {
public:
    ArchiveMerge(Store& out, const std::vector<std::filesystem::path>& inputs) : out_(out) {
        for (const auto& path : inputs) {
            OpenOptions options;
            options.mode = OpenMode::read_only;
            inputs_.push_back(std::make_unique<Store>(Store::open(path, options)));
        }
    }

    MergeReport run() {
        out_.batch([&] {
            std::vector<std::unique_ptr<ReadScope>> reads;
            for (auto& input : inputs_) {
                reads.push_back(std::make_unique<ReadScope>(impl(*input)));
            }
            merge_documents();
            merge_captures();
            merge_versions();
            merge_fetch_log();
            merge_runs();
        });
        return report_;
    }

private:
    struct Document {
        std::string doc_id;
        std::string url;
        std::string site;
        std::int64_t first_seen = 0;
        std::optional<std::int64_t> gone_at;
    };

    static Store::Impl& impl(Store& store) { return *store.impl_; }

    void merge_documents() {
        std::map<std::string, Document> documents;
        for (auto& input : inputs_) {
            detail::Statement rows(impl(*input).database,
                                   "SELECT doc_id, url, site, first_seen, gone_at FROM documents ORDER BY id");
            while (rows.step()) {
                Document document{std::string(rows.text(0)), std::string(rows.text(1)), std::string(rows.text(2)),
                                  rows.int64(3), rows.optional_int64(4)};
                auto [at, added] = documents.emplace(document.doc_id, document);
                if (!added) {
                    Document& kept = at->second;
                    kept.first_seen = std::min(kept.first_seen, document.first_seen);
                    kept.url = kept.url.empty() ? document.url : kept.url;
                    kept.site = kept.site.empty() ? document.site : kept.site;
                    if (document.gone_at) {
                        kept.gone_at = std::max(kept.gone_at.value_or(0), *document.gone_at);
                    }
                }
            }
        }
        std::vector<const Document*> ordered;
        for (const auto& [doc_id, document] : documents) {
            ordered.push_back(&document);
        }
        std::stable_sort(ordered.begin(), ordered.end(), [](const Document* a, const Document* b) {
            return std::tie(a->url, a->doc_id) < std::tie(b->url, b->doc_id);
        });
        Store::Impl& out = impl(out_);
        for (const Document* document : ordered) {
            if (out_.ensure_document(document->doc_id, document->url, document->site)) {
                ++report_.documents;
            }
            auto update = out.database.cached("UPDATE documents SET first_seen = min(first_seen, ?1) WHERE doc_id = ?2");
            update->bind(1, document->first_seen).bind(2, std::string_view(document->doc_id));
            update->run();
            if (document->gone_at) {
                gone_.emplace_back(document->doc_id, *document->gone_at);
            }
        }
    }

    void merge_captures() {
        // (fetched_at, input, id): all inputs' captures in fetch-time order.
        std::vector<std::tuple<std::int64_t, std::size_t, std::int64_t>> order;
        for (std::size_t index = 0; index < inputs_.size(); ++index) {
            detail::Statement rows(impl(*inputs_[index]).database, "SELECT fetched_at, id FROM captures");
            while (rows.step()) {
                order.emplace_back(rows.int64(0), index, rows.int64(1));
            }
        }
        std::sort(order.begin(), order.end());
        Store::Impl& out = impl(out_);
        std::string body;
        for (const auto& [fetched_at, index, id] : order) {
            Store::Impl& in = impl(*inputs_[index]);
            detail::Statement row(in.database,
                                  "SELECT d.doc_id, c.url, c.final_url, c.http_status, c.headers, c.content_type, "
                                  "c.etag, c.last_modified, c.redirect_to, b.codec, b.dictionary_id, b.data, "
                                  "b.raw_size FROM captures c LEFT JOIN documents d ON d.id = c.document_id "
                                  "LEFT JOIN blobs b ON b.id = c.body_blob WHERE c.id = ?1");
            row.bind(1, id);
            if (!row.step()) {
                continue;
            }
            const std::string url(row.text(1));
            const int status = row.integer(3);
            {
                auto existing = out.database.cached(
                    "SELECT id FROM captures WHERE url = ?1 AND fetched_at = ?2 AND http_status = ?3");
                existing->bind(1, std::string_view(url)).bind(2, fetched_at).bind(3, status);
                if (existing->step()) {
                    captures_[{index, id}] = existing->int64(0);
                    continue;
                }
            }
            body.clear();
            if (!row.is_null(9)) {
                in.page_codec.decode(row.integer(9), row.optional_int64(10), row.blob(11), row.int64(12), body,
                                     "capture " + std::to_string(id) + " of '" + in.path().string() + "'");
            }
            CaptureInput capture;
            capture.doc_id = std::string(row.text(0));
            capture.url = url;
            capture.final_url = std::string(row.text(2));
            capture.http_status = status;
            capture.headers = std::string(row.text(4));
            capture.fetched_at = from_unix_ms(fetched_at);
            capture.content_type = std::string(row.text(5));
            capture.etag = std::string(row.text(6));
            capture.last_modified = std::string(row.text(7));
            capture.redirect_to = std::string(row.text(8));
            capture.body = body;
            captures_[{index, id}] = out_.put_capture(capture);
            ++report_.captures;
        }
    }

    void merge_versions() {
        struct Entry {
            std::string doc_id;
            std::int64_t created_at = 0;
            std::size_t input = 0;
            VersionInfo info;
        };
        std::map<std::string, std::vector<Entry>> by_document;
        for (std::size_t index = 0; index < inputs_.size(); ++index) {
            std::vector<std::string> doc_ids;
            {
                detail::Statement rows(impl(*inputs_[index]).database,
                                       "SELECT doc_id FROM documents WHERE latest_number > 0 ORDER BY id");
                while (rows.step()) {
                    doc_ids.emplace_back(rows.text(0));
                }
            }
            for (const std::string& doc_id : doc_ids) {
                for (VersionInfo& info : inputs_[index]->history(doc_id)) {
                    const std::int64_t created = to_unix_ms(info.created_at);
                    by_document[doc_id].push_back(Entry{doc_id, created, index, std::move(info)});
                }
            }
        }
        Store::Impl& out = impl(out_);
        for (auto& [doc_id, entries] : by_document) {
            std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
                return std::tie(a.created_at, a.input, a.info.number) < std::tie(b.created_at, b.input, b.info.number);
            });
            for (const Entry& entry : entries) {
                {
                    auto existing = out.database.cached(
                        "SELECT 1 FROM versions v JOIN documents d ON d.id = v.document_id WHERE d.doc_id = ?1 AND "
                        "lower(hex(v.content_hash)) = ?2 AND v.created_at = ?3");
                    existing->bind(1, std::string_view(doc_id)).bind(2, std::string_view(entry.info.content_hash));
                    existing->bind(3, entry.created_at);
                    if (existing->step()) {
                        continue;
                    }
                }
                const auto record = inputs_[entry.input]->version(doc_id, entry.info.number);
                if (!record) {
                    continue;
                }
                VersionInput version;
                version.doc_id = doc_id;
                version.title = record->info.title;
                version.author = record->info.author;
                version.source = record->info.source;
                version.published_at = record->info.published_at;
                version.body = record->body;
                if (record->info.capture_id) {
                    const auto mapped = captures_.find({entry.input, *record->info.capture_id});
                    if (mapped != captures_.end()) {
                        version.capture_id = mapped->second;
                    }
                }
                version.plugin = record->info.plugin;
                version.plugin_version = record->info.plugin_version;
                version.topic_score = record->info.topic_score;
                version.simhash = record->info.simhash;
                version.paywalled = record->info.paywalled;
                version.extra_json = record->info.extra_json;
                version.created_at = record->info.created_at;
                if (out_.put_version(version).created) {
                    ++report_.versions;
                }
            }
        }
        for (const auto& [doc_id, gone_at] : gone_) {
            out_.mark_gone(doc_id, from_unix_ms(gone_at));
        }
    }

    void merge_fetch_log() {
        using Row = std::tuple<std::int64_t, std::size_t, std::int64_t>; // at, input, id
        std::vector<Row> order;
        for (std::size_t index = 0; index < inputs_.size(); ++index) {
            detail::Statement rows(impl(*inputs_[index]).database, "SELECT at, id FROM fetch_log");
            while (rows.step()) {
                order.emplace_back(rows.int64(0), index, rows.int64(1));
            }
        }
        std::sort(order.begin(), order.end());
        Store::Impl& out = impl(out_);
        for (const auto& [at, index, id] : order) {
            detail::Statement row(impl(*inputs_[index]).database,
                                  "SELECT url, host, outcome, http_status, detail, attempt, bytes, duration_ms, "
                                  "doc_id FROM fetch_log WHERE id = ?1");
            row.bind(1, id);
            if (!row.step()) {
                continue;
            }
            FetchLogEntry entry{std::string(row.text(0)), std::string(row.text(1)), from_unix_ms(at),
                                std::string(row.text(2)), row.integer(3), std::string(row.text(4)), row.integer(5),
                                row.int64(6), row.int64(7), std::string(row.text(8))};
            auto existing = out.database.cached("SELECT 1 FROM fetch_log WHERE url = ?1 AND at = ?2 AND outcome = ?3 "
                                                "AND attempt = ?4 AND detail = ?5");
            existing->bind(1, std::string_view(entry.url)).bind(2, at).bind(3, std::string_view(entry.outcome));
            existing->bind(4, entry.attempt).bind(5, std::string_view(entry.detail));
            if (existing->step()) {
                continue;
            }
            out_.record_fetch(entry);
            ++report_.fetches;
        }
    }

    void merge_runs() {
        std::vector<RunRecord> runs;
        for (auto& input : inputs_) {
            for (RunRecord& run : input->list_runs()) {
                runs.push_back(std::move(run));
            }
        }
        std::sort(runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) {
            return std::tie(a.started, a.ended, a.job) < std::tie(b.started, b.ended, b.job);
        });
        Store::Impl& out = impl(out_);
        for (const RunRecord& run : runs) {
            auto existing = out.database.cached(
                "SELECT 1 FROM runs WHERE job = ?1 AND started_at = ?2 AND ended_at = ?3 AND counters = ?4");
            existing->bind(1, std::string_view(run.job)).bind(2, to_unix_ms(run.started));
            existing->bind(3, to_unix_ms(run.ended)).bind(4, std::string_view(run.counters_json));
            if (existing->step()) {
                continue;
            }
            out_.record_run(run);
            ++report_.runs;
        }
    }

    Store& out_;
    std::vector<std::unique_ptr<Store>> inputs_;
    std::map<std::pair<std::size_t, std::int64_t>, std::int64_t> captures_; // (input, capture id) -> out's id
    std::vector<std::pair<std::string, std::int64_t>> gone_;
    MergeReport report_;
};

MergeReport merge_archives(Store& out, const std::vector<std::filesystem::path>& inputs) {
    ArchiveMerge merge(out, inputs);
    return merge.run();
}

} // namespace newsarc::archive
