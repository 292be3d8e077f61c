// robots.txt as RFC 9309 defines it: user-agent groups, Allow/Disallow with '*' and '$', longest match
// wins, Allow wins a tie; plus the common Crawl-delay extension.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsarc::crawl {

/// The rules of one robots.txt that apply to one crawler. Immutable after parse; cheap to copy.
class RobotsRules {
public:
    /// Rules for the crawler whose product token is `token` ("newsarc"): the groups naming it (merged), or
    /// else the '*' groups (merged), or else none (everything allowed). Reads at most 512 KiB of `text`.
    static RobotsRules parse(std::string_view text, std::string_view token);
    /// No rules: what a 4xx robots.txt means.
    static RobotsRules allow_all();
    /// Everything refused: what an unreachable robots.txt means (RFC 9309 2.3.1.4).
    static RobotsRules disallow_all();

    /// Whether `path_and_query` ("/a/b?c=1") may be fetched. "/robots.txt" always may.
    [[nodiscard]] bool allowed(std::string_view path_and_query) const;
    /// The group's Crawl-delay in seconds, when it gave one.
    [[nodiscard]] std::optional<double> crawl_delay() const noexcept { return crawl_delay_; }
    /// How many Allow/Disallow rules apply.
    [[nodiscard]] std::size_t rule_count() const noexcept { return rules_.size(); }
    /// The file's Sitemap: URLs (any group, as written; at most kMaxRobotsSitemaps).
    [[nodiscard]] const std::vector<std::string>& sitemaps() const noexcept { return sitemaps_; }

private:
    struct Rule {
        std::string pattern; ///< percent-encoding normalised; may hold '*' and a final '$'
        bool allow = false;
    };
    std::vector<Rule> rules_;
    std::optional<double> crawl_delay_;
    std::vector<std::string> sitemaps_;
};

inline constexpr std::size_t kMaxRobotsSitemaps = 100;

/// The product token of a User-Agent value, lower case: "newsarc/0.1 (+https://x)" -> "newsarc".
std::string robots_token(std::string_view user_agent);

} // namespace newsarc::crawl
