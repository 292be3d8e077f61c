// export_warc: the selected documents' raw captures as one WARC/1.1 file of gzip members, one record each.
// First the captures to write are listed (ids and times only, so the warcinfo record can carry the latest capture
// time), each preceded by the redirect hops that led to it, then each capture is read, turned into request +
// response + metadata records and written.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "capture_rows.hpp"
#include "export_folder.hpp"
#include "gzip_member.hpp"
#include "newsarc/archive/warc.hpp"
#include "redirect_chain.hpp"
#include "warc_format.hpp"
#include "warc_http.hpp"

namespace newsarc::archive {
namespace {

namespace fs = std::filesystem;

struct PlannedDocument {
    std::string doc_id;
    std::string url;
    std::string site;
    int number = 0;
    std::string title;
    std::string plugin;
    std::string plugin_version;
};

struct PlannedCapture {
    std::int64_t id = 0;
    std::optional<std::size_t> document; ///< index into the planned documents; none for a redirect hop
    bool source = false;                 ///< the document's selected version was extracted from this capture
};

/// The WARC file under construction: written under a temporary name, renamed by commit(), removed otherwise.
class WarcOutput {
public:
    explicit WarcOutput(fs::path path) : path_(std::move(path)), partial_(path_) {
        partial_ += ".partial";
        file_ = std::fopen(partial_.c_str(), "wb");
        if (file_ == nullptr) {
            fail("cannot create", partial_);
        }
    }
    WarcOutput(const WarcOutput&) = delete;
    WarcOutput& operator=(const WarcOutput&) = delete;
    ~WarcOutput() {
        if (file_ != nullptr) {
            std::fclose(file_);
        }
        if (!committed_) {
            std::error_code ignored;
            fs::remove(partial_, ignored);
        }
    }
    void write(std::string_view bytes) {
        if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
            fail("cannot write", partial_);
        }
        bytes_ += static_cast<std::int64_t>(bytes.size());
    }
    void commit() {
        const int closed = std::fclose(file_);
        file_ = nullptr;
        if (closed != 0) {
            fail("cannot write", partial_);
        }
        if (std::rename(partial_.c_str(), path_.c_str()) != 0) {
            fail("cannot rename the finished file to", path_);
        }
        committed_ = true;
    }
    [[nodiscard]] std::int64_t bytes() const noexcept { return bytes_; }

private:
    [[noreturn]] static void fail(const char* what, const fs::path& path) {
        throw Failure("export: " + std::string(what) + " '" + path.string() + "': " + std::strerror(errno));
    }
    fs::path path_;
    fs::path partial_;
    std::FILE* file_ = nullptr;
    std::int64_t bytes_ = 0;
    bool committed_ = false;
};

std::string describe_selection(const WarcExportOptions& options) {
    const Selection& selection = options.selection;
    std::string text = "raw captures of a newsarc archive: ";
    if (!selection.snapshot.empty()) {
        text += "snapshot '" + selection.snapshot + "'";
    } else if (selection.as_of) {
        text += "the versions as of " + format_iso(*selection.as_of);
    } else {
        text += "the latest versions";
    }
    if (!selection.site.empty()) {
        text += ", site '" + selection.site + "'";
    }
    text += options.all_captures ? "; every capture of each document" : "; the capture each version was made from";
    return text;
}

/// Writes one capture as request, response and metadata records.
class CaptureWriter {
public:
    CaptureWriter(WarcOutput& out, std::string warcinfo_id) : out_(out), warcinfo_id_(std::move(warcinfo_id)) {}

    /// Returns the number of records written. `document` is the selected document the capture is written for;
    /// null for a redirect hop, whose metadata then names the capture's own document, if it has one.
    int write(const detail::CaptureRows::Row& row, std::string_view body, const PlannedDocument* document,
              bool source) {
        const CaptureInfo& info = row.info;
        const std::string& target = info.final_url.empty() ? info.url : info.final_url;
        const std::string date = detail::warc_date(info.fetched_at);
        const std::string payload_digest = detail::warc_sha1(body);

        // The ids are derived from what the capture is, not from its row id, so they survive import and re-export;
        // an ordinal keeps two identical captures (same URL, time, status and body) apart.
        std::string name = "capture\n" + info.url + "\n" + target + "\n" + std::to_string(to_unix_ms(info.fetched_at)) +
                           "\n" + std::to_string(info.http_status) + "\n" + payload_digest;
        const int ordinal = seen_[name]++;
        if (ordinal > 0) {
            name += "\n" + std::to_string(ordinal);
        }
        const std::string response_id = detail::warc_record_id(name + "\nresponse");
        int records = 0;

        if (const auto request = detail::http_request_block(target)) {
            detail::WarcFields fields = {{"WARC-Type", "request"},
                                         {"WARC-Record-ID", detail::warc_record_id(name + "\nrequest")},
                                         {"WARC-Date", date},
                                         {"WARC-Target-URI", target},
                                         {"WARC-Warcinfo-ID", warcinfo_id_},
                                         {"WARC-Concurrent-To", response_id},
                                         {"Content-Type", "application/http;msgtype=request"},
                                         {"WARC-Block-Digest", detail::warc_sha1(*request)}};
            emit(fields, {*request});
            ++records;
        }

        const std::string head = detail::http_response_head(info.http_status, row.headers, body.size());
        detail::Sha1 block;
        block.update(head);
        block.update(body);
        emit({{"WARC-Type", "response"},
              {"WARC-Record-ID", response_id},
              {"WARC-Date", date},
              {"WARC-Target-URI", target},
              {"WARC-Warcinfo-ID", warcinfo_id_},
              {"Content-Type", "application/http;msgtype=response"},
              {"WARC-Block-Digest", "sha1:" + detail::base32(block.digest())},
              {"WARC-Payload-Digest", payload_digest}},
             {head, body});
        ++records;

        detail::WarcFields metadata;
        if (document != nullptr) {
            metadata = {{"newsarc-doc-id", document->doc_id},
                        {"newsarc-doc-url", document->url},
                        {"newsarc-site", document->site}};
        } else if (!row.doc_id.empty()) {
            metadata = {{"newsarc-doc-id", row.doc_id}, {"newsarc-doc-url", row.doc_url}, {"newsarc-site", row.site}};
        }
        if (source && document != nullptr) {
            metadata.emplace_back("newsarc-version", std::to_string(document->number));
            metadata.emplace_back("newsarc-plugin", document->plugin);
            metadata.emplace_back("newsarc-plugin-version", document->plugin_version);
            metadata.emplace_back("newsarc-title", document->title);
        }
        if (!info.final_url.empty() && info.final_url != info.url) {
            metadata.emplace_back("newsarc-requested-url", info.url);
        }
        // The stored target, normalised by the crawl: import prefers it to the Location header, which may be
        // relative (the archive resolves no URLs).
        if (!info.redirect_to.empty()) {
            metadata.emplace_back("newsarc-redirect-to", info.redirect_to);
        }
        const std::string fields_block = detail::warc_fields_block(metadata);
        emit({{"WARC-Type", "metadata"},
              {"WARC-Record-ID", detail::warc_record_id(name + "\nmetadata")},
              {"WARC-Date", date},
              {"WARC-Target-URI", target},
              {"WARC-Warcinfo-ID", warcinfo_id_},
              {"WARC-Refers-To", response_id},
              {"Content-Type", "application/warc-fields"},
              {"WARC-Block-Digest", detail::warc_sha1(fields_block)}},
             {fields_block});
        return records + 1;
    }

    void emit(const detail::WarcFields& fields, const std::vector<std::string_view>& parts) {
        record_.clear();
        detail::append_warc_record(record_, fields, parts);
        member_.clear();
        gzip_.append_member(record_, member_);
        out_.write(member_);
    }

private:
    WarcOutput& out_;
    std::string warcinfo_id_;
    detail::GzipMemberWriter gzip_;
    std::string record_;
    std::string member_;
    std::unordered_map<std::string, int> seen_;
};

} // namespace

WarcExportReport export_warc(Store& store, const std::filesystem::path& out_dir, const WarcExportOptions& options) {
    // A snapshot or an as-of selection shows the archive as it was then: later captures are not part of it.
    std::optional<TimePoint> captured_by = options.selection.as_of;
    if (!options.selection.snapshot.empty()) {
        // Refuse an unknown snapshot before touching the folder.
        const auto snapshot = store.find_snapshot(options.selection.snapshot);
        if (!snapshot) {
            throw ArchiveError(ArchiveErrc::not_found, "archive '" + store.path().string() +
                                                           "': no snapshot named '" + options.selection.snapshot +
                                                           "' (see `newsarc snapshot list`)");
        }
        captured_by = snapshot->as_of;
    }
    // --force replaces an earlier WARC export here; other files stay.
    prepare_export_folder(out_dir, options.force, [](const std::string& name) { return name == kWarcFileName; });
    WarcExportReport report;
    report.file = out_dir / kWarcFileName;

    // A response record needs a three-digit status line; a capture without one cannot be written.
    const auto writable = [&](int status) {
        if (status >= 100 && status <= 999) {
            return true;
        }
        ++report.skipped_captures;
        return false;
    };
    // The second connection sees committed rows only.
    const auto unreadable = [&](std::int64_t id) {
        return ArchiveError(ArchiveErrc::internal, "archive '" + store.path().string() + "': capture " +
                                                       std::to_string(id) +
                                                       " is not committed yet - export outside an open transaction");
    };
    detail::CaptureRows rows(store.path());
    std::vector<PlannedDocument> documents;
    std::vector<PlannedCapture> captures;
    std::unordered_map<std::int64_t, std::size_t> planned; ///< capture id -> index into captures
    TimePoint latest{};
    // Adds a selected capture to the plan, after the redirect hops that led to it and are not planned yet.
    const auto plan = [&](const CaptureInfo& capture, std::size_t document, bool source) {
        if (const auto earlier = planned.find(capture.id); earlier != planned.end()) {
            // Already planned as a hop of an earlier chain: written there once, now for this document.
            PlannedCapture& entry = captures[earlier->second];
            if (!entry.document) {
                entry = {capture.id, document, source};
            }
            return;
        }
        const TimePoint by = captured_by ? std::min(capture.fetched_at, *captured_by) : capture.fetched_at;
        for (const auto& hop : detail::redirect_chain(rows, capture.id, capture.url, by, planned)) {
            planned.emplace(hop.id, captures.size());
            captures.push_back({hop.id, std::nullopt, false});
            latest = std::max(latest, hop.fetched_at);
        }
        planned.emplace(capture.id, captures.size());
        captures.push_back({capture.id, document, source});
        latest = std::max(latest, capture.fetched_at);
    };
    store.scan(options.selection, [&](const VersionView& view) {
        ++report.documents;
        std::optional<std::int64_t> source;
        for (const VersionInfo& version : store.history(view.doc_id)) {
            if (version.number == view.number) {
                source = version.capture_id;
            }
        }
        const std::size_t index = documents.size();
        bool planned_any = false;
        if (options.all_captures) {
            for (const CaptureInfo& capture : store.captures(view.doc_id)) {
                const bool in_time = !captured_by || capture.fetched_at <= *captured_by || capture.id == source;
                if (in_time && writable(capture.http_status)) {
                    plan(capture, index, source && *source == capture.id);
                    planned_any = true;
                }
            }
        } else if (source) {
            const auto row = rows.capture(*source);
            if (!row) {
                throw unreadable(*source);
            }
            if (writable(row->info.http_status)) {
                plan(row->info, index, true);
                planned_any = true;
            }
        }
        if (!planned_any) {
            ++report.documents_without_capture;
            return true;
        }
        documents.push_back({std::string(view.doc_id), std::string(view.url), std::string(view.site), view.number,
                             std::string(view.title), std::string(view.plugin), std::string(view.plugin_version)});
        return true;
    });
    report.redirect_captures = std::count_if(captures.begin(), captures.end(),
                                             [](const PlannedCapture& capture) { return !capture.document; });

    WarcOutput out(report.file);
    const std::string date = detail::warc_date(latest);
    const std::string description = describe_selection(options);
    detail::WarcFields info_fields = {
        {"software", options.software},
        {"format", "WARC File Format 1.1"},
        {"conformsTo", "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"},
        {"description", description},
        {"newsarc-documents", std::to_string(documents.size())},
        {"newsarc-captures", std::to_string(captures.size())},
    };
    if (report.redirect_captures > 0) {
        info_fields.emplace_back("newsarc-redirect-captures", std::to_string(report.redirect_captures));
    }
    const std::string info_block = detail::warc_fields_block(info_fields);
    const std::string warcinfo_id = detail::warc_record_id("warcinfo\n" + date + "\n" + info_block);
    CaptureWriter writer(out, warcinfo_id);
    writer.emit({{"WARC-Type", "warcinfo"},
                 {"WARC-Record-ID", warcinfo_id},
                 {"WARC-Date", date},
                 {"WARC-Filename", kWarcFileName},
                 {"Content-Type", "application/warc-fields"},
                 {"WARC-Block-Digest", detail::warc_sha1(info_block)}},
                {info_block});
    report.records = 1;

    for (const PlannedCapture& planned_capture : captures) {
        const auto row = rows.capture(planned_capture.id);
        const auto body = store.capture_body(planned_capture.id);
        if (!row || !body) {
            throw unreadable(planned_capture.id);
        }
        const PlannedDocument* document =
            planned_capture.document ? &documents[*planned_capture.document] : nullptr;
        report.records += writer.write(*row, *body, document, planned_capture.source);
        ++report.captures;
    }
    out.commit();
    report.bytes = out.bytes();
    return report;
}

} // namespace newsarc::archive
