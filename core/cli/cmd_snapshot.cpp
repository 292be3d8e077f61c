// `newsarc snapshot create NAME [--as-of TIME] | list | diff A B`: named, frozen selections of versions.
#include <iostream>
#include <memory>
#include <string>

#include "archive_cli.hpp"
#include "command.hpp"

namespace newsarc::cli {
namespace {

struct SnapshotArgs {
    std::string name;
    std::string as_of;
    std::string first;
    std::string second;
};

int run_create(const SnapshotArgs& args, const GlobalOptions& global) {
    std::optional<archive::TimePoint> as_of;
    if (!args.as_of.empty()) {
        as_of = parse_time_argument("--as-of", args.as_of);
    }
    archive::Store store = open_archive_for_writing(global);
    const archive::SnapshotInfo snapshot = store.create_snapshot(args.name, as_of);
    std::cout << "snapshot '" << snapshot.name << "': " << snapshot.documents << " documents as of "
              << show_time(snapshot.as_of) << "\n";
    return 0;
}

int run_list(const GlobalOptions& global) {
    archive::Store store = open_archive_for_reading(global);
    const auto snapshots = store.list_snapshots();
    if (snapshots.empty()) {
        std::cout << "no snapshots\n";
        return 0;
    }
    for (const auto& snapshot : snapshots) {
        std::cout << snapshot.name << "\tas of " << show_time(snapshot.as_of) << "\tcreated "
                  << show_time(snapshot.created_at) << "\t" << snapshot.documents << " documents\n";
    }
    return 0;
}

int run_diff(const SnapshotArgs& args, const GlobalOptions& global) {
    archive::Store store = open_archive_for_reading(global);
    const archive::SnapshotDiff diff = store.diff_snapshots(args.first, args.second);
    for (const auto& doc_id : diff.added) {
        std::cout << "added\t" << doc_id << "\n";
    }
    for (const auto& doc_id : diff.changed) {
        std::cout << "changed\t" << doc_id << "\n";
    }
    for (const auto& doc_id : diff.removed) {
        std::cout << "removed\t" << doc_id << "\n";
    }
    std::cout << args.first << " -> " << args.second << ": " << diff.added.size() << " added, "
              << diff.changed.size() << " changed, " << diff.removed.size() << " removed\n";
    return 0;
}

Action register_snapshot(Command& program, const GlobalOptions& global) {
    auto args = std::make_shared<SnapshotArgs>();
    Command& sub = program.subcommand("snapshot", "Create, list and compare named snapshots of the archive");
    sub.require_subcommand(1, 1);
    Command& create = sub.subcommand("create", "Freeze the latest version of every document under NAME");
    create.option("NAME", args->name, "Snapshot name").required();
    create.option("--as-of", args->as_of, "Freeze the versions as they were at TIME");
    const Command& list = sub.subcommand("list", "List the snapshots");
    Command& diff = sub.subcommand("diff", "Documents added, changed and removed from snapshot A to snapshot B");
    diff.option("A", args->first, "The older snapshot").required();
    diff.option("B", args->second, "The newer snapshot").required();
    return [args, &global, &create, &list] {
        if (create.parsed()) {
            return run_create(*args, global);
        }
        if (list.parsed()) {
            return run_list(global);
        }
        return run_diff(*args, global);
    };
}

} // namespace

NEWSARC_COMMAND(30, register_snapshot);

} // namespace newsarc::cli
