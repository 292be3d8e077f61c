// Focus: the corpus text format (header parsing, byte-exact rendering) and archive time parsing/formatting.
#include <catch2/catch.hpp>

#include "archive_test_util.hpp"
#include "newsarc/archive/corpus_format.hpp"
#include "newsarc/archive/time.hpp"
#include "support/paths.hpp"

using namespace newsarc::archive;

namespace {
const std::string kNbsp4 = "\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0 ";
}

TEST_CASE("every seed renders back byte-exact after parsing", "[archive][corpus]") {
    const auto seeds = newsarc::test::shared_dir() / "seeds";
    const auto names = newsarc::test::file_names(seeds);
    REQUIRE(names.size() >= 5);
    int with_header = 0;
    for (const auto& name : names) {
        INFO(name);
        const std::string text = newsarc::test::read_bytes(seeds / name);
        const CorpusRecord record = parse_corpus(text);
        CHECK(render_corpus(record) == text);
        with_header += record.title.empty() ? 0 : 1;
    }
    CHECK(with_header >= 1);
}

TEST_CASE("the seed header gives title, China time and source", "[archive][corpus]") {
    const std::string text =
        newsarc::test::read_bytes(newsarc::test::shared_dir() / "seeds" / "000_6f2a3172923db0ae.txt");
    const CorpusRecord record = parse_corpus(text);
    CHECK(record.title == "阿里顶级大牛辞职创业,字节招兵买马,AI大模型赛道风起云涌");
    CHECK(record.published_at == "2023-03-22T18:00:00+08:00");
    CHECK(record.source == "观察者网");
    CHECK(record.body.rfind("随着ChatGPT的爆火", 0) == 0);
    CHECK(record.body.find("\n\n") != std::string::npos);
}

TEST_CASE("a text without the header is all body", "[archive][corpus]") {
    const std::vector<std::string> texts = {
        "just one paragraph",
        "title\n\nnot a time line\n\nbody",
        "title\n\n2023-13-01 10:00" + kNbsp4 + "src\n\nbody",      // month 13
        "title\n\n2023-03-22 18:00 src\n\nbody",                   // plain space instead of the separator
        "title\n\n2023-03-22 18:00" + kNbsp4 + "src\n\n",          // header but an empty body after the blank line
        "title\n\n2023-03-22 18:00" + kNbsp4 + "src\nbody",        // no blank line after the header
        "\n\n2023-03-22 18:00" + kNbsp4 + "src\n\nbody",           // empty title
        "",
    };
    for (const auto& text : texts) {
        INFO(text);
        const CorpusRecord record = parse_corpus(text);
        CHECK(record.title.empty());
        CHECK(record.published_at.empty());
        CHECK(record.body == text);
        CHECK(render_corpus(record) == text);
    }
}

TEST_CASE("a header-only text and a header with empty source round-trip", "[archive][corpus]") {
    const std::string header_only = "标题\n\n2024-02-29 23:59" + kNbsp4 + "来源";
    CorpusRecord record = parse_corpus(header_only);
    CHECK(record.title == "标题");
    CHECK(record.body.empty());
    CHECK(record.published_at == "2024-02-29T23:59:00+08:00");
    CHECK(render_corpus(record) == header_only);

    const std::string no_source = "标题\n\n2024-02-29 23:59" + kNbsp4 + "\n\n正文";
    record = parse_corpus(no_source);
    CHECK(record.source.empty());
    CHECK(record.body == "正文");
    CHECK(render_corpus(record) == no_source);
}

TEST_CASE("rendering converts published_at to China time", "[archive][corpus]") {
    const CorpusRecord record{"T", "2024-05-01T00:30:00Z", "S", "B"};
    CHECK(render_corpus(record) == "T\n\n2024-05-01 08:30" + kNbsp4 + "S\n\nB");
    CHECK(render_corpus(CorpusRecord{"", "2024-05-01T00:30:00Z", "S", "only body"}) == "only body");
}

TEST_CASE("parse_time accepts the documented forms and rejects the rest", "[archive][time]") {
    const auto expect_iso = [](std::string_view text, std::string_view iso) {
        INFO(text);
        const auto parsed = parse_time(text);
        REQUIRE(parsed);
        CHECK(format_iso(*parsed) == iso);
    };
    expect_iso("2024-05-01", "2024-05-01T00:00:00+08:00");
    expect_iso("2024-05-01 08:09", "2024-05-01T08:09:00+08:00");
    expect_iso("2024-05-01 08:09:10", "2024-05-01T08:09:10+08:00");
    expect_iso("2024-05-01T08:09:10+08:00", "2024-05-01T08:09:10+08:00");
    expect_iso("2024-05-01T00:09:10Z", "2024-05-01T08:09:10+08:00");
    expect_iso("2024-04-30T20:09:10-04:00", "2024-05-01T08:09:10+08:00");
    expect_iso("2024-05-01T08:09:10.123+0800", "2024-05-01T08:09:10+08:00");
    expect_iso("1969-12-31T23:59:59Z", "1970-01-01T07:59:59+08:00");
    expect_iso("2024-02-29 12:00", "2024-02-29T12:00:00+08:00");   // leap years by the calendar's rules
    expect_iso("2000-02-29T16:00:00Z", "2000-03-01T00:00:00+08:00");
    expect_iso("1899-12-31T16:00:00Z", "1900-01-01T00:00:00+08:00");
    CHECK(to_unix_ms(*parse_time("1970-01-01T00:00:00.250Z")) == 250);
    for (const char* bad : {"", "yesterday", "2024-5-01", "2024-02-30", "2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-05-01 24:00",
                            "2024-05-01 10:60", "2024-05-01T10:00:00+8", "2024-05-01 10:00 ", "2024-05-01X"}) {
        INFO(bad);
        CHECK_FALSE(parse_time(bad));
    }
    CHECK(normalize_published_at("2023-03-22 18:00") == std::optional<std::string>("2023-03-22T18:00:00+08:00"));
    CHECK(corpus_time("2023-03-22T10:00:00Z") == "2023-03-22 18:00");
    CHECK(corpus_time("garbage").empty());
}
