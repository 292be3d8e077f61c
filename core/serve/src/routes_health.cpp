// `/health`: each site's last run judged as `newsarc health` judges it, and two inline SVG charts: articles per
// day per site (by the document's date) and each site's extraction success over its recent runs.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "newsarc/archive/browse.hpp"
#include "newsarc/crawl/health.hpp"
#include "newsarc/serve/html.hpp"
#include "newsarc/serve/svg_chart.hpp"
#include "pages.hpp"
#include "request_error.hpp"

namespace newsarc::serve {
namespace {

constexpr std::size_t kChartSites = 8; ///< the sites with the most documents get a line each

std::string percent(const std::optional<double>& share) {
    if (!share) {
        return "-";
    }
    char text[16];
    std::snprintf(text, sizeof text, "%.0f%%", *share * 100);
    return text;
}

/// Documents per day of each of the biggest sites, over the `days` days up to the newest document's date.
LineChart articles_per_day(archive::Store& store, int days) {
    LineChart chart;
    chart.title = "Articles per day per site 每日文章数";
    const archive::DocumentPage newest = archive::list_documents(store, {}, {}, 1);
    if (newest.rows.empty()) {
        return chart;
    }
    auto sites = archive::list_sites(store);
    std::stable_sort(sites.begin(), sites.end(), [](const auto& a, const auto& b) { return a.documents > b.documents; });
    sites.resize(std::min(sites.size(), kChartSites));
    // Days in China time (no daylight saving: a day is always 24 hours).
    const auto last_day = archive::parse_time(archive::format_iso(newest.rows.front().listed_at).substr(0, 10));
    if (!last_day) {
        return chart;
    }
    std::vector<archive::TimePoint> starts;
    for (int day = days - 1; day >= 0; --day) {
        starts.push_back(*last_day - std::chrono::hours(24) * day);
        chart.x_labels.push_back(archive::format_iso(starts.back()).substr(5, 5));
    }
    for (const auto& site : sites) {
        ChartSeries series{site.site.empty() ? "(no site)" : site.site, {}};
        for (const auto& start : starts) {
            archive::DocumentFilter filter;
            filter.site = site.site;
            filter.since = start;
            filter.until = start + std::chrono::hours(24) - std::chrono::milliseconds(1);
            series.values.emplace_back(static_cast<double>(archive::count_documents(store, filter)));
        }
        chart.series.push_back(std::move(series));
    }
    return chart;
}

/// Each site's share of article pages its own plugin extracted, per run, over the last `runs` runs.
LineChart success_over_runs(archive::Store& store, std::size_t runs) {
    LineChart chart;
    chart.title = "Extraction success over runs 提取成功率";
    chart.percent = true;
    chart.y_max = 1.0;
    std::map<std::string, std::map<std::int64_t, double>> by_site;
    std::set<std::int64_t> run_ids;
    std::map<std::int64_t, archive::TimePoint> started;
    for (const auto& record : store.site_health({}, runs)) {
        const auto success = crawl::site_counts_from_json(record.counts_json).success();
        if (success) {
            by_site[record.site][record.run_id] = *success;
            run_ids.insert(record.run_id);
            started[record.run_id] = record.at;
        }
    }
    std::vector<std::int64_t> axis(run_ids.begin(), run_ids.end());
    if (axis.size() > runs) {
        axis.erase(axis.begin(), axis.end() - static_cast<std::ptrdiff_t>(runs));
    }
    for (const auto id : axis) {
        chart.x_labels.push_back("#" + std::to_string(id) + " " + archive::format_iso(started[id]).substr(5, 5));
    }
    for (const auto& [site, values] : by_site) {
        if (chart.series.size() == kChartSites) {
            break;
        }
        ChartSeries series{site, {}};
        for (const auto id : axis) {
            const auto found = values.find(id);
            series.values.push_back(found == values.end() ? std::nullopt : std::optional<double>(found->second));
        }
        chart.series.push_back(std::move(series));
    }
    return chart;
}

} // namespace

HttpResponse health_page(archive::Store& store, const HttpRequest& request) {
    const auto days = static_cast<int>(integer_param(request, "days", 1, 366, 30));
    const auto runs = static_cast<std::size_t>(integer_param(request, "runs", 2, 200, 30));
    const std::vector<crawl::SiteHealth> sites = crawl::archive_health(store, crawl::HealthConfig{});
    std::string html;
    if (sites.empty()) {
        html += "<p>No site health recorded yet (each finished crawl run records it).</p>\n";
    } else {
        html += "<table><thead><tr><th>site 站点</th><th>state 状态</th><th class=\"number\">article pages</th>"
                "<th class=\"number\">extracted</th><th class=\"number\">median</th><th class=\"number\">stored</th>"
                "<th class=\"number\">fallbacks</th><th class=\"number\">failed</th><th class=\"number\">blocked</th>"
                "<th>reasons 原因</th></tr></thead><tbody>\n";
        for (const crawl::SiteHealth& site : sites) {
            std::int64_t failed = 0;
            for (const auto& [reason, count] : site.last.failed) {
                failed += count;
            }
            std::string reasons;
            for (const auto& reason : site.reasons) {
                reasons += (reasons.empty() ? "" : "; ") + reason;
            }
            html += "<tr><td>" + escape(site.site) + "</td><td><span class=\"tag " +
                    (site.degraded ? "degraded\">degraded 异常" : "ok\">ok 正常") + "</span></td><td class=\"number\">" +
                    std::to_string(site.last.article_pages) + "</td><td class=\"number\">" + percent(site.success) +
                    "</td><td class=\"number\">" + percent(site.median_success) + "</td><td class=\"number\">" +
                    std::to_string(site.last.stored) + "</td><td class=\"number\">" +
                    std::to_string(site.last.fallbacks) + "</td><td class=\"number\">" + std::to_string(failed) +
                    "</td><td class=\"number\">" + std::to_string(site.last.blocked) + "</td><td>" +
                    escape(reasons.empty() ? "-" : reasons) + "</td></tr>\n";
        }
        html += "</tbody></table>\n";
    }
    html += "<h2>Articles 文章</h2>\n" + render_line_chart(articles_per_day(store, days)) + "\n";
    html += "<h2>Extraction 提取</h2>\n" + render_line_chart(success_over_runs(store, runs)) + "\n";
    return html_response(render_page("Health 健康", "health", html));
}

} // namespace newsarc::serve
