// Merging archives: the archives of several crawl workers (one each, sharing a Redis frontier) into one.
#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

#include "newsarc/archive/store.hpp"

namespace newsarc::archive {

struct MergeReport {
    std::int64_t documents = 0; ///< documents created in the output
    std::int64_t versions = 0;  ///< versions added
    std::int64_t captures = 0;  ///< captures added
    std::int64_t fetches = 0;   ///< fetch-log rows added
    std::int64_t runs = 0;      ///< runs added
};

/// Merges `inputs` into `out`, in one transaction:
/// - documents by doc id; the ones new to `out` are added in URL order (then doc id), so the insertion order,
///   and with it the export's NNN_ file names, depends on what was archived, not on which worker fetched what
///   when; first_seen is the earliest of the inputs';
/// - captures (raw bodies by hash), all inputs' in fetch-time order;
/// - versions by content hash in time order: each document's versions of all inputs, oldest first, a version
///   equal to the document's latest adding nothing (two workers that fetched the same page give one version);
/// - fetch-log rows (in time order) and runs.
/// Idempotent: what `out` already holds (a capture of the same URL, time and status; a version of the same
/// hash and time; an equal fetch-log row or run) is not added again. Snapshots and site health are not merged.
/// Throws ArchiveError naming the input that cannot be read.
MergeReport merge_archives(Store& out, const std::vector<std::filesystem::path>& inputs);

} // namespace newsarc::archive
