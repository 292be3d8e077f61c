// export_corpus: streams the selected versions into corpus files + manifest.jsonl (or one corpus.jsonl),
// hashing each file as it is written, so memory stays flat however many documents there are.
#include "newsarc/archive/exporter.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

#include "export_folder.hpp"
#include "hashing.hpp"
#include "newsarc/archive/corpus_format.hpp"

namespace newsarc::archive {
namespace {

namespace fs = std::filesystem;

/// Appends `text` as a JSON string literal (UTF-8 passes through; quotes, backslashes and controls escaped).
void append_json_string(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (const char c : text) {
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out.append("\\u00");
                out.push_back(kHex[(c >> 4) & 0x0F]);
                out.push_back(kHex[c & 0x0F]);
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
}

void append_key(std::string& out, std::string_view key) {
    if (out.back() != '{') {
        out.push_back(',');
    }
    append_json_string(out, key);
    out.push_back(':');
}

void append_field(std::string& out, std::string_view key, std::string_view value) {
    append_key(out, key);
    append_json_string(out, value);
}

void append_nullable(std::string& out, std::string_view key, std::string_view value) {
    append_key(out, key);
    if (value.empty()) {
        out.append("null");
    } else {
        append_json_string(out, value);
    }
}

void append_number(std::string& out, std::string_view key, std::int64_t value) {
    append_key(out, key);
    out.append(std::to_string(value));
}

void append_time(std::string& out, std::string_view key, const std::optional<TimePoint>& time) {
    append_key(out, key);
    if (time) {
        append_json_string(out, format_iso(*time));
    } else {
        out.append("null");
    }
}

/// A file written with stdio, failing with a message naming it.
class OutputFile {
public:
    explicit OutputFile(const fs::path& path) : path_(path), file_(std::fopen(path.c_str(), "wb")) {
        if (file_ == nullptr) {
            fail("cannot create");
        }
    }
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile() {
        if (file_ != nullptr) {
            std::fclose(file_);
        }
    }
    void write(std::string_view bytes) {
        if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
            fail("cannot write");
        }
    }
    void close() {
        const int result = std::fclose(file_);
        file_ = nullptr;
        if (result != 0) {
            fail("cannot write");
        }
    }

private:
    [[noreturn]] void fail(const char* what) const {
        throw Failure("export: " + std::string(what) + " '" + path_.string() + "': " + std::strerror(errno));
    }
    fs::path path_;
    std::FILE* file_;
};

bool is_export_output(const std::string& name) {
    if (name == "manifest.jsonl" || name == "corpus.jsonl") {
        return true;
    }
    // NNN_<16 hex>.txt with at least three digits.
    const std::size_t underscore = name.find('_');
    if (underscore == std::string::npos || underscore < 3 || name.size() != underscore + 1 + 16 + 4 ||
        name.compare(name.size() - 4, 4, ".txt") != 0) {
        return false;
    }
    for (std::size_t i = 0; i < underscore; ++i) {
        if (name[i] < '0' || name[i] > '9') {
            return false;
        }
    }
    for (std::size_t i = underscore + 1; i < underscore + 17; ++i) {
        if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f'))) {
            return false;
        }
    }
    return true;
}

} // namespace

std::string corpus_file_name(std::int64_t index, std::int64_t total, std::string_view doc_id) {
    int width = 3;
    for (std::int64_t last = total - 1; last >= 1000; last /= 10) {
        ++width;
    }
    char number[32];
    std::snprintf(number, sizeof number, "%0*lld_", width, static_cast<long long>(index));
    std::string name(number);
    name.append(doc_id).append(".txt");
    return name;
}

ExportReport export_corpus(Store& store, const std::filesystem::path& out_dir, const ExportOptions& options) {
    // Refuse an unknown snapshot before touching the folder.
    if (!options.selection.snapshot.empty() && !store.find_snapshot(options.selection.snapshot)) {
        throw ArchiveError(ArchiveErrc::not_found, "archive '" + store.path().string() + "': no snapshot named '" +
                                                       options.selection.snapshot + "' (see `newsarc snapshot list`)");
    }
    prepare_export_folder(out_dir, options.force, is_export_output);
    ExportReport report;
    std::string text;
    std::string line;
    detail::Sha256 sha;
    std::int64_t total = 0;

    if (options.format == ExportFormat::jsonl) {
        OutputFile out(out_dir / "corpus.jsonl");
        store.scan(options.selection, [&](const VersionView& view) {
            line.assign("{");
            append_field(line, "doc_id", view.doc_id);
            append_field(line, "url", view.url);
            append_field(line, "site", view.site);
            append_number(line, "version", view.number);
            append_field(line, "title", view.title);
            append_field(line, "author", view.author);
            append_field(line, "source", view.source);
            append_nullable(line, "published_at", view.published_at);
            append_time(line, "fetched_at", view.fetched_at);
            append_time(line, "archived_at", view.created_at);
            append_field(line, "plugin", view.plugin);
            append_field(line, "plugin_version", view.plugin_version);
            append_key(line, "topic_score");
            line.append(view.topic_score ? nlohmann::json(*view.topic_score).dump() : "null");
            append_key(line, "paywalled");
            line.append(view.paywalled ? "true" : "false");
            append_field(line, "content_hash", view.content_hash);
            append_key(line, "extra");
            if (!view.extra_json.empty() && nlohmann::json::accept(view.extra_json)) {
                line.append(view.extra_json);
            } else {
                line.append("null");
            }
            append_field(line, "body", view.body);
            line.append("}\n");
            out.write(line);
            report.bytes += static_cast<std::int64_t>(line.size());
            ++report.documents;
            return true;
        });
        out.close();
        return report;
    }

    OutputFile manifest(out_dir / "manifest.jsonl");
    fs::path file_path = out_dir / "x";
    store.scan(
        options.selection,
        [&](const VersionView& view) {
            const std::string name = corpus_file_name(report.documents, total, view.doc_id);
            text.clear();
            render_corpus_to(view.title, view.published_at, view.source, view.body, text);
            file_path.replace_filename(name);
            OutputFile file(file_path);
            file.write(text);
            file.close();
            sha.reset();
            sha.update(text);
            line.assign("{");
            append_field(line, "file", name);
            append_field(line, "doc_id", view.doc_id);
            append_field(line, "url", view.url);
            append_field(line, "site", view.site);
            append_number(line, "version", view.number);
            append_field(line, "title", view.title);
            append_nullable(line, "published_at", view.published_at);
            append_time(line, "fetched_at", view.fetched_at);
            append_field(line, "sha256", sha.hex_digest());
            line.append("}\n");
            manifest.write(line);
            report.bytes += static_cast<std::int64_t>(text.size());
            ++report.documents;
            return true;
        },
        [&](std::int64_t count) { total = count; });
    manifest.close();
    return report;
}

} // namespace newsarc::archive
