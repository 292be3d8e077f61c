// What a URL is to the crawl, as a plugin classified it. The values are those of the plugin ABI's
// newsarc_page_kind (plugins/sdk/include/newsarc/plugin.h), so that the frontier's stored column and the ABI
// agree; site_plugins.cpp checks that at compile time and is the one place that converts.
#pragma once
#include <cstdint>

namespace newsarc::crawl {

enum class PageKind : std::uint8_t {
    unclassified = 0, ///< no plugin classified the URL (NEWSARC_PAGE_INVALID)
    article = 1,      ///< extract an article from it
    list = 2,         ///< a list or home page: its links matter, re-fetched on every run
    feed = 3,         ///< RSS/Atom, a sitemap or an API listing: re-fetched on every run
    ignore = 4,       ///< never fetch
};

/// A list, feed or sitemap: fetched in full on every run (never conditionally), since its links are the point.
constexpr bool refetched_in_full(PageKind kind) noexcept {
    return kind == PageKind::list || kind == PageKind::feed;
}

} // namespace newsarc::crawl
