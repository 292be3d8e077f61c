// libFuzzer target: `newsarc serve`'s request handling on any request target: parse_target (the path and query
// decoder) and, for what it accepts, every route of the App over a small real archive (documents, two versions,
// a capture, a title holding markup). Each request must be answered (200, 301, 400 or 404), never crash, and no
// page may carry the archived markup unescaped.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <unistd.h>

#include "newsarc/archive/store.hpp"
#include "newsarc/serve/app.hpp"
#include "newsarc/serve/http.hpp"

namespace {

constexpr std::string_view kMarkup = "<script>alert(1)</script>";

std::filesystem::path make_archive() {
    const auto dir = std::filesystem::temp_directory_path() / ("newsarc-fuzz-serve-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / "a.db";
    std::filesystem::remove(path);
    namespace archive = newsarc::archive;
    archive::Store store = archive::Store::open(path);
    store.batch([&] {
        for (int n = 0; n < 3; ++n) {
            const std::string doc_id = "00000000000000a" + std::to_string(n);
            const std::string url = "https://news.example.test/a/" + std::to_string(n) + ".html";
            store.ensure_document(doc_id, url, "example");
            archive::CaptureInput capture;
            capture.url = url;
            capture.http_status = 200;
            capture.content_type = "text/html; charset=utf-8";
            capture.body = "<html><body><h1>大模型</h1><script>alert(2)</script></body></html>";
            capture.doc_id = doc_id;
            const std::int64_t capture_id = store.put_capture(capture);
            for (int v = 0; v < 2; ++v) {
                archive::VersionInput version;
                version.doc_id = doc_id;
                version.title = "大模型价格战 " + std::string(kMarkup) + " " + std::to_string(n);
                const std::string body = "第一段：算力需求上升。\n\n第二段：大模型价格下降。" +
                                         std::string(v == 1 ? "\n\n更新：新增一句。" : "");
                version.body = body;
                version.published_at = "2024-05-0" + std::to_string(n + 1) + "T10:00:00+08:00";
                version.plugin = "fuzz";
                version.capture_id = capture_id;
                store.put_version(version);
            }
        }
    });
    return path;
}

newsarc::serve::App& app() {
    static const std::filesystem::path archive = make_archive();
    static newsarc::serve::App instance(newsarc::serve::AppOptions{archive, {}, 50});
    return instance;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view target(reinterpret_cast<const char*>(data), size);
    for (const std::string_view method : {"GET", "HEAD"}) {
        const auto request = newsarc::serve::parse_target(method, target);
        if (!request) {
            continue;
        }
        const newsarc::serve::HttpResponse response = app().handle(*request);
        if (response.status != 200 && response.status != 301 && response.status != 302 && response.status != 400 &&
            response.status != 404) {
            std::abort();
        }
        // The raw capture is served as it was (inert, under CSP sandbox); every rendered page escapes.
        const bool raw_capture = request->path.find("/capture/") != std::string::npos;
        if (!raw_capture && response.body.find(kMarkup) != std::string::npos) {
            std::abort();
        }
    }
    return 0;
}
