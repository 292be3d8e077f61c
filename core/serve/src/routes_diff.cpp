// `/doc/<id>/diff?a=N&b=M`: two versions side by side (the latest two by default), the text compared in the form
// `newsarc diff` compares (the corpus rendering: title, time and source, paragraphs), changes marked.
#include <tuple>

#include "newsarc/archive/corpus_format.hpp"
#include "newsarc/serve/html.hpp"
#include "newsarc/serve/side_by_side.hpp"
#include "pages.hpp"
#include "request_error.hpp"

namespace newsarc::serve {
namespace {

std::string line_number(const std::optional<std::size_t>& number) {
    return number ? std::to_string(*number) : "";
}

} // namespace

HttpResponse diff_page(archive::Store& store, const HttpRequest& request, std::string_view doc_id) {
    const auto document = store.find_document(doc_id);
    if (!document || document->doc_id != doc_id) {
        throw RequestError(404, "no document " + std::string(doc_id) + " in this archive");
    }
    const int latest = document->latest_version;
    if (latest < 1) {
        throw RequestError(404, "document " + std::string(doc_id) + " has no version to compare");
    }
    const auto first = static_cast<int>(integer_param(request, "a", 1, 1'000'000, std::max(latest - 1, 1)));
    const auto second = static_cast<int>(integer_param(request, "b", 1, 1'000'000, latest));
    const auto load = [&](int number) {
        auto version = store.version(document->doc_id, number);
        if (!version) {
            throw RequestError(404, "document " + std::string(doc_id) + " has no version " + std::to_string(number) +
                                        " (it has 1 to " + std::to_string(latest) + ")");
        }
        return std::move(*version);
    };
    const archive::VersionRecord a = load(first);
    const archive::VersionRecord b = load(second);
    const auto render = [](const archive::VersionRecord& version) {
        return archive::render_corpus(archive::CorpusRecord{version.info.title, version.info.published_at,
                                                            version.info.source, version.body});
    };
    const std::vector<DiffRow> rows = side_by_side(render(a), render(b));
    std::size_t added = 0;
    std::size_t removed = 0;
    for (const DiffRow& row : rows) {
        added += row.kind == DiffRow::Kind::added || row.kind == DiffRow::Kind::changed ? 1 : 0;
        removed += row.kind == DiffRow::Kind::removed || row.kind == DiffRow::Kind::changed ? 1 : 0;
    }

    const std::string doc = escape(document->doc_id);
    std::string html = "<p><a href=\"/doc/" + doc + "\">← " + escape(b.info.title.empty() ? doc_id : b.info.title) +
                       "</a></p>\n";
    html += "<form class=\"filters\" method=\"get\" action=\"/doc/" + doc + "/diff\">"
            "<label>old 旧版本 <input type=\"number\" min=\"1\" max=\"" + std::to_string(latest) +
            "\" name=\"a\" value=\"" + std::to_string(first) + "\"></label>"
            "<label>new 新版本 <input type=\"number\" min=\"1\" max=\"" + std::to_string(latest) +
            "\" name=\"b\" value=\"" + std::to_string(second) + "\"></label><button type=\"submit\">compare 比较</button>"
            "</form>\n";
    html += "<p class=\"muted\">" + (first == second || added + removed == 0
                                         ? std::string("The two versions have the same text. 两个版本文本相同。")
                                         : std::to_string(removed) + " line(s) removed or changed, " +
                                               std::to_string(added) + " added or changed") +
            "</p>\n";
    html += "<table class=\"diff\"><thead><tr><th class=\"line\"></th><th>v" + std::to_string(first) + " · " +
            escape(show_time(a.info.created_at)) + "</th><th class=\"line\"></th><th>v" + std::to_string(second) +
            " · " + escape(show_time(b.info.created_at)) + "</th></tr></thead><tbody>\n";
    for (const DiffRow& row : rows) {
        std::string old_html;
        std::string new_html;
        const char* kind = "same";
        switch (row.kind) {
        case DiffRow::Kind::same:
            old_html = escape(row.old_text);
            new_html = old_html;
            break;
        case DiffRow::Kind::changed:
            std::tie(old_html, new_html) = mark_change(row.old_text, row.new_text);
            kind = "changed";
            break;
        case DiffRow::Kind::removed:
            old_html = "<del>" + escape(row.old_text) + "</del>";
            kind = "removed";
            break;
        case DiffRow::Kind::added:
            new_html = "<ins>" + escape(row.new_text) + "</ins>";
            kind = "added";
            break;
        }
        html += std::string("<tr class=\"") + kind + "\"><td class=\"line\">" + line_number(row.old_line) +
                "</td><td class=\"old\">" + old_html + "</td><td class=\"line\">" + line_number(row.new_line) +
                "</td><td class=\"new\">" + new_html + "</td></tr>\n";
    }
    html += "</tbody></table>\n";
    return html_response(render_page("Diff v" + std::to_string(first) + " → v" + std::to_string(second) + " · " +
                                         document->doc_id,
                                     "documents", html));
}

} // namespace newsarc::serve
