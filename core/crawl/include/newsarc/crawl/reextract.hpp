// `newsarc reextract`: today's plugins, cleaning and topic over the raw pages the archive already holds, without a
// single network request. A site whose plugin broke and was mended gets its articles back from the captures of
// the runs in between; a plugin that got better improves what is archived.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "newsarc/archive/time.hpp"
#include "newsarc/crawl/job_config.hpp"

namespace newsarc::crawl {

struct ReextractOptions {
    std::filesystem::path archive_path;          ///< the archive to read and add versions to
    std::string site;                            ///< only pages of this site (a plugin id, or a host)
    std::optional<archive::TimePoint> since;     ///< only captures fetched at or after this
    std::optional<archive::TimePoint> until;     ///< ... and at or before this
    std::string plugin;                          ///< extract with this plugin only (and the generic fallback)
    bool dry_run = false;                        ///< count what would change, write nothing
    int workers = 0;                             ///< threads that extract (0: one per core); one thread writes
};

struct ReextractReport {
    std::int64_t captures = 0;       ///< article pages read again (the newest 2xx capture of each URL)
    std::int64_t versions_added = 0; ///< new versions: the cleaned output changed
    std::int64_t unchanged = 0;      ///< the cleaned output equals the latest version
    std::int64_t not_kept = 0;       ///< an article, but off topic or empty after cleaning (not archived)
    std::int64_t failed = 0;         ///< no article from the plugin (nor from the fallback)
    std::int64_t fallbacks = 0;      ///< of versions_added and unchanged, the generic extractor's

    [[nodiscard]] std::string json() const;
};

/// Re-extracts the archive's captures with the plugins, cleaning and topic of `job` (its plugin_dirs, site_dirs,
/// [clean], [topic]), on `workers` threads; the versions are written by this thread in capture order, in batches
/// (a kill loses at most the batch in hand, and a second run adds no duplicate: an unchanged output adds no
/// version). Throws newsarc::Failure when the
/// archive or the job's settings are unusable.
ReextractReport reextract(const JobConfig& job, const ReextractOptions& options);

} // namespace newsarc::crawl
