// The requests one page discovered, held compactly until the network thread adds them to the frontier. As
// FrontierRequest objects (seven strings each, with the vector's slack) a page of 150,000 links held ~600 bytes
// a link; here a plain link (a GET without body, headers, document URL or redirect chain: nearly every one)
// costs its path's bytes and a 24-byte entry. Duplicate plain links are dropped on the way in.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/crawl/frontier.hpp"

namespace newsarc::crawl {

class DiscoveredRequests {
public:
    DiscoveredRequests() = default;
    // Moved, never copied: pages travel from the worker to the network thread in vectors, which move their
    // elements only when the move cannot throw (std::deque's may allocate; running out of memory there ends the
    // process anyway).
    DiscoveredRequests(DiscoveredRequests&&) noexcept = default;
    DiscoveredRequests& operator=(DiscoveredRequests&&) noexcept = default;
    DiscoveredRequests(const DiscoveredRequests&) = delete;
    DiscoveredRequests& operator=(const DiscoveredRequests&) = delete;
    ~DiscoveredRequests() = default;

    /// Adds `request` (a normalised URL whose origin is `request.origin`); a plain GET already held is dropped.
    /// Returns whether it was added.
    bool add(FrontierRequest request);

    /// Whether the plain GET of `url` (normalised) is held: a page's repeated links skip admission.
    [[nodiscard]] bool contains(std::string_view url) const;

    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
    [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }

    /// Calls `each` with every request, in the order they were added.
    void for_each(const std::function<void(const FrontierRequest&)>& each) const;

private:
    struct Entry {
        std::uint32_t position = 0; ///< of the URL's text after its origin in blocks_; for a rich entry, its index
        std::int32_t priority = 0;
        std::uint16_t size = 0;     ///< URLs are at most kMaxUrlLength (8,192) bytes
        std::uint16_t depth = 0;
        std::uint16_t origin = 0;   ///< index into origins_
        PageKind kind = PageKind::unclassified;
        bool rich = false;          ///< kept whole in rich_
    };

    [[nodiscard]] std::string_view rest_of(const Entry& entry) const;
    std::uint16_t origin_index(std::string_view origin);
    /// The slot of the plain entry for (origin, rest), or of the empty slot where it would go.
    [[nodiscard]] std::size_t find_slot(std::uint16_t origin, std::string_view rest) const;
    void grow_table();
    std::string_view store(std::string_view text, Entry& entry);

    std::deque<Entry> entries_; ///< not a vector: growing one briefly holds two copies
    std::vector<FrontierRequest> rich_;
    std::vector<std::string> origins_;
    std::vector<std::unique_ptr<char[]>> blocks_; ///< URL text, in fixed-size blocks (no doubling copies)
    std::size_t block_used_ = 0;
    std::vector<std::uint32_t> slots_;            ///< open addressing: plain entry index + 1, 0 = empty
    std::size_t plain_ = 0;
};

} // namespace newsarc::crawl
