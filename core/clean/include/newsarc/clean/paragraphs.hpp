// The paragraphs of a plain-text body: its non-empty lines. Corpus files separate paragraphs by blank lines,
// the untidy ones (seeds 003 and 004) by single line breaks; both read the same way here.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace newsarc::clean {

inline std::vector<std::string> paragraphs_of(std::string_view body) {
    std::vector<std::string> paragraphs;
    while (!body.empty()) {
        const std::size_t end = body.find('\n');
        const std::string_view line = body.substr(0, end);
        if (!line.empty()) {
            paragraphs.emplace_back(line);
        }
        body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    }
    return paragraphs;
}

} // namespace newsarc::clean
