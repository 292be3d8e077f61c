// JSON embedded in pages and script text (window.__INITIAL_STATE__ = {...}). nlohmann::json is a detail of the
// C++ SDK: the ABI itself passes JSON as text.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace newsarc::sdk {

/// The length of the JSON object or array that starts at text[0] ('{' or '['), found by matching brackets
/// outside strings; 0 when it does not close within `limit` bytes or nests deeper than `max_depth`.
inline std::size_t balanced_json_length(std::string_view text, std::size_t limit = std::string_view::npos,
                                        std::size_t max_depth = std::string_view::npos) noexcept {
    if (text.empty() || (text[0] != '{' && text[0] != '[')) {
        return 0;
    }
    const std::size_t end = std::min(text.size(), limit);
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < end; ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth) {
                return 0;
            }
        } else if (c == '}' || c == ']') {
            if (--depth == 0) {
                return i + 1;
            }
        }
    }
    return 0;
}

/// Parses the JSON object or array that follows `marker` in `text` (e.g. marker "window.__INITIAL_STATE__"
/// in "window.__INITIAL_STATE__ = {...};"). Returns nullopt when the marker is absent or no valid JSON follows.
inline std::optional<nlohmann::json> json_after(std::string_view text, std::string_view marker) {
    std::size_t from = 0;
    while (true) {
        const std::size_t at = text.find(marker, from);
        if (at == std::string_view::npos) {
            return std::nullopt;
        }
        const std::size_t open = text.find_first_of("{[", at + marker.size());
        if (open != std::string_view::npos) {
            // Only '=', ':', '(' and white space may stand between the marker and the value.
            const std::string_view between = text.substr(at + marker.size(), open - at - marker.size());
            if (between.find_first_not_of(" \t\r\n=:(") == std::string_view::npos) {
                const std::size_t length = balanced_json_length(text.substr(open));
                if (length > 0) {
                    nlohmann::json value = nlohmann::json::parse(text.substr(open, length), nullptr, false);
                    if (!value.is_discarded()) {
                        return value;
                    }
                }
            }
        }
        from = at + 1;
    }
}

} // namespace newsarc::sdk
