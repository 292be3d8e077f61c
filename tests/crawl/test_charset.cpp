// Focus: charset detection and conversion to UTF-8 (core/crawl/src/charset.cpp): labels, BOM, <meta>,
// detection, GBK/Big5, and bytes that are invalid in every charset.
#include <catch2/catch.hpp>

#include <iconv.h>

#include "newsarc/base/utf8.hpp"
#include "newsarc/crawl/charset.hpp"

using newsarc::crawl::canonical_charset;
using newsarc::crawl::charset_parameter;
using newsarc::crawl::decode_to_utf8;
using newsarc::crawl::meta_charset;

namespace {

/// UTF-8 text re-encoded with iconv, to build test pages in legacy charsets.
std::string encode(const std::string& utf8, const char* charset) {
    iconv_t cd = iconv_open(charset, "UTF-8");
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string out(utf8.size() * 4 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size();
    char* out_ptr = out.data();
    std::size_t out_left = out.size();
    REQUIRE(iconv(cd, &in, &in_left, &out_ptr, &out_left) != static_cast<std::size_t>(-1));
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

const std::string kChinese = "中国人工智能产业发展报告：大模型时代的新机遇与挑战。这是一个关于科技新闻的测试段落，"
                             "包含足够多的汉字以便自动检测字符集。阿里巴巴、腾讯和百度都发布了新的人工智能产品。";

} // namespace

TEST_CASE("GB2312 and GBK labels decode as GB18030", "[crawl][charset]") {
    CHECK(canonical_charset("GB2312") == "GB18030");
    CHECK(canonical_charset(" gbk ") == "GB18030");
    CHECK(canonical_charset("\"x-gbk\"") == "GB18030");
    CHECK(canonical_charset("big5") == "BIG5");
    CHECK(canonical_charset("Big5-HKSCS") == "BIG5-HKSCS");
    CHECK(canonical_charset("UTF8") == "UTF-8");
    CHECK(canonical_charset("latin1") == "WINDOWS-1252");
    CHECK(charset_parameter("text/html; charset=\"GBK\"") == "GBK");
    CHECK(charset_parameter("text/html") == "");
}

TEST_CASE("a GBK page labelled in the header becomes UTF-8", "[crawl][charset]") {
    const std::string body = encode("<html><body><p>" + kChinese + "</p></body></html>", "GBK");
    const auto decoded = decode_to_utf8(body, "text/html; charset=gbk");
    CHECK(decoded.charset == "GB18030");
    CHECK(decoded.source == "header");
    CHECK(decoded.replaced == 0);
    CHECK(decoded.text.find(kChinese) != std::string::npos);
}

TEST_CASE("a <meta> charset is found when the header has none", "[crawl][charset]") {
    CHECK(meta_charset("<html><head><meta charset=\"gb2312\"></head>") == "gb2312");
    CHECK(meta_charset("<HEAD><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=GBK\">") == "GBK");
    const std::string body =
        encode("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>" +
                   kChinese + "</body></html>",
               "GB18030");
    const auto decoded = decode_to_utf8(body, "text/html");
    CHECK(decoded.source == "meta");
    CHECK(decoded.text.find(kChinese) != std::string::npos);
}

TEST_CASE("an unlabelled GBK page is detected", "[crawl][charset]") {
    const std::string body = encode("<html><body><p>" + kChinese + "</p><p>" + kChinese + "</p></body></html>", "GBK");
    const auto decoded = decode_to_utf8(body, "");
    CHECK(decoded.source == "detected");
    CHECK(decoded.charset == "GB18030");
    CHECK(decoded.text.find(kChinese) != std::string::npos);
}

TEST_CASE("an unlabelled Big5 page is detected", "[crawl][charset]") {
    const std::string traditional = "臺灣的科技產業發展迅速，人工智慧與半導體是最重要的領域。這是一個繁體中文的測試段落。";
    const std::string body = encode("<p>" + traditional + traditional + "</p>", "BIG5");
    const auto decoded = decode_to_utf8(body, "");
    CHECK(decoded.charset == "BIG5");
    CHECK(decoded.text.find(traditional) != std::string::npos);
}

TEST_CASE("a BOM wins over the header", "[crawl][charset]") {
    const auto decoded = decode_to_utf8("\xEF\xBB\xBF" + kChinese, "text/html; charset=gbk");
    CHECK(decoded.source == "bom");
    CHECK(decoded.text == kChinese);
}

TEST_CASE("bytes invalid in every charset become U+FFFD, never a crash", "[crawl][charset]") {
    // 0xFF never occurs in UTF-8, GB18030 or Big5 as a lead byte; 0x80 alone is invalid in all three.
    std::string garbage = "<html><body>ok ";
    for (int i = 0; i < 64; ++i) {
        garbage += "\xFF\x80\xFE";
    }
    garbage += " end</body></html>";
    for (const char* type : {"", "text/html; charset=utf-8", "text/html; charset=gbk", "text/html; charset=big5",
                             "text/html; charset=no-such-charset"}) {
        const auto decoded = decode_to_utf8(garbage, type);
        CHECK(newsarc::utf8::is_valid(decoded.text));
        CHECK(decoded.text.find("ok ") != std::string::npos);
        CHECK(decoded.text.find(" end") != std::string::npos);
        CHECK(decoded.replaced > 0);
    }
    const auto truncated = decode_to_utf8(encode(kChinese, "GBK").substr(0, 5), "text/plain; charset=gbk", false);
    CHECK(newsarc::utf8::is_valid(truncated.text));
}

TEST_CASE("Big5 decodes Taiwan's CP950 characters and Hong Kong's HKSCS ones", "[crawl][charset]") {
    // 0xA1FE '／' and 0xA145 '‧' are CP950 (BIG5-HKSCS alone refuses the one and misreads the other); 0x8840 '㇀'
    // is an HKSCS character CP950 lacks; 0xA4A4 '中' is in both.
    const std::string body = "<meta charset=\"big5\"><p>\xA1\xFE\xA1\x45\xA4\xA4\x88\x40</p>";
    const auto decoded = newsarc::crawl::decode_to_utf8(body, "", true);
    CHECK(decoded.text == "<meta charset=\"big5\"><p>／‧中㇀</p>");
    CHECK(decoded.replaced == 0);
}
