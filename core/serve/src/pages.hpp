// The pages of the app, one function per route, each in the file of its kind (routes_*.cpp). They throw
// RequestError for a bad request and let archive::ArchiveError through (the app maps both to error pages).
#pragma once
#include <filesystem>
#include <string_view>

#include "newsarc/archive/store.hpp"
#include "newsarc/serve/http.hpp"

namespace newsarc::serve {

HttpResponse documents_page(archive::Store& store, const HttpRequest& request, std::size_t page_size);
HttpResponse search_page(archive::Store& store, const HttpRequest& request);
HttpResponse document_page(archive::Store& store, const HttpRequest& request, std::string_view doc_id);
HttpResponse diff_page(archive::Store& store, const HttpRequest& request, std::string_view doc_id);
HttpResponse capture_page(archive::Store& store, std::string_view doc_id, std::string_view capture_id);
HttpResponse snapshots_page(archive::Store& store, const HttpRequest& request);
HttpResponse snapshot_diff_page(archive::Store& store, const HttpRequest& request);
HttpResponse runs_page(archive::Store& store, const HttpRequest& request);
HttpResponse health_page(archive::Store& store, const HttpRequest& request);
HttpResponse metrics_page(archive::Store& store, const std::filesystem::path& frontier);

} // namespace newsarc::serve
