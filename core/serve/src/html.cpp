// Escaping, query strings and the page frame shared by every page of `newsarc serve`.
#include "newsarc/serve/html.hpp"

#include "newsarc/base/utf8.hpp"

namespace newsarc::serve {

std::string escape(std::string_view text) {
    std::string repaired;
    if (!utf8::is_valid(text)) {
        repaired = utf8::repair(text);
        text = repaired;
    }
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c; break;
        }
    }
    return out;
}

std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') ||
            byte == '-' || byte == '_' || byte == '.' || byte == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 15];
        }
    }
    return out;
}

std::string query_string(const std::vector<std::pair<std::string, std::string>>& params) {
    std::string out;
    for (const auto& [name, value] : params) {
        if (value.empty()) {
            continue;
        }
        out += out.empty() ? "?" : "&amp;";
        out += url_encode(name) + "=" + url_encode(value);
    }
    return out;
}

std::string render_page(std::string_view title, std::string_view section, std::string_view body_html) {
    static constexpr std::pair<const char*, const char*> kSections[] = {
        {"documents", "/"}, {"search", "/search"}, {"snapshots", "/snapshots"}, {"runs", "/runs"},
        {"health", "/health"}, {"metrics", "/metrics"}};
    static constexpr const char* kNames[] = {"文档 Documents", "搜索 Search", "快照 Snapshots", "运行 Runs",
                                             "健康 Health", "Metrics"};
    std::string page = "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<link rel=\"stylesheet\" href=\"/style.css\">\n<link rel=\"icon\" href=\"data:,\">\n<title>";
    page += escape(title);
    page += " · newsarc</title>\n</head>\n<body>\n<nav><a class=\"brand\" href=\"/\">newsarc</a>";
    for (std::size_t i = 0; i < std::size(kSections); ++i) {
        page += "<a href=\"";
        page += kSections[i].second;
        page += "\"";
        if (section == kSections[i].first) {
            page += " class=\"current\" aria-current=\"page\"";
        }
        page += ">";
        page += kNames[i];
        page += "</a>";
    }
    page += "</nav>\n<main>\n<h1>";
    page += escape(title);
    page += "</h1>\n";
    page += body_html;
    page += "\n</main>\n</body>\n</html>\n";
    return page;
}

HttpResponse html_response(std::string page, int status) {
    return HttpResponse::text(status, std::move(page), "text/html; charset=utf-8");
}

HttpResponse error_page(int status, std::string_view reason) {
    const char* heading = status == 404   ? "Not found 未找到"
                          : status == 400 ? "Bad request 请求有误"
                                          : "Error 出错";
    const std::string body = "<p class=\"error\">" + escape(reason) + "</p>\n<p><a href=\"/\">← documents</a></p>";
    return html_response(render_page(std::to_string(status) + " " + heading, "", body), status);
}

HttpResponse stylesheet() {
    static constexpr const char* kCss = R"css(
:root { color-scheme: light; --ink: #1d232a; --muted: #5f6b76; --line: #d8dee4; --accent: #0b5cad;
        --added: #e6ffec; --added-strong: #abf2bc; --removed: #ffebe9; --removed-strong: #ffc1ba; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.7;
       font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
                    "WenQuanYi Micro Hei", system-ui, sans-serif; }
nav { display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; padding: .6rem 1.2rem; background: #f4f6f8;
      border-bottom: 1px solid var(--line); }
nav a { color: var(--ink); text-decoration: none; }
nav a.current { font-weight: 700; border-bottom: 2px solid var(--accent); }
nav a.brand { font-weight: 700; color: var(--accent); }
main { max-width: 78rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
h1 { font-size: 1.45rem; margin: .4rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .6rem; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f4f6f8; font-weight: 600; white-space: nowrap; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); }
.error { color: #a40e26; font-weight: 600; }
.tag { display: inline-block; padding: 0 .4rem; border-radius: .3rem; font-size: .85em; background: #eef1f4; }
.tag.gone { background: var(--removed-strong); }
.tag.paywalled { background: #fff1c2; }
.tag.degraded { background: var(--removed-strong); }
.tag.ok { background: var(--added-strong); }
form.filters { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; margin-bottom: 1rem; }
form.filters label { display: flex; flex-direction: column; font-size: .9em; color: var(--muted); }
input, select, button { font: inherit; padding: .2rem .4rem; }
.pager { display: flex; gap: 1rem; margin: 1rem 0; }
.body p { margin: 0 0 .9rem; max-width: 46rem; }
mark { background: #fff1a8; }
table.diff { table-layout: fixed; }
table.diff td { white-space: pre-wrap; word-break: break-all; font-size: .95em; }
table.diff th.line, table.diff td.line { width: 3rem; color: var(--muted); text-align: right;
                                          font-variant-numeric: tabular-nums; }
table.diff tr.removed td.old, table.diff tr.changed td.old { background: var(--removed); }
table.diff tr.added td.new, table.diff tr.changed td.new { background: var(--added); }
del { background: var(--removed-strong); text-decoration: line-through; }
ins { background: var(--added-strong); text-decoration: none; }
svg.chart { max-width: 100%; height: auto; border: 1px solid var(--line); background: #fff; }
svg.chart text { font-size: 11px; fill: var(--muted); font-family: inherit; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; word-break: break-all; }
)css";
    HttpResponse response = HttpResponse::text(200, kCss, "text/css; charset=utf-8");
    return response;
}

} // namespace newsarc::serve
