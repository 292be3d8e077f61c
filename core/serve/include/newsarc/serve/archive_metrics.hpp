// The archive's numbers as Prometheus families, for `newsarc serve`'s /metrics and `newsarc daemon
// --metrics-port`: fetches by host and outcome, documents and articles by state, per-site extraction of the last
// run, the last run of each job, table sizes, and the crawl frontier's size.
#pragma once
#include <filesystem>

#include "newsarc/archive/store.hpp"
#include "newsarc/serve/http.hpp"
#include "newsarc/serve/prometheus.hpp"

namespace newsarc::serve {

/// Adds every newsarc_* family of the archive behind `store` (archive::collect_metrics, one consistent read)
/// and of the frontier file `frontier` (absent: no frontier samples), each sample's labels starting with
/// `labels` (e.g. {"archive", path} when one endpoint reports several archives). newsarc_archive_up is 1.
void add_archive_metrics(MetricsText& text, archive::Store& store, const std::filesystem::path& frontier,
                         const MetricLabels& labels = {});

/// Adds newsarc_archive_up 0 for an archive that could not be read (missing before a job's first run, damaged).
void add_unreadable_archive(MetricsText& text, const MetricLabels& labels);

/// The scrape answer: `text` rendered, in the Prometheus text content type.
HttpResponse metrics_response(const MetricsText& text);

} // namespace newsarc::serve
