// A strict UTF-8 validator (RFC 3629) and a repairing copy.
#include "newsarc/base/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace newsarc::utf8 {
namespace {

/// Length of the valid sequence starting at `i`, or 0 when the bytes there are not valid UTF-8.
std::size_t sequence_length(std::string_view text, std::size_t i) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
    const std::uint8_t lead = byte(i);
    if (lead < 0x80) {
        return 1;
    }
    std::size_t length = 0;
    std::uint8_t low = 0x80;
    std::uint8_t high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) {
            low = 0xA0; // no overlong three-byte forms
        } else if (lead == 0xED) {
            high = 0x9F; // no UTF-16 surrogates
        }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) {
            low = 0x90;
        } else if (lead == 0xF4) {
            high = 0x8F; // nothing above U+10FFFF
        }
    } else {
        return 0;
    }
    if (i + length > text.size()) {
        return 0;
    }
    if (byte(i + 1) < low || byte(i + 1) > high) {
        return 0;
    }
    for (std::size_t k = 2; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            return 0;
        }
    }
    return length;
}

/// The end of the ASCII run starting at `i`. Markup and Latin text are mostly ASCII, so eight bytes are
/// checked at once: a page is validated on every fetch and every import.
std::size_t skip_ascii(std::string_view text, std::size_t i) noexcept {
    constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
    while (i + 8 <= text.size()) {
        std::uint64_t word = 0;
        std::memcpy(&word, text.data() + i, sizeof word);
        if ((word & kHighBits) != 0) {
            break;
        }
        i += 8;
    }
    while (i < text.size() && static_cast<std::uint8_t>(text[i]) < 0x80) {
        ++i;
    }
    return i;
}

} // namespace

std::size_t first_invalid(std::string_view text) noexcept {
    std::size_t i = skip_ascii(text, 0);
    while (i < text.size()) {
        const auto lead = static_cast<std::uint8_t>(text[i]);
        if (lead < 0x80) {
            i = skip_ascii(text, i);
            continue;
        }
        // Chinese text is almost all three-byte characters from leads E1-EC and EE-EF, whose second byte has
        // no tighter range than a continuation byte: checked here without the general path's range table.
        if (lead >= 0xE1 && lead != 0xED && i + 2 < text.size() &&
            (static_cast<std::uint8_t>(text[i + 1]) & 0xC0) == 0x80 &&
            (static_cast<std::uint8_t>(text[i + 2]) & 0xC0) == 0x80 && lead <= 0xEF) {
            i += 3;
            continue;
        }
        const std::size_t length = sequence_length(text, i);
        if (length == 0) {
            return i;
        }
        i += length;
    }
    return std::string_view::npos;
}

bool is_valid(std::string_view text) noexcept {
    return first_invalid(text) == std::string_view::npos;
}

std::string repair(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    // Valid runs are copied whole; each byte that starts no valid sequence becomes one U+FFFD.
    while (!text.empty()) {
        const std::size_t bad = first_invalid(text);
        if (bad == std::string_view::npos) {
            out.append(text);
            break;
        }
        out.append(text.substr(0, bad));
        out += "\xEF\xBF\xBD";
        text.remove_prefix(bad + 1);
    }
    return out;
}

void append(std::string& out, char32_t code_point) {
    const auto c = static_cast<std::uint32_t>(code_point);
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

} // namespace newsarc::utf8
