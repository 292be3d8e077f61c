// Block pages: what a site answers instead of the page when it does not want a crawler. A JavaScript challenge
// (加速乐's __jsl_clearance cookie script, Cloudflare's), a captcha, or a short "访问验证" page served with 200
// would otherwise be archived as the page, and an article's next version would be the block page.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace newsarc::crawl {

/// Bodies larger than this are never taken for block pages (real ones are a few KB; an article that mentions a
/// captcha is long).
inline constexpr std::size_t kMaxBlockPageBytes = 32 * 1024;

/// Why a response is a block page ("加速乐 challenge (__jsl_clearance)", "captcha page: 请输入验证码", ...), or
/// nullopt when it looks like content. `text` is the body as UTF-8 (raw bytes will do for the challenge
/// markers, which are ASCII).
std::optional<std::string> block_reason(int status, std::string_view text);

} // namespace newsarc::crawl
