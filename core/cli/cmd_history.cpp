// `newsarc history DOC`: a document's versions (number, time, title, hash, plugin) and captures.
#include <iostream>
#include <memory>
#include <string>

#include "archive_cli.hpp"
#include "command.hpp"
#include "newsarc/base/result.hpp"

namespace newsarc::cli {
namespace {

struct HistoryArgs {
    std::string document;
};

int run_history(const HistoryArgs& args, const GlobalOptions& global) {
    archive::Store store = open_archive_for_reading(global);
    const auto document = store.find_document(args.document);
    if (!document) {
        throw usage_failure("no document '" + args.document + "' (by id or URL) in archive '" + global.db_path + "'");
    }
    std::cout << "document " << document->doc_id << "\n";
    std::cout << "  url:        " << (document->url.empty() ? "-" : document->url) << "\n";
    std::cout << "  site:       " << (document->site.empty() ? "-" : document->site) << "\n";
    std::cout << "  first seen: " << show_time(document->first_seen) << "\n";
    if (document->gone_at) {
        std::cout << "  gone since: " << show_time(*document->gone_at) << "\n";
    }
    const auto versions = store.history(document->doc_id);
    std::cout << "versions: " << versions.size() << "\n";
    for (const auto& version : versions) {
        std::cout << "  v" << version.number << "  " << show_time(version.created_at) << "  "
                  << version.content_hash.substr(0, 16) << "  " << version.plugin
                  << (version.plugin_version.empty() ? "" : " " + version.plugin_version) << "  "
                  << version.body_bytes << " bytes  " << (version.title.empty() ? "(no title)" : version.title)
                  << "\n";
    }
    const auto captures = store.captures(document->doc_id);
    std::cout << "captures: " << captures.size() << "\n";
    for (const auto& capture : captures) {
        std::cout << "  #" << capture.id << "  " << show_time(capture.fetched_at) << "  HTTP " << capture.http_status
                  << "  " << capture.body_bytes << " bytes  "
                  << (capture.body_hash.empty() ? "-" : capture.body_hash.substr(0, 16)) << "  " << capture.final_url
                  << "\n";
    }
    return 0;
}

Action register_history(Command& program, const GlobalOptions& global) {
    auto args = std::make_shared<HistoryArgs>();
    Command& sub = program.subcommand("history", "Show every version and capture of a document");
    sub.option("DOC", args->document, "Document id (16 hex digits) or URL").required();
    return [args, &global] { return run_history(*args, global); };
}

} // namespace

NEWSARC_COMMAND(40, register_history);

} // namespace newsarc::cli
