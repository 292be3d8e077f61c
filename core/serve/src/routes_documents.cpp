// `/`: the documents newest first, filtered and paged by cursor; `/doc/<id>`: one document with its versions,
// captures and history; `/doc/<id>/capture/<n>`: a raw page, served inert.
#include <algorithm>
#include <charconv>
#include <cstdio>

#include "newsarc/archive/browse.hpp"
#include "newsarc/serve/html.hpp"
#include "pages.hpp"
#include "request_error.hpp"

namespace newsarc::serve {
namespace {

std::string score_text(const std::optional<double>& score) {
    if (!score) {
        return "-";
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", *score);
    return text;
}

std::string state_tags(bool gone, bool paywalled) {
    std::string tags;
    if (gone) {
        tags += " <span class=\"tag gone\">gone 已删除</span>";
    }
    if (paywalled) {
        tags += " <span class=\"tag paywalled\">paywalled 付费</span>";
    }
    return tags;
}

archive::DocumentState state_of(const std::string& name) {
    if (name == "live") {
        return archive::DocumentState::live;
    }
    if (name == "gone") {
        return archive::DocumentState::gone;
    }
    if (name == "paywalled") {
        return archive::DocumentState::paywalled;
    }
    return archive::DocumentState::any;
}

/// A select box of `choices` (value, label) with `current` chosen.
std::string select_box(const char* name, const std::vector<std::pair<std::string, std::string>>& choices,
                       const std::string& current) {
    std::string html = std::string("<select name=\"") + name + "\">";
    for (const auto& [value, label] : choices) {
        html += "<option value=\"" + escape(value) + "\"" + (value == current ? " selected" : "") + ">" +
                escape(label) + "</option>";
    }
    return html + "</select>";
}

/// The capture body's Content-Type when it is a plain header value, else a safe stand-in.
std::string capture_content_type(const std::string& stored) {
    const bool plain = !stored.empty() && std::all_of(stored.begin(), stored.end(), [](char c) {
        return c >= 0x20 && c < 0x7f;
    });
    return plain ? stored : "application/octet-stream";
}

} // namespace

HttpResponse documents_page(archive::Store& store, const HttpRequest& request, std::size_t page_size) {
    archive::DocumentFilter filter;
    filter.site = text_param(request, "site", 200);
    filter.since = time_param(request, "from", false);
    filter.until = time_param(request, "to", true);
    filter.min_topic_score = number_param(request, "min_score", -1e9, 1e9);
    const std::string state = choice_param(request, "state", {"any", "live", "gone", "paywalled"});
    filter.state = state_of(state);
    if (filter.since && filter.until && *filter.since > *filter.until) {
        throw RequestError(400, "parameter 'from' is after 'to'");
    }
    const auto limit = static_cast<std::size_t>(
        integer_param(request, "limit", 1, 200, static_cast<std::int64_t>(std::clamp<std::size_t>(page_size, 1, 200))));
    const std::string cursor = text_param(request, "after", 64);
    const archive::DocumentPage page = archive::list_documents(store, filter, cursor, limit);
    const std::int64_t total = archive::count_documents(store, filter);

    std::vector<std::pair<std::string, std::string>> sites = {{"", "all sites 全部"}};
    for (const auto& site : archive::list_sites(store)) {
        sites.emplace_back(site.site, (site.site.empty() ? "(no site)" : site.site) + " (" +
                                          std::to_string(site.documents) + ")");
    }
    const std::string from = text_param(request, "from", 64);
    const std::string to = text_param(request, "to", 64);
    const std::string min_score = text_param(request, "min_score", 64);
    std::string html = "<form class=\"filters\" method=\"get\" action=\"/\">";
    html += "<label>site 站点" + select_box("site", sites, filter.site) + "</label>";
    html += "<label>from 起 <input type=\"date\" name=\"from\" value=\"" + escape(from) + "\"></label>";
    html += "<label>to 止 <input type=\"date\" name=\"to\" value=\"" + escape(to) + "\"></label>";
    html += "<label>topic score ≥ <input type=\"number\" step=\"0.1\" name=\"min_score\" value=\"" + escape(min_score) +
            "\"></label>";
    html += "<label>state 状态" +
            select_box("state", {{"any", "any 全部"}, {"live", "live 在线"}, {"gone", "gone 已删除"},
                                 {"paywalled", "paywalled 付费"}},
                       state) +
            "</label>";
    html += "<button type=\"submit\">filter 筛选</button></form>\n";
    html += "<p class=\"muted\">" + std::to_string(total) + " documents" +
            (cursor.empty() ? std::string() : " · a later page") + "</p>\n";
    if (page.rows.empty()) {
        html += "<p>No documents match. 没有符合条件的文档。</p>\n";
    } else {
        html += "<table class=\"documents\"><thead><tr><th>date 日期</th><th>site 站点</th><th>title 标题</th>"
                "<th class=\"number\">versions</th><th class=\"number\">score</th></tr></thead><tbody>\n";
        for (const archive::DocumentRow& row : page.rows) {
            html += "<tr><td>" + escape(show_time(row.listed_at)) + "</td><td>" + escape(row.site) +
                    "</td><td><a href=\"/doc/" + escape(row.doc_id) + "\">" +
                    escape(row.title.empty() ? row.url : row.title) + "</a>" + state_tags(row.gone, row.paywalled) +
                    "</td><td class=\"number\">" + std::to_string(row.versions) + "</td><td class=\"number\">" +
                    score_text(row.topic_score) + "</td></tr>\n";
        }
        html += "</tbody></table>\n";
    }
    const std::vector<std::pair<std::string, std::string>> kept = {
        {"site", filter.site}, {"from", from}, {"to", to}, {"min_score", min_score},
        {"state", state == "any" ? "" : state}, {"limit", request.param("limit").value_or("")}};
    html += "<div class=\"pager\">";
    if (!cursor.empty()) {
        html += "<a href=\"/" + query_string(kept) + "\">« first page 首页</a>";
    }
    if (!page.next_cursor.empty()) {
        auto next = kept;
        next.emplace_back("after", page.next_cursor);
        html += "<a rel=\"next\" href=\"/" + query_string(next) + "\">next page 下一页 »</a>";
    }
    html += "</div>";
    return html_response(render_page("Documents 文档", "documents", html));
}

HttpResponse document_page(archive::Store& store, const HttpRequest& request, std::string_view doc_id) {
    const auto document = store.find_document(doc_id);
    if (!document || document->doc_id != doc_id) {
        throw RequestError(404, "no document " + std::string(doc_id) + " in this archive");
    }
    const auto versions = store.history(document->doc_id);
    const auto captures = store.captures(document->doc_id);
    const int latest = document->latest_version;
    const auto shown_number = static_cast<int>(integer_param(request, "v", 1, 1'000'000, std::max(latest, 1)));
    if (request.param("v") && shown_number > latest) {
        throw RequestError(404, "document " + document->doc_id + " has no version " + std::to_string(shown_number) +
                                    " (it has " + std::to_string(latest) + ")");
    }
    const auto shown = latest > 0 ? store.version(document->doc_id, shown_number) : std::nullopt;

    std::string html = "<dl class=\"facts\">";
    html += "<dt>id</dt><dd>" + escape(document->doc_id) + "</dd>";
    html += "<dt>URL</dt><dd>" + escape(document->url.empty() ? "-" : document->url) + "</dd>";
    html += "<dt>site 站点</dt><dd>" + escape(document->site.empty() ? "-" : document->site) + "</dd>";
    html += "<dt>first seen 首次收录</dt><dd>" + escape(show_time(document->first_seen)) + "</dd>";
    if (document->gone_at) {
        html += "<dt>gone since 删除于</dt><dd><span class=\"tag gone\">gone</span> " +
                escape(show_time(*document->gone_at)) + "</dd>";
    }
    html += "</dl>\n";

    if (shown) {
        const auto& info = shown->info;
        html += "<h2>Version " + std::to_string(info.number) + (info.number == latest ? " (latest 最新)" : "") +
                state_tags(false, info.paywalled) + "</h2>\n<article class=\"body\">\n";
        html += "<h3>" + escape(info.title) + "</h3>\n<p class=\"muted\">" + escape(show_published(info.published_at)) +
                (info.source.empty() ? "" : " · " + escape(info.source)) +
                (info.author.empty() ? "" : " · " + escape(info.author)) + "</p>\n";
        std::string_view body = shown->body;
        while (!body.empty()) {
            const std::size_t end = body.find("\n\n");
            const std::string_view paragraph = body.substr(0, end);
            if (!paragraph.empty()) {
                html += "<p>" + escape(paragraph) + "</p>\n";
            }
            body = end == std::string_view::npos ? std::string_view() : body.substr(end + 2);
        }
        html += "</article>\n";
    } else {
        html += "<p class=\"muted\">No version archived yet. 尚无版本。</p>\n";
    }

    html += "<h2>Versions 版本 (" + std::to_string(versions.size()) + ")</h2>\n";
    if (!versions.empty()) {
        html += "<table><thead><tr><th>#</th><th>archived 存档时间</th><th>title 标题</th><th>plugin</th>"
                "<th class=\"number\">score</th><th class=\"number\">bytes</th><th>hash</th><th></th></tr></thead>"
                "<tbody>\n";
        for (const auto& version : versions) {
            const std::string number = std::to_string(version.number);
            html += "<tr><td><a href=\"/doc/" + escape(document->doc_id) + "?v=" + number + "\">v" + number +
                    "</a></td><td>" + escape(show_time(version.created_at)) + "</td><td>" + escape(version.title) +
                    state_tags(false, version.paywalled) + "</td><td>" + escape(version.plugin) +
                    (version.plugin_version.empty() ? "" : " " + escape(version.plugin_version)) +
                    "</td><td class=\"number\">" + score_text(version.topic_score) + "</td><td class=\"number\">" +
                    std::to_string(version.body_bytes) + "</td><td><code>" +
                    escape(version.content_hash.substr(0, 12)) + "</code></td><td>";
            if (version.number > 1) {
                html += "<a href=\"/doc/" + escape(document->doc_id) + "/diff?a=" + std::to_string(version.number - 1) +
                        "&amp;b=" + number + "\">diff v" + std::to_string(version.number - 1) + "→v" + number + "</a>";
            }
            html += "</td></tr>\n";
        }
        html += "</tbody></table>\n";
    }

    html += "<h2>Captures 抓取 (" + std::to_string(captures.size()) + ")</h2>\n";
    if (!captures.empty()) {
        html += "<table><thead><tr><th>#</th><th>fetched 抓取时间</th><th class=\"number\">HTTP</th><th>type</th>"
                "<th class=\"number\">bytes</th><th>URL</th></tr></thead><tbody>\n";
        for (const auto& capture : captures) {
            const std::string id = std::to_string(capture.id);
            html += "<tr><td><a href=\"/doc/" + escape(document->doc_id) + "/capture/" + id + "\">#" + id +
                    "</a></td><td>" + escape(show_time(capture.fetched_at)) + "</td><td class=\"number\">" +
                    std::to_string(capture.http_status) + "</td><td>" + escape(capture.content_type) +
                    "</td><td class=\"number\">" + std::to_string(capture.body_bytes) + "</td><td>" +
                    escape(capture.final_url.empty() ? capture.url : capture.final_url) +
                    (capture.redirect_to.empty() ? "" : " → " + escape(capture.redirect_to)) + "</td></tr>\n";
        }
        html += "</tbody></table>\n";
    }

    // History: every event of the document in time order.
    struct Event {
        archive::TimePoint at;
        std::string html;
    };
    std::vector<Event> events;
    events.push_back({document->first_seen, "first seen 首次收录"});
    for (const auto& version : versions) {
        events.push_back({version.created_at, "version " + std::to_string(version.number) + " archived (" +
                                                  escape(version.plugin) + ")"});
    }
    for (const auto& capture : captures) {
        events.push_back({capture.fetched_at, "fetched, HTTP " + std::to_string(capture.http_status) +
                                                  (capture.body_hash.empty() ? "" : ", body " +
                                                                                        escape(capture.body_hash.substr(0, 12)))});
    }
    if (document->gone_at) {
        events.push_back({*document->gone_at, "<span class=\"tag gone\">marked gone 已删除</span>"});
    }
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
    html += "<h2>History 历史</h2>\n<table><tbody>\n";
    for (const Event& event : events) {
        // Seconds here: a crawl's capture and version of one page fall in the same minute.
        html += "<tr><td>" + escape(archive::format_iso(event.at).replace(10, 1, " ").substr(0, 19)) + "</td><td>" +
                event.html + "</td></tr>\n";
    }
    html += "</tbody></table>\n";
    const std::string title = shown && !shown->info.title.empty() ? shown->info.title : document->doc_id;
    return html_response(render_page(title, "documents", html));
}

HttpResponse capture_page(archive::Store& store, std::string_view doc_id, std::string_view capture_id) {
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(capture_id.data(), capture_id.data() + capture_id.size(), id);
    if (error != std::errc() || end != capture_id.data() + capture_id.size() || id <= 0) {
        throw RequestError(404, "'" + std::string(capture_id) + "' is not a capture number");
    }
    const auto captures = store.captures(doc_id);
    const auto capture = std::find_if(captures.begin(), captures.end(), [&](const auto& c) { return c.id == id; });
    if (capture == captures.end()) {
        throw RequestError(404, "document " + std::string(doc_id) + " has no capture " + std::to_string(id));
    }
    auto body = store.capture_body(id);
    if (!body) {
        throw RequestError(404, "capture " + std::to_string(id) + " has no stored body");
    }
    HttpResponse response = HttpResponse::text(200, std::move(*body), capture_content_type(capture->content_type));
    // Inert: a sandbox without allow-scripts runs no script and gives the page an opaque origin; nothing is
    // loaded from the live site (images, styles, frames), so opening an old page tells its site nothing.
    response.headers.emplace_back("Content-Security-Policy",
                                  "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    response.headers.emplace_back("Content-Disposition",
                                  "inline");
    return response;
}

} // namespace newsarc::serve
