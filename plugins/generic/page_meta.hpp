// The <meta> tags of a page, collected once and looked up by lower-case property / name / itemprop.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "newsarc/plugin.hpp"

namespace newsarc::generic {

inline std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

/// (lower-case property/name/itemprop, content) in document order.
using Metas = std::vector<std::pair<std::string, std::string_view>>;

inline Metas collect_metas(const sdk::Page& page) {
    Metas metas;
    for (const sdk::Node& meta : page.select("meta[content]")) {
        metas.emplace_back(
            lower(sdk::trim(meta.attr("property").value_or(meta.attr("name").value_or(meta.attr_or("itemprop"))))),
            meta.attr_or("content"));
    }
    return metas;
}

inline std::string_view meta_value(const Metas& metas, std::string_view name) {
    for (const auto& [key, content] : metas) {
        if (key == name) {
            return content;
        }
    }
    return {};
}

} // namespace newsarc::generic
