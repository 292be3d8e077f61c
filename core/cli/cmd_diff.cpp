// `newsarc diff DOC [V1 V2]`: a unified diff of the corpus text of two versions (the latest two by default).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "archive_cli.hpp"
#include "command.hpp"
#include "newsarc/archive/corpus_format.hpp"
#include "newsarc/archive/line_diff.hpp"
#include "newsarc/base/result.hpp"

namespace newsarc::cli {
namespace {

struct DiffArgs {
    std::string document;
    std::vector<int> numbers;
};

int run_diff(const DiffArgs& args, const GlobalOptions& global) {
    if (!args.numbers.empty() && args.numbers.size() != 2) {
        throw usage_failure("give two version numbers (V1 V2) or none for the latest two");
    }
    archive::Store store = open_archive_for_reading(global);
    const auto document = store.find_document(args.document);
    if (!document) {
        throw usage_failure("no document '" + args.document + "' (by id or URL) in archive '" + global.db_path + "'");
    }
    int first = 0;
    int second = 0;
    if (args.numbers.empty()) {
        if (document->latest_version < 2) {
            std::cout << "document " << document->doc_id << " has " << document->latest_version
                      << " version(s): nothing to compare\n";
            return 0;
        }
        first = document->latest_version - 1;
        second = document->latest_version;
    } else {
        first = args.numbers[0];
        second = args.numbers[1];
    }
    const auto load = [&](int number) {
        auto version = store.version(document->doc_id, number);
        if (!version || number < 1) {
            throw usage_failure("document " + document->doc_id + " has no version " + std::to_string(number) +
                                " (it has 1 to " + std::to_string(document->latest_version) + ")");
        }
        return std::move(*version);
    };
    const archive::VersionRecord a = load(first);
    const archive::VersionRecord b = load(second);
    const auto render = [](const archive::VersionRecord& version) {
        return archive::render_corpus(archive::CorpusRecord{version.info.title, version.info.published_at,
                                                            version.info.source, version.body});
    };
    const auto label = [&](const archive::VersionRecord& version) {
        return document->doc_id + " v" + std::to_string(version.info.number) + "\t" +
               show_time(version.info.created_at);
    };
    const std::string diff = archive::unified_diff(render(a), render(b), label(a), label(b));
    if (diff.empty()) {
        std::cout << "versions " << first << " and " << second << " of " << document->doc_id << " have the same text\n";
    } else {
        std::cout << diff;
    }
    return 0;
}

Action register_diff(Command& program, const GlobalOptions& global) {
    auto args = std::make_shared<DiffArgs>();
    Command& sub = program.subcommand("diff", "Unified diff of two versions of a document (the latest two by default)");
    sub.option("DOC", args->document, "Document id (16 hex digits) or URL").required();
    sub.option("VERSIONS", args->numbers, "Two version numbers V1 V2").expected(0, 2);
    return [args, &global] { return run_diff(*args, global); };
}

} // namespace

NEWSARC_COMMAND(50, register_diff);

} // namespace newsarc::cli
