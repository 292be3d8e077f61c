// The list form of a link walk: each link once, in the order first found.
#pragma once
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

namespace newsarc::crawl {

/// Runs `walk` (a link search handing out each link it finds, repeats included) and keeps the first of each.
inline std::vector<std::string> unique_links(
    const std::function<void(const std::function<void(std::string&&)>& each)>& walk) {
    std::vector<std::string> links;
    std::unordered_set<std::string> seen;
    walk([&](std::string&& url) {
        if (seen.insert(url).second) {
            links.push_back(std::move(url));
        }
    });
    return links;
}

} // namespace newsarc::crawl
