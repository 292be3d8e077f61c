// libFuzzer target: the host services plugins reach through the ABI (core/web) on any bytes: the one time
// parser (with and without a reference time), URL resolve/normalize/split through curl, entity decoding and
// fragment blocks. Each must answer or refuse without crashing; a found time must print and re-read the same.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "newsarc/web/html_fragment.hpp"
#include "newsarc/web/printed_time.hpp"
#include "newsarc/web/url.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace web = newsarc::web;
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    web::TimeContext context;
    context.now = 1714521600; // 2024-05-01 08:00 China time: relative forms (3小时前, 昨天) resolve against it
    for (const web::TimeContext& each : {web::TimeContext{}, context}) {
        if (const auto found = web::find_time(text, each)) {
            const std::string printed = found->text();
            const auto again = web::find_time(printed, each);
            if (!again || again->text() != printed) {
                __builtin_trap(); // the stored form must read back as itself
            }
            (void)found->iso();
        }
    }
    (void)web::china_iso_time(text);
    (void)web::date_from_url(text);

    const web::UrlOptions options;
    if (auto resolved = web::resolve_url("https://www.example.com/a/b/c.html?x=1", text, options)) {
        const auto normalized = web::normalize_url(resolved.value(), options);
        if (!normalized || normalized.value() != resolved.value()) {
            __builtin_trap(); // a resolved URL is already in normal form
        }
        (void)web::split_url(resolved.value());
    }
    (void)web::split_components(text);
    (void)web::normalize_path_spelling(text);

    if (size <= 64 * 1024) {
        (void)web::decode_entities(text);
        (void)web::html_blocks(text);
    }
    return 0;
}
