// Focus: normalize_line and remove_pinyin_annotations, the per-line text repairs every other step relies on.
#include <catch2/catch.hpp>

#include "newsarc/clean/text.hpp"

using newsarc::clean::is_toned_pinyin_syllable;
using newsarc::clean::normalize_line;
using newsarc::clean::remove_pinyin_annotations;

TEST_CASE("normalize_line composes decomposed Latin letters and Hangul (NFC)", "[clean][normalize]") {
    CHECK(normalize_line("cafe\xCC\x81") == "caf\xC3\xA9");                // e + U+0301 -> é
    CHECK(normalize_line("lu\xCC\x88\xCC\x84") == "l\xC7\x96");            // u + U+0308 + U+0304 -> ǖ
    CHECK(normalize_line("ge\xCC\x80") == "g\xC3\xA8");                    // gè, the pinyin case
    CHECK(normalize_line("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8") == "각");  // jamo L V T -> U+AC01
    CHECK(normalize_line("x\xCC\xB8") == "x\xCC\xB8");                     // no composition: mark kept
    // Full NFC (utf8proc): marks in any order, other scripts, and a mark after a removed zero-width space.
    CHECK(normalize_line("a\xCC\x82\xCC\xA3") == "\xE1\xBA\xAD");          // a + U+0302 + U+0323 -> ậ
    CHECK(normalize_line("\xCE\xB1\xCC\x81") == "\xCE\xAC");               // α + U+0301 -> ά
    CHECK(normalize_line("\xE3\x82\xAB\xE3\x82\x99") == "\xE3\x82\xAC");   // カ + U+3099 -> ガ
    CHECK(normalize_line("e\xE2\x80\x8B\xCC\x81") == "\xC3\xA9");          // e, U+200B, U+0301 -> é
}

TEST_CASE("normalize_line turns odd spaces into one space and trims", "[clean][normalize]") {
    CHECK(normalize_line("a\xC2\xA0" "b\xE3\x80\x80" "c\xE2\x80\x83" "d\te") == "a b c d e");
    CHECK(normalize_line("\xE3\x80\x80\xE3\x80\x80  正文  开始 \xC2\xA0") == "正文 开始");
    CHECK(normalize_line("   ").empty());
}

TEST_CASE("normalize_line removes zero-width and invisible characters", "[clean][normalize]") {
    CHECK(normalize_line("人\xE2\x80\x8B工\xEF\xBB\xBF智\xC2\xAD能\xE2\x81\xA0") == "人工智能");
    CHECK(normalize_line("\xEF\xBB\xBF标题\x01") == "标题");
    CHECK(normalize_line("坏\xFF字节") == "坏字节");  // invalid UTF-8 is replaced, and U+FFFD carries nothing
}

TEST_CASE("normalize_line decodes entities left as text", "[clean][normalize]") {
    CHECK(normalize_line("&nbsp;&nbsp;中国&amp;美国") == "中国&美国");
    CHECK(normalize_line("&#8220;你好&#x201D;&mdash;&hellip;") == "“你好”—…");
    CHECK(normalize_line("A&nbspB") == "A B");
    CHECK(normalize_line("AT&T &unknown; & &#; &#x;") == "AT&T &unknown; & &#; &#x;");
    // Doubly escaped markup is decoded and then removed as a tag, in one call.
    CHECK(normalize_line("前&amp;lt;span&amp;gt;后") == "前后");
}

TEST_CASE("normalize_line decodes references as a browser shows them, beyond the old 37-entry table",
          "[clean][normalize][issue-18]") {
    // Names the old table lacked, and names are case-sensitive as in HTML5 (&AMP; is one, &Amp; is not).
    CHECK(normalize_line("&rarr;&alpha;&frac12;&hearts;&AMP;&Amp;") == "→α½♥&&Amp;");
    // Legacy names without ';' decode in text, even glued to what follows, as browsers do.
    CHECK(normalize_line("&copy 2024") == "© 2024");
    CHECK(normalize_line("R&ampD") == "R&D");
    CHECK(normalize_line("1 &lt 2") == "1 < 2");
    CHECK(normalize_line("&notit;") == "¬it;");           // the longest legacy name that matches: &not
    CHECK(normalize_line("a.cn/?a=1&copy=2") == "a.cn/?a=1©=2");   // a query string in text reads as a browser shows it
    // Numeric references without ';', and the Windows-1252 numbers pages write for curly quotes and dashes
    // (the old decoder turned &#147; into the C1 control U+0093, which cleaning then dropped).
    CHECK(normalize_line("&#20013文") == "中文");
    CHECK(normalize_line("&#147;你好&#148;&#150;") == "“你好”–");
    // NUL, surrogates and numbers past U+10FFFF are U+FFFD to a browser, which cleaning drops as it drops every
    // U+FFFD (the old decoder left them as written).
    CHECK(normalize_line("a&#0;b&#xD800;c&#x110000;d") == "abcd");
}

TEST_CASE("normalize_line decodes a reference wherever it stands in the line", "[clean][normalize][issue-18]") {
    // Glued to Han characters, to ASCII words, one after another, and followed by characters that end it.
    CHECK(normalize_line("中&amp;国&lt;&gt;") == "中&国<>");
    CHECK(normalize_line("x&amp;y;z &copy中 &#x4e2d;&#25991;。") == "x&y;z ©中 中文。");
    // A reference that decodes to a line break (dropped as an invisible character, as before) beside others.
    CHECK(normalize_line("x&#10;y &amp; z&#x0A;") == "xy & z");
}

TEST_CASE("normalize_line ends on hostile text: deep nesting and references that grow",
          "[clean][normalize][issue-18]") {
    // "&amp;amp;amp;...lt;" 10,000 deep: each round takes one layer off, and the rounds are bounded, so the
    // outer layers stay; text escaped a few times (as pages do) still decodes to the end.
    std::string nested = "&";
    for (int depth = 0; depth < 10000; ++depth) {
        nested += "amp;";
    }
    nested += "lt;";
    const std::string decoded = normalize_line(nested);
    CHECK(decoded.size() < nested.size());
    CHECK(decoded.size() > nested.size() - 4 * 100);
    CHECK(decoded.rfind("&amp;amp;", 0) == 0);
    CHECK(decoded.substr(decoded.size() - 7) == "amp;lt;");
    CHECK(normalize_line("&amp;amp;amp;lt;b&amp;amp;amp;gt;x") == "x");
    // &nGt; (5 bytes) decodes to U+226B U+20D2 (6 bytes): the text grows and still ends.
    std::string growing;
    std::string grown;
    for (int count = 0; count < 10000; ++count) {
        growing += "&nGt;";
        grown += "\xE2\x89\xAB\xE2\x83\x92";
    }
    CHECK(normalize_line(growing) == grown);
    // Escaped growing references mixed with tags and escaped tags.
    std::string mixed;
    std::string mixed_decoded;
    for (int count = 0; count < 2000; ++count) {
        mixed += "&amp;amp;nGt;<b>&lt;b&gt;";
        mixed_decoded += "\xE2\x89\xAB\xE2\x83\x92";
    }
    CHECK(normalize_line(mixed) == mixed_decoded);
}

TEST_CASE("normalize_line removes HTML tag remnants, and only those", "[clean][normalize]") {
    CHECK(normalize_line("大公司。”</span>") == "大公司。”");
    CHECK(normalize_line("<p class=\"x\">正文</p><br/>") == "正文");
    CHECK(normalize_line("a<b>粗</b>体<!-- 注释 -->完") == "a粗体完");
    CHECK(normalize_line("大公司?/span>") == "大公司");  // the '<' was lost and became '?'
    CHECK(normalize_line("x < y > z") == "x < y > z");
    CHECK(normalize_line("1<2 and 3>2") == "1<2 and 3>2");
    CHECK(normalize_line("<unknowntag>保留") == "<unknowntag>保留");
    CHECK(normalize_line("and/or> 与 https://a.cn/b/p>") == "and/or> 与 https://a.cn/b/p>");
}

TEST_CASE("normalize_line drops a '?' standing for a lost character at the start", "[clean][normalize]") {
    CHECK(normalize_line("?阿里也想做个") == "阿里也想做个");
    CHECK(normalize_line("??阿里") == "阿里");
    CHECK(normalize_line("? 问号后有空格") == "? 问号后有空格");
    CHECK(normalize_line("为什么?") == "为什么?");
    CHECK(normalize_line("?") == "?");
}

TEST_CASE("normalize_line is idempotent", "[clean][normalize]") {
    const char* samples[] = {
        "&amp;amp;amp;lt;b&amp;gt;x", " ?\xC2\xA0?阿里 ", "e\xE2\x80\x8B\xCC\x81", "&lt;span&gt;&lt;/span&gt;文字",
        "?!?/span>", "< p>a</ p>", "&#12288;全角空格&#12288;", "\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8\xCC\x81",
        "a  b\t\tc", "&nbsp;&nbsp;&nbsp;", "?/span>?/span>文字", "\xE2\x80\x8B?测试",
        "&amp;copy 2024", "&#147;x&#148;", "&amp;nGt;", "x&#10;y &amp; z", "R&ampD&amp;amp;lt;i&gt;",
    };
    for (const char* sample : samples) {
        const std::string once = normalize_line(sample);
        INFO(sample);
        CHECK(normalize_line(once) == once);
    }
}

TEST_CASE("pinyin annotations glued to a character are removed", "[clean][pinyin]") {
    CHECK(remove_pinyin_annotations("也想做個(gè)“賣鏟子”的人") == "也想做個“賣鏟子”的人");
    CHECK(remove_pinyin_annotations("阿里對(duì)外開(kāi)源了") == "阿里對外開源了");
    CHECK(remove_pinyin_annotations("做點(diǎn)功能") == "做點功能");
    CHECK(remove_pinyin_annotations("綠(lǜ)色") == "綠色");
    CHECK(remove_pinyin_annotations("F(xiàn)acebook的RoBERTa") == "Facebook的RoBERTa");
    CHECK(remove_pinyin_annotations("創(chuàng)業(yè)") == "創業");
    CHECK(remove_pinyin_annotations("個（gè）人") == "個人");
    CHECK(remove_pinyin_annotations("個(gè)(gè)人") == "個人");
}

TEST_CASE("real parentheses stay", "[clean][pinyin]") {
    for (const char* text : {"跨度理論(FOCS)、機器學習(NIPS、ICML)", "微信公眾號“鋅產業”(ID:xinchanye2021)",
                             "LLM(Large Language Model, 大型语言模型)", "回答(yes)或(no)", "选项(a)", "我 (gè)",
                             "(gè)开头", "温度(℃)", "人物(café)", "读作(ge)", "两个声调(gèè)"}) {
        CHECK(remove_pinyin_annotations(text) == text);
    }
}

TEST_CASE("is_toned_pinyin_syllable accepts one syllable with one tone mark", "[clean][pinyin]") {
    for (const char* yes : {"gè", "chuàng", "lǜ", "nǚ", "xiàn", "ér", "ā", "yuàn", "zhuāng", "ń"}) {
        INFO(yes);
        CHECK(is_toned_pinyin_syllable(yes));
    }
    for (const char* no : {"ge", "gèè", "xyzà", "café", "GÈ", "gè ", "", "chuàngg", "qīu1"}) {
        INFO(no);
        CHECK_FALSE(is_toned_pinyin_syllable(no));
    }
}
