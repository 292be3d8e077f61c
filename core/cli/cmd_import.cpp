// `newsarc import DIR [--site S]`: every *.txt corpus file in DIR, in name order, into the archive as it is;
// `newsarc import --format warc FILE`: the HTTP responses of a WARC file as captures.
#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "archive_cli.hpp"
#include "command.hpp"
#include "file_io.hpp"
#include "newsarc/archive/corpus_format.hpp"
#include "newsarc/archive/store.hpp"
#include "newsarc/archive/warc.hpp"
#include "newsarc/base/ids.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/base/utf8.hpp"
#include "newsarc/base/version.hpp"

namespace newsarc::cli {
namespace {

namespace fs = std::filesystem;

struct ImportArgs {
    std::string folder;
    std::string format = "corpus";
    std::string site;
    std::size_t batch = 1000;
};

int run_import_warc(const ImportArgs& args, const GlobalOptions& global) {
    if (!args.site.empty()) {
        throw usage_failure("--site applies to corpus folders; a WARC file names each capture's site itself");
    }
    std::error_code error;
    if (!fs::is_regular_file(args.folder, error)) {
        throw usage_failure("'" + args.folder + "' is not a file - name a .warc or .warc.gz file");
    }
    archive::Store store = open_archive_for_writing(global);
    archive::WarcImportOptions options;
    options.batch = args.batch;
    const archive::WarcImportReport report = archive::import_warc(store, args.folder, options);
    for (const std::string& problem : report.problems) {
        std::cerr << "import: " << problem << "\n";
    }
    std::cout << "import: " << report.records << " WARC records, " << report.responses << " HTTP responses from "
              << args.folder << ": " << report.imported << " imported, " << report.already_archived
              << " already archived, " << report.problems.size() << " bad (archive " << global.db_path << ")\n";
    return report.problems.empty() ? 0 : 1;
}

/// The doc id in a corpus file name: the 16-hex part of "NNN_<16hex>.txt" or "<16hex>.txt"; empty when none.
std::string doc_id_from_file_name(std::string_view name) {
    if (name.size() < 20 || name.substr(name.size() - 4) != ".txt") {
        return {};
    }
    const std::string_view stem = name.substr(0, name.size() - 4);
    const std::string_view candidate = stem.substr(stem.size() - 16);
    if (!newsarc::is_doc_id(candidate)) {
        return {};
    }
    if (stem.size() == 16) {
        return std::string(candidate);
    }
    const std::string_view prefix = stem.substr(0, stem.size() - 17);
    const bool numbered = stem[stem.size() - 17] == '_' && !prefix.empty() &&
                          std::all_of(prefix.begin(), prefix.end(), [](char c) { return c >= '0' && c <= '9'; });
    return numbered ? std::string(candidate) : std::string();
}

int run_import(const ImportArgs& args, const GlobalOptions& global) {
    if (args.format == "warc") {
        return run_import_warc(args, global);
    }
    const fs::path folder = args.folder;
    std::error_code error;
    if (!fs::is_directory(folder, error)) {
        throw usage_failure("'" + args.folder + "' is not a folder");
    }
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name.size() > 4 && name.compare(name.size() - 4, 4, ".txt") == 0) {
            names.push_back(name);
        }
    }
    std::sort(names.begin(), names.end());

    archive::Store store = open_archive_for_writing(global);
    const std::string plugin_version(newsarc::version());
    std::int64_t imported = 0;
    std::int64_t unchanged = 0;
    std::int64_t failed = 0;
    std::string text;
    std::size_t next = 0;
    while (next < names.size()) {
        archive::Store::Transaction transaction(store);
        const std::size_t end = std::min(names.size(), next + std::max<std::size_t>(args.batch, 1));
        for (; next < end; ++next) {
            const std::string& name = names[next];
            const fs::path path = folder / name;
            const std::string problem = read_whole_file(path, text);
            if (!problem.empty()) {
                std::cerr << "import: " << path.string() << ": " << problem << " - skipped\n";
                ++failed;
                continue;
            }
            if (text.empty()) {
                std::cerr << "import: " << path.string() << ": empty file - skipped\n";
                ++failed;
                continue;
            }
            const std::size_t bad = newsarc::utf8::first_invalid(text);
            if (bad != std::string::npos) {
                std::cerr << "import: " << path.string() << ": not valid UTF-8 (first bad byte at offset " << bad
                          << ") - skipped\n";
                ++failed;
                continue;
            }
            std::string doc_id = doc_id_from_file_name(name);
            std::string url;
            if (doc_id.empty()) {
                url = "file:" + name;
                doc_id = newsarc::doc_id_for_url(url);
                std::cerr << "import: " << path.string() << ": the name has no 16-hex doc id; using " << doc_id
                          << " (derived from \"" << url << "\")\n";
            }
            archive::CorpusRecord record = archive::parse_corpus(text);
            store.ensure_document(doc_id, url, args.site);
            archive::VersionInput version;
            version.doc_id = std::move(doc_id);
            version.title = std::move(record.title);
            version.source = std::move(record.source);
            version.published_at = std::move(record.published_at);
            version.body = record.body;
            version.plugin = "import";
            version.plugin_version = plugin_version;
            const auto result = store.put_version(version);
            ++(result.created ? imported : unchanged);
        }
        transaction.commit();
    }
    std::cout << "import: " << names.size() << " files from " << folder.string() << ": " << imported << " imported, "
              << unchanged << " unchanged, " << failed << " failed (archive " << global.db_path << ")\n";
    return failed > 0 ? 1 : 0;
}

Action register_import(Command& program, const GlobalOptions& global) {
    auto args = std::make_shared<ImportArgs>();
    Command& sub = program.subcommand(
        "import", "Import every *.txt corpus file of a folder (NNN_<docid>.txt), in name order, exactly as it is; or "
                  "with --format warc the HTTP responses of a WARC file, as captures");
    sub.option("DIR", args->folder, "Folder of corpus text files; with --format warc, a .warc or .warc.gz file")
        .required();
    sub.option("--format", args->format,
               "corpus (a folder of text files) or warc (HTTP responses of a WARC file, as captures)")
        .check(Check::one_of({"corpus", "warc"}))
        .show_default();
    sub.option("--site", args->site, "Site recorded for new documents (corpus)");
    sub.option("--batch", args->batch, "Files (or WARC captures) per transaction").show_default();
    return [args, &global] { return run_import(*args, global); };
}

} // namespace

NEWSARC_COMMAND(10, register_import);

} // namespace newsarc::cli
