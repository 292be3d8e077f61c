// `newsarc stats`: documents, versions, captures, snapshots, sites, and raw vs stored bytes.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "archive_cli.hpp"
#include "command.hpp"

namespace newsarc::cli {
namespace {

std::string percent(std::int64_t part, std::int64_t whole) {
    if (whole <= 0) {
        return "-";
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
    return text;
}

int run_stats(const GlobalOptions& global) {
    archive::Store store = open_archive_for_reading(global);
    const archive::StoreStats stats = store.stats();
    std::cout << "archive:    " << global.db_path << " (" << show_bytes(stats.file_bytes) << ")\n";
    std::cout << "documents:  " << stats.documents << " (" << stats.gone_documents << " gone)\n";
    std::cout << "versions:   " << stats.versions << "\n";
    std::cout << "captures:   " << stats.captures << " (" << stats.blobs << " distinct bodies)\n";
    std::cout << "snapshots:  " << stats.snapshots << "\n";
    std::cout << "fetch log:  " << stats.fetches << " entries, " << stats.runs << " runs\n";
    std::cout << "sites:      " << stats.sites.size() << "\n";
    for (const auto& [site, count] : stats.sites) {
        std::cout << "  " << (site.empty() ? "(none)" : site) << ": " << count << "\n";
    }
    const std::int64_t raw = stats.raw_text_bytes + stats.raw_page_bytes;
    const std::int64_t stored = stats.stored_text_bytes + stats.stored_page_bytes;
    std::cout << "text:       " << stats.raw_text_bytes << " bytes raw, " << stats.stored_text_bytes << " stored ("
              << percent(stats.stored_text_bytes, stats.raw_text_bytes) << ")\n";
    std::cout << "pages:      " << stats.raw_page_bytes << " bytes raw, " << stats.stored_page_bytes << " stored ("
              << percent(stats.stored_page_bytes, stats.raw_page_bytes) << ")\n";
    std::cout << "total:      " << raw << " bytes raw, " << stored << " stored, file " << stats.file_bytes
              << " bytes (" << percent(stats.file_bytes, raw) << " of raw)\n";
    return 0;
}

Action register_stats(Command& program, const GlobalOptions& global) {
    program.subcommand("stats", "Counts and sizes of the archive");
    return [&global] { return run_stats(global); };
}

} // namespace

NEWSARC_COMMAND(60, register_stats);

} // namespace newsarc::cli
