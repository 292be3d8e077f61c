// App: the router. Splits the path, picks the page, and turns RequestError and ArchiveError into error pages.
#include "newsarc/serve/app.hpp"

#include <vector>

#include "newsarc/archive/store.hpp"
#include "newsarc/base/log.hpp"
#include "newsarc/serve/html.hpp"
#include "pages.hpp"
#include "request_error.hpp"

namespace newsarc::serve {
namespace {

std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> parts;
    while (!path.empty()) {
        path.remove_prefix(path.front() == '/' ? 1 : 0);
        const std::size_t end = path.find('/');
        parts.push_back(path.substr(0, end));
        path = end == std::string_view::npos ? std::string_view() : path.substr(end);
    }
    return parts;
}

} // namespace

struct App::Impl {
    AppOptions options;
    archive::Store store;

    HttpResponse route(const HttpRequest& request) {
        const std::string& path = request.path;
        if (path == "/") {
            return documents_page(store, request, options.page_size);
        }
        if (path == "/style.css") {
            return stylesheet();
        }
        if (path == "/search") {
            return search_page(store, request);
        }
        if (path == "/snapshots") {
            return snapshots_page(store, request);
        }
        if (path == "/snapshots/diff") {
            return snapshot_diff_page(store, request);
        }
        if (path == "/runs") {
            return runs_page(store, request);
        }
        if (path == "/health") {
            return health_page(store, request);
        }
        if (path == "/metrics") {
            return metrics_page(store, options.frontier);
        }
        const auto parts = segments(path);
        if (parts.size() >= 2 && parts[0] == "doc") {
            const std::string doc_id = doc_id_segment(parts[1]);
            if (parts.size() == 2) {
                return document_page(store, request, doc_id);
            }
            if (parts.size() == 3 && parts[2] == "diff") {
                return diff_page(store, request, doc_id);
            }
            if (parts.size() == 4 && parts[2] == "capture") {
                return capture_page(store, doc_id, parts[3]);
            }
        }
        throw RequestError(404, "there is no page at " + path);
    }
};

App::App(AppOptions options)
    : impl_(std::make_unique<Impl>(Impl{options, archive::Store::open(options.archive, archive::OpenMode::read_only)})) {
    if (impl_->options.frontier.empty()) {
        impl_->options.frontier = impl_->options.archive;
        impl_->options.frontier += ".frontier";
    }
}

App::~App() = default;
App::App(App&&) noexcept = default;
App& App::operator=(App&&) noexcept = default;

HttpResponse App::handle(const HttpRequest& request) {
    try {
        return impl_->route(request);
    } catch (const RequestError& error) {
        return error_page(error.status(), error.what());
    } catch (const archive::ArchiveError& error) {
        switch (error.code()) {
        case archive::ArchiveErrc::not_found: return error_page(404, error.what());
        case archive::ArchiveErrc::invalid: return error_page(400, error.what());
        default:
            log::get("serve")->error("event=archive_error target=\"{}\" error=\"{}\"", request.target, error.what());
            return error_page(500, error.what());
        }
    }
}

} // namespace newsarc::serve
