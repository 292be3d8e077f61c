// bench/serve: how serve's pages cost on a large archive. Writes N documents (a few sites, dates spread over
// two years, short Chinese texts) through the archive API, then through serve's App (no socket: the page work
// only) times the listing's first page, walks every later page by its `after` cursor to the end, and times a
// search and a document page. Prints numbers; asserts nothing but that the walk saw every document once.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "newsarc/archive/store.hpp"
#include "newsarc/base/ids.hpp"
#include "newsarc/serve/app.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// The `after` cursor of the "next page" link of a listing page, or "".
std::string next_cursor(const std::string& html) {
    const std::string marker = "rel=\"next\" href=\"/?";
    const auto at = html.find(marker);
    if (at == std::string::npos) {
        return {};
    }
    const auto cursor = html.find("after=", at);
    const auto end = html.find('"', cursor);
    return html.substr(cursor + 6, end - cursor - 6);
}

} // namespace

int main(int argc, char** argv) {
    long documents = 100000;
    std::filesystem::path work = std::filesystem::temp_directory_path() / "newsarc-bench-serve";
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--docs") == 0 && i + 1 < argc) {
            documents = std::stol(argv[++i]);
        } else if (std::strcmp(argv[i], "--work") == 0 && i + 1 < argc) {
            work = argv[++i];
        } else if (std::strcmp(argv[i], "--keep") == 0) {
            keep = true;
        } else {
            std::fprintf(stderr, "usage: %s [--docs N] [--work DIR] [--keep]\n", argv[0]);
            return 2;
        }
    }
    std::filesystem::remove_all(work);
    std::filesystem::create_directories(work);
    const auto archive = work / "bench.db";
    using namespace newsarc;

    const auto write_start = Clock::now();
    {
        archive::Store store = archive::Store::open(archive, archive::OpenMode::read_write);
        const char* sites[] = {"guancha", "huxiu", "wallstreetcn", "qbitai", "sina"};
        const auto first_day = *archive::parse_time("2024-01-01T08:00:00+08:00");
        constexpr long kBatch = 2000;
        for (long start = 0; start < documents; start += kBatch) {
            store.batch([&] {
                for (long n = start; n < std::min(documents, start + kBatch); ++n) {
                    const std::string url = "https://news.example/" + std::to_string(n) + ".html";
                    const std::string id = doc_id_for_url(url);
                    store.ensure_document(id, url, sites[n % 5]);
                    archive::VersionInput version;
                    version.doc_id = id;
                    version.title = "第" + std::to_string(n) + "篇：大模型与算力的新闻";
                    version.published_at = archive::format_iso(first_day + std::chrono::minutes(7 * n));
                    const std::string body = "这是第" + std::to_string(n) +
                                             "篇文章的正文。多家厂商本周发布了新的模型，推理成本继续下降。\n\n"
                                             "第二段讲述数据中心的电力与散热。编号" +
                                             std::to_string(n * 7919 % 100003) + "。";
                    version.body = body;
                    version.plugin = "bench";
                    version.topic_score = static_cast<double>(n % 30);
                    store.put_version(version);
                }
            });
        }
    }
    const double write_s = ms_since(write_start) / 1000;
    std::printf("archive: %ld documents written in %.1f s (%.0f documents/s), file %.1f MB\n", documents, write_s,
                static_cast<double>(documents) / write_s,
                static_cast<double>(std::filesystem::file_size(archive)) / 1e6);

    serve::App app(serve::AppOptions{archive, {}, 50});
    const auto get = [&](const std::string& target, double& ms) {
        const auto start = Clock::now();
        const auto request = serve::parse_target("GET", target);
        serve::HttpResponse response = app.handle(*request);
        ms = ms_since(start);
        if (response.status != 200) {
            std::fprintf(stderr, "%s -> %d\n%s\n", target.c_str(), response.status, response.body.c_str());
            std::exit(1);
        }
        return response.body;
    };
    double first_ms = 0;
    std::string page = get("/?limit=200", first_ms);
    std::printf("listing: first page (200 rows, with the total count) %.1f ms\n", first_ms);
    long pages = 1;
    long rows = 0;
    double total_ms = first_ms;
    double slowest_ms = first_ms;
    double last_ms = 0;
    for (std::size_t at = page.find("<tr><td>"); at != std::string::npos; at = page.find("<tr><td>", at + 1)) {
        ++rows;
    }
    for (std::string cursor = next_cursor(page); !cursor.empty(); cursor = next_cursor(page)) {
        page = get("/?limit=200&after=" + cursor, last_ms);
        ++pages;
        total_ms += last_ms;
        slowest_ms = std::max(slowest_ms, last_ms);
        for (std::size_t at = page.find("<tr><td>"); at != std::string::npos; at = page.find("<tr><td>", at + 1)) {
            ++rows;
        }
    }
    std::printf("listing: %ld pages walked by cursor to the end, %ld rows (%s), mean %.1f ms, slowest %.1f ms, "
                "last page %.1f ms\n",
                pages, rows, rows == documents ? "every document once" : "MISMATCH", total_ms / static_cast<double>(pages),
                slowest_ms, last_ms);
    double filtered_ms = 0;
    get("/?site=huxiu&from=2024-06-01&to=2024-06-30&min_score=10", filtered_ms);
    std::printf("listing: site + month + score filter, first page %.1f ms\n", filtered_ms);
    double search_ms = 0;
    get("/search?q=%E6%95%B0%E6%8D%AE%E4%B8%AD%E5%BF%83", search_ms);
    std::printf("search: 数据中心 (every document matches), first page with total %.1f ms\n", search_ms);
    double rare_ms = 0;
    get("/search?q=%E7%AC%AC99999%E7%AF%87", rare_ms);
    std::printf("search: 第99999篇 (one match), %.1f ms\n", rare_ms);
    double doc_ms = 0;
    get("/doc/" + doc_id_for_url("https://news.example/" + std::to_string(documents / 2) + ".html"), doc_ms);
    std::printf("document page: %.1f ms; health page: ", doc_ms);
    double health_ms = 0;
    get("/health", health_ms);
    std::printf("%.1f ms; metrics: ", health_ms);
    double metrics_ms = 0;
    get("/metrics", metrics_ms);
    std::printf("%.1f ms\n", metrics_ms);
    if (!keep) {
        std::filesystem::remove_all(work);
    }
    return rows == documents ? 0 : 1;
}
