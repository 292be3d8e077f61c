// DiscoveredRequests: URL text in blocks, entries in order, an open-addressing table for duplicates.
#include "discovered_requests.hpp"

#include <cstring>
#include <limits>

namespace newsarc::crawl {
namespace {

constexpr std::size_t kBlockBytes = 64 * 1024; // more than a URL's maximum length (kMaxUrlLength)

bool is_plain(const FrontierRequest& request) {
    return request.method == "GET" && request.body.empty() && request.headers.empty() &&
           request.document_url.empty() && request.redirect_chain.empty() && request.depth >= 0 &&
           request.depth <= std::numeric_limits<std::uint16_t>::max() &&
           request.url.compare(0, request.origin.size(), request.origin) == 0 &&
           request.url.size() - request.origin.size() <= std::min<std::size_t>(kBlockBytes, 0xFFFF);
}

std::size_t hash_of(std::uint16_t origin, std::string_view rest) {
    return std::hash<std::string_view>{}(rest) * 31 + origin;
}

} // namespace

std::string_view DiscoveredRequests::rest_of(const Entry& entry) const {
    return {blocks_[entry.position / kBlockBytes].get() + entry.position % kBlockBytes, entry.size};
}

std::uint16_t DiscoveredRequests::origin_index(std::string_view origin) {
    // A page links to a handful of origins: a linear search over them is cheaper than a map.
    for (std::size_t i = origins_.size(); i > 0; --i) {
        if (origins_[i - 1] == origin) {
            return static_cast<std::uint16_t>(i - 1);
        }
    }
    origins_.emplace_back(origin);
    return static_cast<std::uint16_t>(origins_.size() - 1);
}

std::size_t DiscoveredRequests::find_slot(std::uint16_t origin, std::string_view rest) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = hash_of(origin, rest) & mask;; slot = (slot + 1) & mask) {
        const std::uint32_t held = slots_[slot];
        if (held == 0) {
            return slot;
        }
        const Entry& entry = entries_[held - 1];
        if (entry.origin == origin && rest_of(entry) == rest) {
            return slot;
        }
    }
}

void DiscoveredRequests::grow_table() {
    std::vector<std::uint32_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 256 : old.size() * 2, 0);
    for (const std::uint32_t held : old) {
        if (held != 0) {
            const Entry& entry = entries_[held - 1];
            slots_[find_slot(entry.origin, rest_of(entry))] = held;
        }
    }
}

std::string_view DiscoveredRequests::store(std::string_view text, Entry& entry) {
    if (blocks_.empty() || block_used_ + text.size() > kBlockBytes) {
        blocks_.push_back(std::make_unique<char[]>(kBlockBytes));
        block_used_ = 0;
    }
    entry.position = static_cast<std::uint32_t>((blocks_.size() - 1) * kBlockBytes + block_used_);
    entry.size = static_cast<std::uint16_t>(text.size());
    std::memcpy(blocks_.back().get() + block_used_, text.data(), text.size());
    block_used_ += text.size();
    return rest_of(entry);
}

bool DiscoveredRequests::add(FrontierRequest request) {
    Entry entry;
    entry.priority = request.priority;
    const bool room = origins_.size() < std::numeric_limits<std::uint16_t>::max() &&
                      blocks_.size() < (std::size_t{1} << 32) / kBlockBytes; // positions are 32-bit
    if (!is_plain(request) || !room) {
        entry.rich = true;
        entry.position = static_cast<std::uint32_t>(rich_.size());
        rich_.push_back(std::move(request)); // rare (API calls, form posts, redirect targets): the frontier dedups
        entries_.push_back(entry);
        return true;
    }
    entry.origin = origin_index(request.origin);
    entry.kind = request.kind;
    entry.depth = static_cast<std::uint16_t>(request.depth);
    const std::string_view rest = std::string_view(request.url).substr(request.origin.size());
    if ((plain_ + 1) * 4 > slots_.size() * 3) { // at most three quarters full
        grow_table();
    }
    const std::size_t slot = find_slot(entry.origin, rest);
    if (slots_[slot] != 0) {
        return false;
    }
    store(rest, entry);
    entries_.push_back(entry);
    slots_[slot] = static_cast<std::uint32_t>(entries_.size());
    ++plain_;
    return true;
}

bool DiscoveredRequests::contains(std::string_view url) const {
    if (slots_.empty()) {
        return false;
    }
    for (std::size_t i = 0; i < origins_.size(); ++i) {
        const std::string& origin = origins_[i];
        if (url.size() > origin.size() && url.compare(0, origin.size(), origin) == 0 && url[origin.size()] == '/' &&
            slots_[find_slot(static_cast<std::uint16_t>(i), url.substr(origin.size()))] != 0) {
            return true;
        }
    }
    return false;
}

void DiscoveredRequests::for_each(const std::function<void(const FrontierRequest&)>& each) const {
    FrontierRequest plain;
    for (const Entry& entry : entries_) {
        if (entry.rich) {
            each(rich_[entry.position]);
            continue;
        }
        const std::string& origin = origins_[entry.origin];
        plain.url.assign(origin).append(rest_of(entry));
        plain.origin = origin;
        plain.kind = entry.kind;
        plain.priority = entry.priority;
        plain.depth = entry.depth;
        each(plain);
    }
}

} // namespace newsarc::crawl
