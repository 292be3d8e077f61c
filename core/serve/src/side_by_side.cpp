// side_by_side: reads the unified diff of the whole texts (context wide enough to hold every line) back into rows.
#include "newsarc/serve/side_by_side.hpp"

#include "newsarc/archive/line_diff.hpp"
#include "newsarc/serve/html.hpp"

namespace newsarc::serve {
namespace {

/// Context that covers any text the archive holds, so the diff lists every line once.
constexpr int kWholeText = 1 << 24;

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    while (true) {
        const std::size_t end = text.find('\n');
        lines.push_back(text.substr(0, end));
        if (end == std::string_view::npos) {
            return lines;
        }
        text.remove_prefix(end + 1);
    }
}

bool is_continuation(char c) noexcept {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

} // namespace

std::vector<DiffRow> side_by_side(std::string_view a, std::string_view b) {
    std::vector<DiffRow> rows;
    if (a == b) {
        std::size_t number = 0;
        for (const std::string_view line : lines_of(a)) {
            ++number;
            rows.push_back({DiffRow::Kind::same, number, number, std::string(line), std::string(line)});
        }
        return rows;
    }
    const std::string diff = archive::unified_diff(a, b, "a", "b", kWholeText);
    std::size_t old_number = 0;
    std::size_t new_number = 0;
    std::vector<std::string_view> removed;
    std::vector<std::string_view> added;
    const auto flush = [&] {
        const std::size_t paired = std::min(removed.size(), added.size());
        for (std::size_t i = 0; i < paired; ++i) {
            rows.push_back({DiffRow::Kind::changed, ++old_number, ++new_number, std::string(removed[i]),
                            std::string(added[i])});
        }
        for (std::size_t i = paired; i < removed.size(); ++i) {
            rows.push_back({DiffRow::Kind::removed, ++old_number, std::nullopt, std::string(removed[i]), {}});
        }
        for (std::size_t i = paired; i < added.size(); ++i) {
            rows.push_back({DiffRow::Kind::added, std::nullopt, ++new_number, {}, std::string(added[i])});
        }
        removed.clear();
        added.clear();
    };
    std::vector<std::string_view> lines = lines_of(diff);
    if (!lines.empty() && lines.back().empty()) {
        lines.pop_back(); // the diff ends with '\n'
    }
    // Two label lines, then hunks; a hunk header starts with "@@" and every other line with its op.
    for (std::size_t i = 2; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        if (line.empty() || line.starts_with("@@")) {
            continue;
        }
        const std::string_view text = line.substr(1);
        if (line.front() == '-') {
            removed.push_back(text);
        } else if (line.front() == '+') {
            added.push_back(text);
        } else {
            flush();
            ++old_number;
            ++new_number;
            rows.push_back({DiffRow::Kind::same, old_number, new_number, std::string(text), std::string(text)});
        }
    }
    flush();
    return rows;
}

std::pair<std::string, std::string> mark_change(std::string_view old_text, std::string_view new_text) {
    std::size_t prefix = 0;
    while (prefix < old_text.size() && prefix < new_text.size() && old_text[prefix] == new_text[prefix]) {
        ++prefix;
    }
    // The common start must end on a character boundary in both texts (the bytes before it are the same).
    while (prefix > 0 && ((prefix < old_text.size() && is_continuation(old_text[prefix])) ||
            (prefix < new_text.size() && is_continuation(new_text[prefix])))) {
        --prefix;
    }
    std::size_t suffix = 0;
    while (suffix < old_text.size() - prefix && suffix < new_text.size() - prefix &&
           old_text[old_text.size() - 1 - suffix] == new_text[new_text.size() - 1 - suffix]) {
        ++suffix;
    }
    // The common end must start on a character: step back over continuation bytes at its start.
    while (suffix > 0 && is_continuation(old_text[old_text.size() - suffix])) {
        --suffix;
    }
    const auto side = [&](std::string_view text, const char* tag) {
        const std::string_view middle = text.substr(prefix, text.size() - prefix - suffix);
        std::string html = escape(text.substr(0, prefix));
        if (!middle.empty()) {
            html += std::string("<") + tag + ">" + escape(middle) + "</" + tag + ">";
        }
        return html + escape(text.substr(text.size() - suffix));
    };
    return {side(old_text, "del"), side(new_text, "ins")};
}

} // namespace newsarc::serve
