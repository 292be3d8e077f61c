// Small string helpers every plugin needs (views of the C ABI's strings, trimming Chinese pages' white space).
// Byte-level text work only: URLs, times and HTML are read by the host (see url.hpp, time.hpp, html.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/plugin.h"

namespace newsarc::sdk {

/// A newsarc_str view of `text` (valid while `text` is).
inline newsarc_str to_c(std::string_view text) noexcept {
    return newsarc_str{text.data(), text.size()};
}

/// A string_view of a newsarc_str (empty for data == NULL).
inline std::string_view to_view(newsarc_str text) noexcept {
    return text.data == nullptr ? std::string_view{} : std::string_view{text.data, text.size};
}

/// True for ASCII white space and for U+00A0, U+3000 and U+FEFF (given as the first byte of their UTF-8 form
/// at `text[i]`); returns the length of the white-space sequence at `i`, or 0.
inline std::size_t space_length_at(std::string_view text, std::size_t i) noexcept {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        return 1;
    }
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
        return 2; // U+00A0
    }
    if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0x80) {
        return 3; // U+3000 ideographic space
    }
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBB &&
        static_cast<unsigned char>(text[i + 2]) == 0xBF) {
        return 3; // U+FEFF
    }
    return 0;
}

/// `text` without leading and trailing white space (ASCII, U+00A0, U+3000, U+FEFF).
inline std::string_view trim(std::string_view text) noexcept {
    std::size_t begin = 0;
    while (begin < text.size()) {
        const std::size_t n = space_length_at(text, begin);
        if (n == 0) {
            break;
        }
        begin += n;
    }
    std::size_t end = text.size();
    while (end > begin) {
        // Step back over one UTF-8 code point and test whether it is white space.
        std::size_t start = end - 1;
        while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
            --start;
        }
        if (space_length_at(text, start) != end - start) {
            break;
        }
        end = start;
    }
    return text.substr(begin, end - begin);
}

/// `text` trimmed, with every run of white space inside replaced by one ASCII space.
inline std::string collapse_space(std::string_view text) {
    // Bytes that cannot start white space are copied a run at a time: called on every paragraph of every page,
    // the byte-by-byte copy was 3% of an extraction's instructions (callgrind, bench/extract on bench-web pages).
    const auto may_start_space = [](unsigned char c) noexcept {
        return c <= ' ' || c == 0xC2 || c == 0xE3 || c == 0xEF;
    };
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = space_length_at(text, i);
        if (n > 0) {
            pending_space = !out.empty();
            i += n;
            continue;
        }
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
        }
        std::size_t end = i + 1;
        while (end < text.size() && !may_start_space(static_cast<unsigned char>(text[end]))) {
            ++end;
        }
        out.append(text.data() + i, end - i);
        i = end;
    }
    return out;
}

/// Splits `text` at `separator`, trimming each piece and dropping empty ones.
inline std::vector<std::string_view> split_trimmed(std::string_view text, std::string_view separator) {
    std::vector<std::string_view> pieces;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t at = separator.empty() ? std::string_view::npos : text.find(separator, start);
        const std::string_view piece = trim(text.substr(start, at == std::string_view::npos ? text.npos : at - start));
        if (!piece.empty()) {
            pieces.push_back(piece);
        }
        if (at == std::string_view::npos) {
            break;
        }
        start = at + separator.size();
    }
    return pieces;
}

} // namespace newsarc::sdk
