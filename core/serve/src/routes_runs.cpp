// `/runs`: the recorded job runs newest first, with the counters `newsarc runs` shows.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "newsarc/serve/html.hpp"
#include "pages.hpp"
#include "request_error.hpp"

namespace newsarc::serve {
namespace {

/// A counter of a run's JSON ("ok", or "by_article.stored"); 0 when absent.
std::int64_t counter(const nlohmann::json& counters, const char* table, const char* name) {
    const nlohmann::json* node = &counters;
    if (table != nullptr) {
        if (!counters.is_object() || !counters.contains(table) || !counters[table].is_object()) {
            return 0;
        }
        node = &counters[table];
    }
    return node->is_object() && node->contains(name) && (*node)[name].is_number_integer()
               ? (*node)[name].get<std::int64_t>()
               : 0;
}

std::string text_of(const nlohmann::json& counters, const char* name) {
    return counters.is_object() && counters.contains(name) && counters[name].is_string()
               ? counters[name].get<std::string>()
               : std::string();
}

std::string degraded_sites(const nlohmann::json& counters) {
    std::string out;
    if (counters.is_object() && counters.contains("degraded") && counters["degraded"].is_array()) {
        for (const nlohmann::json& site : counters["degraded"]) {
            if (site.is_object() && site.contains("site") && site["site"].is_string()) {
                out += (out.empty() ? "" : ", ") + site["site"].get<std::string>();
            }
        }
    }
    return out;
}

} // namespace

HttpResponse runs_page(archive::Store& store, const HttpRequest& request) {
    const std::string job = text_param(request, "job", 200);
    const auto limit = static_cast<std::size_t>(integer_param(request, "limit", 1, 10000, 100));
    const auto runs = store.list_runs(limit, job);
    std::string html;
    if (!job.empty()) {
        html += "<p>Job " + escape(job) + " · <a href=\"/runs\">all jobs</a></p>\n";
    }
    if (runs.empty()) {
        html += "<p>No runs recorded" + (job.empty() ? std::string() : " for job " + escape(job)) +
                " (newsarc crawl records each run).</p>";
        return html_response(render_page("Runs 运行", "runs", html));
    }
    html += "<table><thead><tr><th>#</th><th>job</th><th>started 开始</th><th class=\"number\">seconds</th>"
            "<th class=\"number\">exit</th><th class=\"number\">fetched</th><th class=\"number\">ok</th>"
            "<th class=\"number\">errors</th><th class=\"number\">stored</th><th class=\"number\">unchanged</th>"
            "<th class=\"number\">off topic</th><th>snapshot</th><th>degraded</th></tr></thead><tbody>\n";
    for (const auto& run : runs) {
        const nlohmann::json counters = nlohmann::json::parse(run.counters_json, nullptr, false);
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.1f", std::chrono::duration<double>(run.ended - run.started).count());
        const std::string snapshot = text_of(counters, "snapshot");
        const std::string degraded = degraded_sites(counters);
        html += "<tr><td>" + std::to_string(run.id) + "</td><td><a href=\"/runs" + query_string({{"job", run.job}}) +
                "\">" + escape(run.job) + "</a></td><td>" + escape(show_time(run.started)) +
                "</td><td class=\"number\">" + seconds + "</td><td class=\"number\">" +
                std::to_string(run.exit_status) + "</td><td class=\"number\">" +
                std::to_string(counter(counters, nullptr, "fetched")) + "</td><td class=\"number\">" +
                std::to_string(counter(counters, nullptr, "ok")) + "</td><td class=\"number\">" +
                std::to_string(counter(counters, nullptr, "errors")) + "</td><td class=\"number\">" +
                std::to_string(counter(counters, "by_article", "stored")) + "</td><td class=\"number\">" +
                std::to_string(counter(counters, "by_article", "unchanged")) + "</td><td class=\"number\">" +
                std::to_string(counter(counters, "by_article", "off_topic")) + "</td><td>" + escape(snapshot) +
                "</td><td>" +
                (degraded.empty() ? std::string("-")
                                  : "<span class=\"tag degraded\">" + escape(degraded) + "</span>") +
                "</td></tr>\n";
    }
    html += "</tbody></table>\n";
    return html_response(render_page("Runs 运行", "runs", html));
}

} // namespace newsarc::serve
