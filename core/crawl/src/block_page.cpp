// block_reason: challenge markers by status and script, verification pages by their few words of text.
#include "block_page.hpp"

#include <array>

#include "newsarc/clean/text.hpp"
#include "newsarc/dom/document.hpp"
#include "newsarc/dom/text.hpp"

namespace newsarc::crawl {
namespace {

struct Marker {
    std::string_view needle;
    std::string_view reason;
};

// Script challenges: the page is a script that sets a cookie and reloads. Any status (加速乐 answers 521 first,
// then 200 with a second script).
constexpr std::array<Marker, 3> kChallenges = {{
    {"__jsl_clearance", "加速乐 challenge (__jsl_clearance)"},
    {"cf-chl-", "Cloudflare challenge"},
    {"/cdn-cgi/challenge-platform/", "Cloudflare challenge"},
}};

// Words of a verification page. Only pages with little text are judged by them: an article about captchas
// has paragraphs.
constexpr std::array<std::string_view, 10> kVerificationWords = {
    "访问验证", "请输入验证码", "安全验证", "人机验证", "滑动验证", "拖动滑块", "验证后继续访问",
    "访问频率过高", "访问过于频繁", "captcha",
};

/// Pages with at most this many characters of text besides their scripts may be verification pages.
constexpr std::size_t kMaxVerificationText = 300;

bool contains_case_insensitive(std::string_view text, std::string_view needle) {
    if (needle.size() > text.size()) {
        return false;
    }
    for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
        bool same = true;
        for (std::size_t k = 0; k < needle.size() && same; ++k) {
            const char a = text[i + k];
            const char lower = a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a;
            same = lower == needle[k];
        }
        if (same) {
            return true;
        }
    }
    return false;
}

} // namespace

std::optional<std::string> block_reason(int status, std::string_view text) {
    if (text.size() > kMaxBlockPageBytes) {
        return std::nullopt;
    }
    for (const Marker& marker : kChallenges) {
        if (text.find(marker.needle) != std::string_view::npos) {
            return std::string(marker.reason) + ", HTTP " + std::to_string(status);
        }
    }
    const auto document = dom::Document::parse(text);
    const std::string visible = dom::text(document->root());
    if (clean::count_code_points(visible) > kMaxVerificationText) {
        return std::nullopt;
    }
    for (const std::string_view word : kVerificationWords) {
        if (contains_case_insensitive(visible, word)) {
            return "verification page (\"" + std::string(word) + "\"), HTTP " + std::to_string(status);
        }
    }
    return std::nullopt;
}

} // namespace newsarc::crawl
