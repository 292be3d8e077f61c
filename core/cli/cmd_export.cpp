// `newsarc export --out DIR`: the archive (latest, a snapshot, or as of a time) as corpus files + manifest.jsonl,
// as one corpus.jsonl, or its raw captures as newsarc.warc.gz; deterministic.
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "archive_cli.hpp"
#include "command.hpp"
#include "newsarc/archive/exporter.hpp"
#include "newsarc/archive/warc.hpp"
#include "newsarc/base/version.hpp"

namespace newsarc::cli {
namespace {

struct ExportArgs {
    std::string out;
    std::string snapshot;
    std::string as_of;
    std::string format = "corpus";
    std::string site;
    bool force = false;
    std::optional<double> min_topic_score;
    bool dedup = false;
    bool all_captures = false;
};

int run_export_warc(const ExportArgs& args, const archive::Selection& selection, const GlobalOptions& global) {
    archive::WarcExportOptions options;
    options.selection = selection;
    options.all_captures = args.all_captures;
    options.force = args.force;
    options.software = "newsarc/" + std::string(newsarc::version());
    archive::Store store = open_archive_for_reading(global);
    const archive::WarcExportReport report = archive::export_warc(store, args.out, options);
    std::cout << "export: " << report.captures << " captures of " << report.documents - report.documents_without_capture
              << " documents (" << report.records << " WARC records, " << show_bytes(report.bytes) << ") to "
              << report.file.string() << "\n";
    if (report.redirect_captures > 0) {
        std::cout << "export: " << report.redirect_captures
                  << " of the captures are redirect hops, each written before the capture it led to\n";
    }
    if (report.documents_without_capture > 0) {
        std::cout << "export: " << report.documents_without_capture
                  << " documents have no capture (imported text) and are not in the WARC file\n";
    }
    if (report.skipped_captures > 0) {
        std::cout << "export: " << report.skipped_captures << " captures without an HTTP status were left out\n";
    }
    return 0;
}

int run_export(const ExportArgs& args, const GlobalOptions& global) {
    archive::ExportOptions options;
    options.selection.snapshot = args.snapshot;
    if (!args.as_of.empty()) {
        options.selection.as_of = parse_time_argument("--as-of", args.as_of);
    }
    options.selection.site = args.site;
    options.selection.min_topic_score = args.min_topic_score;
    options.selection.dedup = args.dedup;
    if (args.format == "warc") {
        return run_export_warc(args, options.selection, global);
    }
    if (args.all_captures) {
        throw usage_failure("--all-captures applies to --format warc only");
    }
    options.format = args.format == "jsonl" ? archive::ExportFormat::jsonl : archive::ExportFormat::corpus;
    options.force = args.force;
    archive::Store store = open_archive_for_reading(global);
    const archive::ExportReport report = archive::export_corpus(store, args.out, options);
    std::cout << "export: " << report.documents << " documents (" << show_bytes(report.bytes) << ") to " << args.out
              << (options.format == archive::ExportFormat::jsonl ? "/corpus.jsonl" : "") << "\n";
    return 0;
}

Action register_export(Command& program, const GlobalOptions& global) {
    auto args = std::make_shared<ExportArgs>();
    Command& sub = program.subcommand(
        "export", "Write the archive as corpus files NNN_<docid>.txt + manifest.jsonl (or one corpus.jsonl, or its raw "
                  "captures as newsarc.warc.gz)");
    sub.option("--out", args->out, "Output folder (created when missing; must be empty unless --force)")
        .required();
    const Option& snapshot = sub.option("--snapshot", args->snapshot, "Export the versions frozen in this snapshot");
    sub.option("--as-of", args->as_of, "Export the versions as they were at TIME (YYYY-MM-DD[ HH:MM[:SS]])")
        .excludes(snapshot);
    sub.option("--format", args->format,
               "corpus (text files + manifest), jsonl, or warc (the raw captures the versions were made from)")
        .check(Check::one_of({"corpus", "jsonl", "warc"}))
        .show_default();
    sub.option("--site", args->site, "Only documents of this site");
    sub.flag("--force", args->force, "Write into a non-empty folder (replaces a previous export's files)");
    sub.option("--min-topic-score", args->min_topic_score, "Only versions scored at least X for the topic");
    sub.flag("--dedup", args->dedup,
             "One document per near-duplicate cluster: the one whose site is the named source, else the earliest");
    sub.flag("--all-captures", args->all_captures,
             "With --format warc: every capture of each selected document, not only its version's source");
    return [args, &global] { return run_export(*args, global); };
}

} // namespace

NEWSARC_COMMAND(20, register_export);

} // namespace newsarc::cli
