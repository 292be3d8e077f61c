// Sitemaps and feeds: where a site without a plugin lists its pages. XML sitemaps (and their indexes, gzipped
// too), Google news sitemaps (news:publication_date), RSS 2.0 and Atom, read with expat into the URLs they list
// and their times, so a crawl can follow the newest first. Bounded: at most kMaxFeedEntries entries a document.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gumbo.h>

namespace newsarc::crawl {

/// The sitemaps protocol's own limit of URLs per sitemap (and of sitemaps per index).
inline constexpr std::size_t kMaxFeedEntries = 50000;

struct FeedEntry {
    std::string url;                  ///< as written (absolute, or relative to the document)
    std::optional<std::int64_t> time; ///< Unix seconds: news:publication_date, lastmod, pubDate, published/updated
};

struct FeedDocument {
    enum class Kind : std::uint8_t { none = 0, urlset, sitemap_index, rss, atom };
    Kind kind = Kind::none;
    std::vector<FeedEntry> entries;
    std::size_t dropped = 0; ///< entries past kMaxFeedEntries
    std::string error;       ///< why the XML could not be read to the end (entries read before it are kept)
};

/// Reads `xml` as a sitemap, sitemap index, RSS or Atom document; kind none (and no entries) for other XML.
FeedDocument parse_feed(std::string_view xml);

/// True when `body` starts like a gzip stream.
bool is_gzip(std::string_view body) noexcept;

/// `body` gunzipped, or nullopt when it is damaged or inflates past `max_bytes` (a gzip bomb stops there).
std::optional<std::string> gunzip_bounded(std::string_view body, std::size_t max_bytes);

/// The RSS and Atom feeds an HTML page names in its head (<link rel="alternate" type="application/rss+xml" href>),
/// hrefs as written.
std::vector<std::string> feed_links(std::string_view html);
/// The same for a page already parsed (its document node).
std::vector<std::string> feed_links(const GumboNode* root);

} // namespace newsarc::crawl
