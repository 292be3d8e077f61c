// Focus: the pieces pages are made of, on their own: the one escaping function, links' query strings, the
// side-by-side rows of two versions and the marks inside a changed line, the SVG chart, and the Prometheus text.
#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <sstream>

#include "newsarc/serve/html.hpp"
#include "newsarc/serve/prometheus.hpp"
#include "newsarc/serve/side_by_side.hpp"
#include "newsarc/serve/svg_chart.hpp"

using namespace newsarc::serve;

TEST_CASE("escape makes any text safe in HTML text and attributes", "[serve][html]") {
    CHECK(escape("<script>alert('x')</script> & \"q\"") ==
          "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    CHECK(escape("大模型") == "大模型");
    CHECK(escape("a\xFF" "b") == "a\xEF\xBF\xBD" "b"); // not UTF-8: U+FFFD
    CHECK(url_encode("大 a/b&c=d") == "%E5%A4%A7%20a%2Fb%26c%3Dd");
    CHECK(query_string({{"q", "大"}, {"site", ""}, {"page", "2"}}) == "?q=%E5%A4%A7&amp;page=2");
    CHECK(query_string({{"site", ""}}).empty());
    const std::string page = render_page("<b>标题</b>", "search", "<p>body</p>");
    CHECK_THAT(page, Catch::Contains("<title>&lt;b&gt;标题&lt;/b&gt; · newsarc</title>"));
    CHECK_THAT(page, Catch::Contains("<meta charset=\"utf-8\">"));
    CHECK_THAT(page, Catch::Contains("href=\"/search\" class=\"current\""));
    CHECK_THAT(page, Catch::Contains("<p>body</p>"));
    CHECK(error_page(404, "no <doc>").status == 404);
    CHECK_THAT(error_page(404, "no <doc>").body, Catch::Contains("no &lt;doc&gt;"));
}

TEST_CASE("side_by_side pairs removed and added lines and keeps equal ones beside each other", "[serve][diff]") {
    const auto rows = side_by_side("标题\n\n第一段。\n\n第二段。\n\n旧的结尾。", "标题\n\n第一段。新增一句。\n\n第二段。");
    REQUIRE(rows.size() == 7);
    CHECK(rows[0].kind == DiffRow::Kind::same);
    CHECK(rows[2].kind == DiffRow::Kind::changed);
    CHECK(rows[2].old_text == "第一段。");
    CHECK(rows[2].new_text == "第一段。新增一句。");
    CHECK(rows[4].kind == DiffRow::Kind::same);
    CHECK(rows[4].old_line == 5U);
    CHECK(rows[4].new_line == 5U);
    CHECK(rows[5].kind == DiffRow::Kind::removed);
    CHECK(rows[6].kind == DiffRow::Kind::removed);
    CHECK(rows[6].old_text == "旧的结尾。");
    CHECK_FALSE(rows[6].new_line);
    const auto same = side_by_side("a\nb", "a\nb");
    REQUIRE(same.size() == 2);
    CHECK(same[1].kind == DiffRow::Kind::same);
    const auto added = side_by_side("", "新");
    REQUIRE(added.size() == 1);
    CHECK(added[0].kind == DiffRow::Kind::added); // an empty text has no line to pair with
    CHECK_FALSE(added[0].old_line);
}

TEST_CASE("mark_change marks the differing middle, never inside a character", "[serve][diff]") {
    const auto [old_html, new_html] = mark_change("第一段。", "第一段。新增一句。");
    CHECK(old_html == "第一段。");
    CHECK(new_html == "第一段。<ins>新增一句。</ins>");
    // 大 (E5 A4 A7) and 天 (E5 A4 A9) share two bytes: the mark must take the whole character.
    const auto [a, b] = mark_change("大模型", "天模型");
    CHECK(a == "<del>大</del>模型");
    CHECK(b == "<ins>天</ins>模型");
    const auto [c, d] = mark_change("<b>x</b>", "<b>y</b>");
    CHECK(c == "&lt;b&gt;<del>x</del>&lt;/b&gt;");
    CHECK(d == "&lt;b&gt;<ins>y</ins>&lt;/b&gt;");
}

TEST_CASE("render_line_chart draws every series as escaped inline SVG", "[serve][svg]") {
    LineChart chart;
    chart.title = "每日 <文章>";
    chart.x_labels = {"05-01", "05-02", "05-03"};
    chart.series = {{"guancha", {1, 3, std::nullopt}}, {"<huxiu>", {0, 2, 5}}};
    const std::string svg = render_line_chart(chart);
    CHECK_THAT(svg, Catch::StartsWith("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\""));
    CHECK_THAT(svg, Catch::Contains("<title>每日 &lt;文章&gt;</title>"));
    CHECK_THAT(svg, Catch::Contains("&lt;huxiu&gt;"));
    CHECK_THAT(svg, !Catch::Contains("<huxiu>"));
    std::size_t polylines = 0;
    for (std::size_t at = svg.find("<polyline"); at != std::string::npos; at = svg.find("<polyline", at + 1)) {
        ++polylines;
    }
    CHECK(polylines == 2);
    CHECK_THAT(svg, Catch::Contains(">8<")); // 5 rounded up to four whole steps: 0 2 4 6 8
    LineChart empty;
    empty.title = "nothing";
    CHECK_THAT(render_line_chart(empty), Catch::Contains("no data yet"));
}

TEST_CASE("MetricsText writes valid Prometheus text: one family per name, HELP and TYPE once, escaped labels",
          "[serve][metrics]") {
    MetricsText text;
    using Type = MetricFamily::Type;
    text.add("newsarc_fetches_total", "Fetches by host\nand outcome \\ all", Type::counter,
             {{"host", "a\"b\\c\nd"}, {"outcome", "ok"}}, 3);
    text.add("newsarc_documents", "Documents", Type::gauge, {}, 10);
    text.add("newsarc_fetches_total", "ignored: the first help stays", Type::counter, {{"host", "x"}, {"outcome", "timeout"}},
             1);
    text.add("newsarc_ratio", "A share", Type::gauge, {{"site", "大"}}, 0.25);
    const std::string out = text.render();
    CHECK(out == "# HELP newsarc_fetches_total Fetches by host\\nand outcome \\\\ all\n"
                 "# TYPE newsarc_fetches_total counter\n"
                 "newsarc_fetches_total{host=\"a\\\"b\\\\c\\nd\",outcome=\"ok\"} 3\n"
                 "newsarc_fetches_total{host=\"x\",outcome=\"timeout\"} 1\n"
                 "# HELP newsarc_documents Documents\n"
                 "# TYPE newsarc_documents gauge\n"
                 "newsarc_documents 10\n"
                 "# HELP newsarc_ratio A share\n"
                 "# TYPE newsarc_ratio gauge\n"
                 "newsarc_ratio{site=\"大\"} 0.25\n");
    CHECK_THROWS_WITH(text.add("newsarc_documents", "", Type::counter, {}, 1), Catch::Contains("two types"));
    CHECK_THROWS_WITH(text.add("9bad", "", Type::gauge, {}, 1), Catch::Contains("not a Prometheus metric name"));
    CHECK_THROWS_WITH(text.add("newsarc_x", "", Type::gauge, {{"bad-label", "v"}}, 1),
                      Catch::Contains("not a Prometheus label name"));
    CHECK(escape_label_value("line\nbreak \"q\" \\") == "line\\nbreak \\\"q\\\" \\\\");
}
