// robots.txt parsing and matching (RFC 9309).
#include "newsarc/crawl/robots.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include "newsarc/web/url.hpp"

namespace newsarc::crawl {
namespace {

constexpr std::size_t kMaxRobotsBytes = 512 * 1024;

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    return text;
}

/// Whether `pattern` matches the start of `path` ('*' = any run of bytes, a final '$' = end of path).
/// Iterative glob matching with one backtrack point, linear in practice.
bool matches(std::string_view pattern, std::string_view path) {
    bool anchored = false;
    if (!pattern.empty() && pattern.back() == '$') {
        anchored = true;
        pattern.remove_suffix(1);
    }
    std::size_t p = 0;
    std::size_t s = 0;
    std::size_t star = std::string_view::npos;
    std::size_t star_s = 0;
    while (true) {
        if (p == pattern.size()) {
            if (!anchored || s == path.size()) {
                return true;
            }
        } else if (pattern[p] == '*') {
            star = p++;
            star_s = s;
            continue;
        } else if (s < path.size() && pattern[p] == path[s]) {
            ++p;
            ++s;
            continue;
        }
        if (star == std::string_view::npos || star_s >= path.size()) {
            return false;
        }
        p = star + 1;
        s = ++star_s;
    }
}

} // namespace

std::string robots_token(std::string_view user_agent) {
    user_agent = trim(user_agent);
    std::size_t end = 0;
    while (end < user_agent.size() &&
           (std::isalpha(static_cast<unsigned char>(user_agent[end])) != 0 || user_agent[end] == '-' ||
            user_agent[end] == '_')) {
        ++end;
    }
    return lower(user_agent.substr(0, end));
}

RobotsRules RobotsRules::allow_all() {
    return RobotsRules{};
}

RobotsRules RobotsRules::disallow_all() {
    RobotsRules rules;
    rules.rules_.push_back(Rule{"/", false});
    return rules;
}

RobotsRules RobotsRules::parse(std::string_view text, std::string_view token) {
    text = text.substr(0, kMaxRobotsBytes);
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    const std::string wanted = lower(token);

    // One pass: group boundaries are "a user-agent line after a rule line". Collect the rules of groups that
    // name us and of '*' groups separately; pick afterwards.
    RobotsRules named;
    RobotsRules star;
    bool named_seen = false;
    std::vector<std::string> sitemaps;
    bool in_agents = false;     // the previous meaningful line was a user-agent line
    bool group_named = false;   // the current group names us
    bool group_star = false;    // the current group is for '*'
    while (!text.empty()) {
        const auto end = text.find_first_of("\r\n");
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (const auto hash = line.find('#'); hash != std::string_view::npos) {
            line = line.substr(0, hash);
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const std::string key = lower(trim(line.substr(0, colon)));
        const std::string_view value = trim(line.substr(colon + 1));
        if (key == "user-agent") {
            if (!in_agents) {
                group_named = false;
                group_star = false;
                in_agents = true;
            }
            const std::string agent = robots_token(value);
            if (value == "*") {
                group_star = true;
            } else if (!agent.empty() && agent == wanted) {
                group_named = true;
                named_seen = true;
            }
            continue;
        }
        if (key == "sitemap") {
            // Sitemap records belong to no group (RFC 9309 2.2.4): every crawler may use them.
            sitemaps.emplace_back(value);
            continue;
        }
        if (key != "allow" && key != "disallow" && key != "crawl-delay") {
            continue; // unknown records neither end a group nor belong to one
        }
        in_agents = false;
        if (!group_named && !group_star) {
            continue;
        }
        auto add = [&](RobotsRules& target) {
            if (key == "crawl-delay") {
                char* parse_end = nullptr;
                const std::string number(value);
                const double seconds = std::strtod(number.c_str(), &parse_end);
                if (parse_end != number.c_str() && seconds >= 0 && seconds < 86400) {
                    target.crawl_delay_ = std::max(target.crawl_delay_.value_or(0), seconds);
                }
            } else if (!value.empty()) {
                // An empty Disallow means "nothing is disallowed": no rule at all.
                target.rules_.push_back(Rule{web::normalize_path_spelling(value), key == "allow"});
            }
        };
        if (group_named) {
            add(named);
        }
        if (group_star) {
            add(star);
        }
    }
    RobotsRules chosen = named_seen ? std::move(named) : std::move(star);
    if (sitemaps.size() > kMaxRobotsSitemaps) {
        sitemaps.resize(kMaxRobotsSitemaps);
    }
    chosen.sitemaps_ = std::move(sitemaps);
    return chosen;
}

bool RobotsRules::allowed(std::string_view path_and_query) const {
    if (path_and_query == "/robots.txt") {
        return true;
    }
    std::size_t best_length = 0;
    bool best_allow = true;
    bool any = false;
    for (const Rule& rule : rules_) {
        if (!matches(rule.pattern, path_and_query)) {
            continue;
        }
        const std::size_t length = rule.pattern.size();
        if (!any || length > best_length || (length == best_length && rule.allow)) {
            best_length = length;
            best_allow = rule.allow;
            any = true;
        }
    }
    return !any || best_allow;
}

} // namespace newsarc::crawl
