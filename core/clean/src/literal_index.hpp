// Private: finding which of many literal patterns a line equals, starts with, ends with or contains, in one pass
// over the line instead of one search per pattern. Patterns are bucketed by their first (or last) three bytes;
// for "contains" a 64K-bit filter rejects almost every position of a line with one lookup.
#pragma once
#include <bitset>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace newsarc::clean::detail {

enum class LiteralKind { exact = 1, prefix = 2, suffix = 3, contains = 4 };

class LiteralIndex {
public:
    explicit LiteralIndex(LiteralKind kind) : kind_(kind) {}

    /// Adds a non-empty pattern reported with `id` when it matches.
    void add(std::string_view pattern, std::uint32_t id) {
        Entry entry{std::string(pattern), id};
        if (kind_ == LiteralKind::exact) {
            exact_[entry.text].push_back(id);
            return;
        }
        if (pattern.size() < 3) {
            short_.push_back(std::move(entry));
            return;
        }
        const std::uint32_t key = kind_ == LiteralKind::suffix ? key_of(pattern.substr(pattern.size() - 3))
                                                               : key_of(pattern);
        filter_.set(filter_slot(key));
        by_key_[key].push_back(std::move(entry));
    }

    /// Calls found(id, pattern_size) for every pattern that matches `text` (for contains: once per occurrence).
    template <typename Found>
    void find(std::string_view text, Found&& found) const {
        switch (kind_) {
        case LiteralKind::exact: {
            const auto it = exact_.find(text);
            if (it != exact_.end()) {
                for (const std::uint32_t id : it->second) {
                    found(id, text.size());
                }
            }
            return;
        }
        case LiteralKind::prefix:
            for (const Entry& entry : short_) {
                if (text.substr(0, entry.text.size()) == entry.text) {
                    found(entry.id, entry.text.size());
                }
            }
            if (text.size() >= 3) {
                check_bucket(text, key_of(text), [&](const Entry& entry) { return starts_with(text, entry.text); },
                             found);
            }
            return;
        case LiteralKind::suffix:
            for (const Entry& entry : short_) {
                if (ends_with(text, entry.text)) {
                    found(entry.id, entry.text.size());
                }
            }
            if (text.size() >= 3) {
                check_bucket(text, key_of(text.substr(text.size() - 3)),
                             [&](const Entry& entry) { return ends_with(text, entry.text); }, found);
            }
            return;
        case LiteralKind::contains:
            for (const Entry& entry : short_) {
                for (std::size_t at = text.find(entry.text); at != std::string_view::npos;
                     at = text.find(entry.text, at + 1)) {
                    found(entry.id, entry.text.size());
                }
            }
            if (by_key_.empty()) {
                return;
            }
            for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
                const std::uint32_t key = key_of(text.substr(i));
                if (!filter_.test(filter_slot(key))) {
                    continue;
                }
                const std::string_view rest = text.substr(i);
                check_bucket(rest, key, [&](const Entry& entry) { return starts_with(rest, entry.text); }, found);
            }
            return;
        }
    }

    [[nodiscard]] bool empty() const noexcept { return exact_.empty() && short_.empty() && by_key_.empty(); }

private:
    struct Entry {
        std::string text;
        std::uint32_t id;
    };

    static std::uint32_t key_of(std::string_view three) noexcept {
        return static_cast<std::uint8_t>(three[0]) | (static_cast<std::uint32_t>(static_cast<std::uint8_t>(three[1])) << 8) |
               (static_cast<std::uint32_t>(static_cast<std::uint8_t>(three[2])) << 16);
    }
    static std::size_t filter_slot(std::uint32_t key) noexcept { return (key * 2654435761U) >> 16; }
    static bool starts_with(std::string_view text, std::string_view head) noexcept {
        return text.size() >= head.size() && text.compare(0, head.size(), head) == 0;
    }
    static bool ends_with(std::string_view text, std::string_view tail) noexcept {
        return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
    }

    template <typename Matches, typename Found>
    void check_bucket(std::string_view, std::uint32_t key, Matches&& matches, Found&& found) const {
        const auto it = by_key_.find(key);
        if (it == by_key_.end()) {
            return;
        }
        for (const Entry& entry : it->second) {
            if (matches(entry)) {
                found(entry.id, entry.text.size());
            }
        }
    }

    struct ViewHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
    };

    LiteralKind kind_;
    std::unordered_map<std::string, std::vector<std::uint32_t>, ViewHash, std::equal_to<>> exact_;
    std::vector<Entry> short_;
    std::unordered_map<std::uint32_t, std::vector<Entry>> by_key_;
    std::bitset<65536> filter_;
};

} // namespace newsarc::clean::detail
