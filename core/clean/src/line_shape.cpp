// Line shapes: the counts cleaning decides by, keyword-spam recognition, main-content scores and date lines.
#include "line_shape.hpp"

#include <algorithm>
#include <cstdio>

#include "unicode_chars.hpp"

namespace newsarc::clean::detail {

LineShape shape_of(std::string_view line) noexcept {
    LineShape shape;
    std::size_t i = 0;
    while (i < line.size()) {
        const char32_t cp = next_code_point(line, i);
        if (cp == ' ') {
            continue;
        }
        ++shape.length;
        if (is_han(cp)) {
            ++shape.han;
            ++shape.word_chars;
        } else if (is_word_char(cp)) {
            ++shape.word_chars;
        } else if (is_sentence_end(cp)) {
            shape.sentence_end = true;
        } else if (is_clause_punct(cp)) {
            shape.clause_punct = true;
            if (cp != U'：' && cp != U':') {
                shape.chinese_comma = true;
            }
        }
    }
    return shape;
}

bool looks_like_keyword_spam(std::string_view line, const LineShape& shape) noexcept {
    if (shape.sentence_end || shape.chinese_comma || shape.length < 20 || shape.han * 2 < shape.word_chars) {
        return false;
    }
    std::size_t segments = 0;
    bool in_segment = false;
    std::size_t i = 0;
    while (i < line.size()) {
        const char32_t cp = next_code_point(line, i);
        const bool separator = cp == ' ' || cp == '|' || cp == U'｜' || cp == '-' || cp == '_' || cp == '/';
        if (separator) {
            in_segment = false;
        } else if (!in_segment && is_word_char(cp)) {
            in_segment = true;
            ++segments;
        }
    }
    return segments >= 6 && shape.word_chars <= segments * 16;
}

double content_score(const LineShape& shape) noexcept {
    const auto length = static_cast<double>(shape.length);
    if (shape.sentence_end || (shape.length >= 50 && shape.clause_punct)) {
        return length - 10.0;
    }
    if (shape.clause_punct && shape.length >= 15) {
        return length / 2.0 - 5.0;
    }
    return -(5.0 + std::min(length, 30.0) / 2.0);
}

namespace {

/// Reads 1-4 ASCII digits at `i`; returns -1 when there are none.
int read_number(std::string_view text, std::size_t& i, std::size_t max_digits) noexcept {
    int value = 0;
    std::size_t digits = 0;
    while (i < text.size() && digits < max_digits && text[i] >= '0' && text[i] <= '9') {
        value = value * 10 + (text[i] - '0');
        ++i;
        ++digits;
    }
    return digits == 0 ? -1 : value;
}

bool skip(std::string_view text, std::size_t& i, std::string_view what) noexcept {
    if (text.substr(i, what.size()) == what) {
        i += what.size();
        return true;
    }
    return false;
}

} // namespace

std::string parse_date_line(std::string_view line) {
    std::size_t i = 0;
    const int year = read_number(line, i, 4);
    if (year < 1990 || year > 2099) {
        return {};
    }
    const bool chinese = skip(line, i, "年");
    if (!chinese && !skip(line, i, "-") && !skip(line, i, "/") && !skip(line, i, ".")) {
        return {};
    }
    const int month = read_number(line, i, 2);
    if (month < 1 || month > 12) {
        return {};
    }
    if (chinese ? !skip(line, i, "月") : (!skip(line, i, "-") && !skip(line, i, "/") && !skip(line, i, "."))) {
        return {};
    }
    const int day = read_number(line, i, 2);
    if (day < 1 || day > 31) {
        return {};
    }
    if (chinese && !skip(line, i, "日")) {
        skip(line, i, "号");
    }
    char buffer[32];
    if (i == line.size()) {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
        return buffer;
    }
    if (!skip(line, i, " ") && !skip(line, i, "T")) {
        return {};
    }
    const int hour = read_number(line, i, 2);
    if (hour < 0 || hour > 23 || !skip(line, i, ":")) {
        return {};
    }
    const int minute = read_number(line, i, 2);
    if (minute < 0 || minute > 59) {
        return {};
    }
    if (skip(line, i, ":")) {
        const int second = read_number(line, i, 2);
        if (second < 0 || second > 60) {
            return {};
        }
    }
    if (i != line.size()) {
        return {};
    }
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d", year, month, day, hour, minute);
    return buffer;
}

} // namespace newsarc::clean::detail
