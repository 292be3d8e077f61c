// apply_unified_diff: what `patch` makes of a text and a unified diff, checking every context and removed line
// against the text; for the line-diff test and fuzz target (the property: unified_diff(a, b) applied to a is b).
#pragma once
#include <cstddef>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsarc::test {

/// `text` split at '\n' (an empty text has no lines, a final '\n' leaves an empty last line), as unified_diff does.
inline std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> lines;
    if (text.empty()) {
        return lines;
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.emplace_back(text.substr(start));
            return lines;
        }
        lines.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
}

inline std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        text += (i == 0 ? "" : "\n") + lines[i];
    }
    return text;
}

/// What `patch` would make of `a` with `diff`, or nullopt when the diff is not exactly right: a hunk's context or
/// removed lines are not a's lines at the place its header names, or a header's line numbers or counts do not
/// match its lines.
inline std::optional<std::string> apply_unified_diff(std::string_view a, std::string_view diff) {
    if (diff.empty()) {
        return std::string(a); // unified_diff of equal texts
    }
    const std::vector<std::string> a_lines = lines_of(a);
    // Every line of a diff ends with '\n', so its split ends with an empty line that is no line of the diff.
    if (!diff.ends_with('\n')) {
        return std::nullopt;
    }
    std::vector<std::string> diff_lines = lines_of(diff);
    diff_lines.pop_back();
    if (diff_lines.size() < 2 || !diff_lines[0].starts_with("--- ") || !diff_lines[1].starts_with("+++ ")) {
        return std::nullopt;
    }
    // "start,count" (",count" left out when one; an empty side names the line before it).
    const auto side = [](const char*& at, std::size_t& first, std::size_t& count) {
        char* end = nullptr;
        const std::size_t start = std::strtoul(at, &end, 10);
        count = *end == ',' ? std::strtoul(end + 1, &end, 10) : 1;
        at = end;
        if (count > 0 && start == 0) {
            return false;
        }
        first = count == 0 ? start : start - 1;
        return true;
    };
    std::vector<std::string> out;
    std::size_t next = 0;         // next line of a to copy
    std::size_t a_left = 0;       // lines of a the current hunk has still to show
    std::size_t b_left = 0;       // lines of b the current hunk has still to show
    for (std::size_t d = 2; d < diff_lines.size(); ++d) {
        const std::string& line = diff_lines[d];
        if (line.starts_with("@@ -")) {
            const char* at = line.c_str() + 4;
            std::size_t a_first = 0;
            std::size_t b_first = 0;
            if (a_left != 0 || b_left != 0 || !side(at, a_first, a_left) || std::string_view(at).substr(0, 2) != " +") {
                return std::nullopt;
            }
            at += 2;
            if (!side(at, b_first, b_left) || std::string_view(at) != " @@" || a_first < next ||
                a_first > a_lines.size()) {
                return std::nullopt;
            }
            out.insert(out.end(), a_lines.begin() + static_cast<std::ptrdiff_t>(next),
                       a_lines.begin() + static_cast<std::ptrdiff_t>(a_first));
            next = a_first;
            if (out.size() != b_first) {
                return std::nullopt;
            }
        } else if (!line.empty() && (line[0] == ' ' || line[0] == '-')) {
            if (a_left == 0 || next >= a_lines.size() || a_lines[next] != std::string_view(line).substr(1)) {
                return std::nullopt;
            }
            --a_left;
            if (line[0] == ' ') {
                if (b_left == 0) {
                    return std::nullopt;
                }
                --b_left;
                out.push_back(a_lines[next]);
            }
            ++next;
        } else if (!line.empty() && line[0] == '+' && b_left > 0) {
            --b_left;
            out.push_back(line.substr(1));
        } else {
            return std::nullopt;
        }
    }
    if (a_left != 0 || b_left != 0) {
        return std::nullopt;
    }
    out.insert(out.end(), a_lines.begin() + static_cast<std::ptrdiff_t>(next), a_lines.end());
    return joined(out);
}

} // namespace newsarc::test
