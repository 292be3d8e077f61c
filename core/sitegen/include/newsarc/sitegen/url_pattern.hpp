// URL patterns (RE2, over the whole URL) generalised from sample URLs of one kind: what stays the same is kept
// literally, what varies becomes the narrowest character class that covers every sample.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace newsarc::sitegen {

/// The registrable domain of `host`, approximately: the last two labels, or three under a second-level label
/// such as com.cn, gov.cn or com.tw ("news.sina.com.cn" -> "sina.com.cn").
std::string site_domain(const std::string& host);

/// The host part of a pattern: the one host escaped, or any subdomain of their common domain.
std::string host_pattern(const std::vector<std::string>& hosts);

/// The host part of a pattern for the whole site of `host`: its registrable domain and any subdomain of it
/// ("news.ifeng.com" -> any *.ifeng.com), any port.
std::string domain_pattern(const std::string& host);

/// One pattern per path shape (number of segments) of `urls`, each anchored (^...$), allowing any query.
/// Unparsable URLs are skipped.
std::vector<std::string> url_patterns(const std::vector<std::string>& urls, const std::string& hosts_regex);

/// How much structure url_patterns(urls) keeps: its number of patterns (path shapes), of segments that fell
/// back to "any characters", and of literal word segments ("article"). A URL joins the samples (a list page's
/// link) only when it keeps the structure: same shapes, no more vague segments, no fewer words.
struct Generality {
    std::size_t shapes = 0;
    std::size_t vague = 0;
    std::size_t words = 0;
    [[nodiscard]] bool keeps(const Generality& before) const noexcept;
};
Generality generality(const std::vector<std::string>& urls);

/// True when `url` matches one of `patterns` (RE2 partial match, as the reader classifies).
bool matches_any(const std::vector<std::string>& patterns, const std::string& url);

} // namespace newsarc::sitegen
