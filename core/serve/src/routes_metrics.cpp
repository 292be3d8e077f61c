// `/metrics` of `newsarc serve`: the served archive and its frontier in Prometheus text format.
#include "newsarc/serve/archive_metrics.hpp"
#include "pages.hpp"

namespace newsarc::serve {

HttpResponse metrics_page(archive::Store& store, const std::filesystem::path& frontier) {
    MetricsText text;
    add_archive_metrics(text, store, frontier);
    return metrics_response(text);
}

} // namespace newsarc::serve
