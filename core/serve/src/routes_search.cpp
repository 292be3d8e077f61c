// `/search?q=`: full-text search of the latest versions (the archive's FTS5 index), with site and date filters,
// matches highlighted, paged by page number.
#include "newsarc/archive/browse.hpp"
#include "newsarc/archive/search.hpp"
#include "newsarc/serve/html.hpp"
#include "pages.hpp"
#include "request_error.hpp"

namespace newsarc::serve {
namespace {

constexpr std::size_t kHitsPerPage = 20;
constexpr std::int64_t kMaxPage = 500; ///< deeper pages of a search are not worth an offset scan

/// `text` escaped, the `matches` ranges wrapped in <mark>.
std::string highlight(const std::string& text, const std::vector<archive::TextRange>& matches) {
    std::string html;
    std::size_t at = 0;
    for (const auto& match : matches) {
        if (match.begin < at || match.begin + match.size > text.size()) {
            continue; // overlapping or out of range: leave it unmarked rather than cut a character
        }
        html += escape(std::string_view(text).substr(at, match.begin - at));
        html += "<mark>" + escape(std::string_view(text).substr(match.begin, match.size)) + "</mark>";
        at = match.begin + match.size;
    }
    return html + escape(std::string_view(text).substr(at));
}

} // namespace

HttpResponse search_page(archive::Store& store, const HttpRequest& request) {
    const std::string text = text_param(request, "q", 400);
    const std::string site = text_param(request, "site", 200);
    const std::string from = text_param(request, "from", 64);
    const std::string to = text_param(request, "to", 64);
    archive::SearchQuery query;
    query.text = text;
    query.site = site;
    query.since = time_param(request, "from", false);
    query.until = time_param(request, "to", true);
    const auto page = integer_param(request, "page", 1, kMaxPage, 1);
    query.limit = kHitsPerPage;
    query.offset = static_cast<std::size_t>(page - 1) * kHitsPerPage;
    query.count_total = true;

    std::string html = "<form class=\"filters\" method=\"get\" action=\"/search\" role=\"search\">";
    html += "<label>text 关键词 <input type=\"search\" name=\"q\" value=\"" + escape(text) +
            "\" autofocus size=\"30\"></label>";
    html += "<label>site 站点 <select name=\"site\"><option value=\"\">all 全部</option>";
    for (const auto& known : archive::list_sites(store)) {
        html += "<option value=\"" + escape(known.site) + "\"" + (known.site == site ? " selected" : "") + ">" +
                escape(known.site) + "</option>";
    }
    html += "</select></label>";
    html += "<label>from 起 <input type=\"date\" name=\"from\" value=\"" + escape(from) + "\"></label>";
    html += "<label>to 止 <input type=\"date\" name=\"to\" value=\"" + escape(to) + "\"></label>";
    html += "<button type=\"submit\">search 搜索</button></form>\n";

    const bool blank = text.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank) {
        html += "<p class=\"muted\">Type a word or phrase; it is found as written (no query syntax). "
                "输入要查找的词语。</p>\n";
        return html_response(render_page("Search 搜索", "search", html));
    }
    const archive::SearchResult result = archive::search(store, query);
    html += "<p class=\"muted\" id=\"result-count\">" + std::to_string(result.total.value_or(0)) + " documents match " +
            "“" + escape(text) + "”" + (page > 1 ? " · page " + std::to_string(page) : "") +
            (result.fallback_scan && !result.scan_complete
                 ? " (a one- or two-character text: only the newest " +
                       std::to_string(archive::kFallbackScanDocuments) + " documents were searched)"
                 : "") +
            "</p>\n";
    if (result.hits.empty()) {
        html += "<p>Nothing found. 没有找到。</p>\n";
    }
    html += "<ol class=\"hits\" start=\"" + std::to_string(query.offset + 1) + "\">\n";
    for (const archive::SearchHit& hit : result.hits) {
        html += "<li><a href=\"/doc/" + escape(hit.doc_id) + "\">" +
                (hit.title.empty() ? escape(hit.url) : highlight(hit.title, hit.title_matches)) + "</a>";
        if (hit.gone) {
            html += " <span class=\"tag gone\">gone 已删除</span>";
        }
        if (hit.paywalled) {
            html += " <span class=\"tag paywalled\">paywalled 付费</span>";
        }
        html += "<br><span class=\"muted\">" + escape(hit.site) + " · " +
                escape(hit.published_at.empty() ? show_time(hit.first_seen) : show_published(hit.published_at)) +
                " · v" + std::to_string(hit.version) + "</span><br>" + (hit.snippet_starts ? "" : "…") +
                highlight(hit.snippet, hit.snippet_matches) + (hit.snippet_ends ? "" : "…") + "</li>\n";
    }
    html += "</ol>\n<div class=\"pager\">";
    const std::vector<std::pair<std::string, std::string>> kept = {{"q", text}, {"site", site}, {"from", from},
                                                                   {"to", to}};
    if (page > 1) {
        auto previous = kept;
        previous.emplace_back("page", page - 1 > 1 ? std::to_string(page - 1) : "");
        html += "<a rel=\"prev\" href=\"/search" + query_string(previous) + "\">« previous 上一页</a>";
    }
    if (result.has_more && page < kMaxPage) {
        auto next = kept;
        next.emplace_back("page", std::to_string(page + 1));
        html += "<a rel=\"next\" href=\"/search" + query_string(next) + "\">next 下一页 »</a>";
    }
    html += "</div>";
    return html_response(render_page("Search 搜索", "search", html));
}

} // namespace newsarc::serve
