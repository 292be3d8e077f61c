// `/snapshots`: the named snapshots and a form to compare two; `/snapshots/diff?a=&b=`: the documents added,
// changed and removed from A to B (Store::diff_snapshots, what `newsarc snapshot diff` prints).
#include "newsarc/serve/html.hpp"
#include "pages.hpp"
#include "request_error.hpp"

namespace newsarc::serve {
namespace {

/// Documents listed per kind on the diff page; a diff of a whole re-crawl can name every document.
constexpr std::size_t kListedPerKind = 500;

std::string snapshot_select(const char* name, const std::vector<archive::SnapshotInfo>& snapshots,
                            const std::string& current) {
    std::string html = std::string("<select name=\"") + name + "\">";
    for (const auto& snapshot : snapshots) {
        html += "<option value=\"" + escape(snapshot.name) + "\"" + (snapshot.name == current ? " selected" : "") +
                ">" + escape(snapshot.name) + "</option>";
    }
    return html + "</select>";
}

std::string compare_form(const std::vector<archive::SnapshotInfo>& snapshots, const std::string& a,
                         const std::string& b) {
    return "<form class=\"filters\" method=\"get\" action=\"/snapshots/diff\"><label>A (older 旧)" +
           snapshot_select("a", snapshots, a) + "</label><label>B (newer 新)" + snapshot_select("b", snapshots, b) +
           "</label><button type=\"submit\">compare 比较</button></form>\n";
}

std::string document_list(archive::Store& store, const std::vector<std::string>& ids, const char* heading,
                          const char* kind) {
    std::string html = "<h2>" + std::string(heading) + " (" + std::to_string(ids.size()) + ")</h2>\n";
    if (ids.empty()) {
        return html + "<p class=\"muted\">none</p>\n";
    }
    html += std::string("<ul class=\"") + kind + "\">\n";
    for (std::size_t i = 0; i < ids.size() && i < kListedPerKind; ++i) {
        const auto latest = store.version(ids[i]);
        html += "<li><a href=\"/doc/" + escape(ids[i]) + "\">" +
                escape(latest && !latest->info.title.empty() ? latest->info.title : ids[i]) + "</a> <code>" +
                escape(ids[i]) + "</code></li>\n";
    }
    if (ids.size() > kListedPerKind) {
        html += "<li class=\"muted\">… and " + std::to_string(ids.size() - kListedPerKind) +
                " more (newsarc snapshot diff lists them all)</li>\n";
    }
    return html + "</ul>\n";
}

} // namespace

HttpResponse snapshots_page(archive::Store& store, const HttpRequest& /*request*/) {
    const auto snapshots = store.list_snapshots();
    std::string html;
    if (snapshots.empty()) {
        html = "<p>No snapshots yet (a crawl job with snapshot = \"after-run\" makes one per run; "
               "<code>newsarc snapshot create NAME</code> makes one by hand).</p>";
        return html_response(render_page("Snapshots 快照", "snapshots", html));
    }
    if (snapshots.size() >= 2) {
        html += compare_form(snapshots, snapshots[snapshots.size() - 2].name, snapshots.back().name);
    }
    html += "<table><thead><tr><th>name 名称</th><th>as of 截至</th><th>created 创建</th>"
            "<th class=\"number\">documents</th><th></th></tr></thead><tbody>\n";
    for (std::size_t i = snapshots.size(); i-- > 0;) {
        const auto& snapshot = snapshots[i];
        html += "<tr><td>" + escape(snapshot.name) + "</td><td>" + escape(show_time(snapshot.as_of)) + "</td><td>" +
                escape(show_time(snapshot.created_at)) + "</td><td class=\"number\">" +
                std::to_string(snapshot.documents) + "</td><td>";
        if (i > 0) {
            html += "<a href=\"/snapshots/diff" +
                    query_string({{"a", snapshots[i - 1].name}, {"b", snapshot.name}}) + "\">diff with previous</a>";
        }
        html += "</td></tr>\n";
    }
    html += "</tbody></table>\n";
    return html_response(render_page("Snapshots 快照", "snapshots", html));
}

HttpResponse snapshot_diff_page(archive::Store& store, const HttpRequest& request) {
    const std::string a = text_param(request, "a", 400);
    const std::string b = text_param(request, "b", 400);
    if (a.empty() || b.empty()) {
        throw RequestError(400, "give two snapshots: /snapshots/diff?a=OLDER&b=NEWER");
    }
    for (const std::string* name : {&a, &b}) {
        if (!store.find_snapshot(*name)) {
            throw RequestError(404, "no snapshot '" + *name + "' in this archive");
        }
    }
    const archive::SnapshotDiff diff = store.diff_snapshots(a, b);
    std::string html = compare_form(store.list_snapshots(), a, b);
    html += "<p>" + escape(a) + " → " + escape(b) + ": " + std::to_string(diff.added.size()) + " added, " +
            std::to_string(diff.changed.size()) + " changed, " + std::to_string(diff.removed.size()) +
            " removed</p>\n";
    html += document_list(store, diff.added, "Added 新增", "added");
    html += document_list(store, diff.changed, "Changed 修改", "changed");
    html += document_list(store, diff.removed, "Removed 移除", "removed");
    return html_response(render_page("Snapshot diff 快照比较", "snapshots", html));
}

} // namespace newsarc::serve
