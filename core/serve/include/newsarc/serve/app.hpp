// The web app of `newsarc serve`: every page over one archive, through a read-only connection of its own.
#pragma once
#include <cstddef>
#include <filesystem>
#include <memory>

#include "newsarc/serve/http.hpp"

namespace newsarc::serve {

struct AppOptions {
    std::filesystem::path archive;  ///< the archive file
    std::filesystem::path frontier; ///< its crawl state for /metrics' frontier size; empty: "<archive>.frontier"
    std::size_t page_size = 50;     ///< documents per page of the listing (a ?limit= of 1..200 overrides it)
};

/// One instance per server thread: it owns a read-only archive::Store, which is not thread-safe. The archive is
/// never written; pages see what other processes (a crawl) committed up to each request.
///
/// Routes: `/` documents newest first (filters: site, from, to, min_score, state; paged by `after`),
/// `/search?q=`, `/doc/<id>` (?v=N for an older version), `/doc/<id>/diff?a=N&b=M`, `/doc/<id>/capture/<n>`
/// (the raw page, inert), `/snapshots`, `/snapshots/diff?a=&b=`, `/runs`, `/health`, `/metrics`, `/style.css`.
/// A bad parameter answers 400 with the reason, something missing 404; nothing is read from the file system
/// but the archive and its frontier.
class App {
public:
    /// Opens the archive read-only. Throws archive::ArchiveError naming the file (a missing or damaged file, or
    /// one of an older schema, which a read-only connection cannot migrate).
    explicit App(AppOptions options);
    ~App();
    App(App&&) noexcept;
    App& operator=(App&&) noexcept;

    HttpResponse handle(const HttpRequest& request);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace newsarc::serve
