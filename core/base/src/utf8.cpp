// A strict UTF-8 validator (RFC 3629) and a repairing copy.
#include "newsarc/base/utf8.hpp"

#include <array>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

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

/// The first invalid offset at or after `from`, which must start a character.
std::size_t scalar_first_invalid(std::string_view text, std::size_t from) noexcept {
    std::size_t i = skip_ascii(text, from);
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

/// Where the character that may be unfinished at `end` starts: the bytes before it are whole characters when
/// `text[0, end)` passed the vector check, which accepts a sequence cut off at `end`.
std::size_t start_of_last_character(std::string_view text, std::size_t end) noexcept {
    // A sequence has at most three continuation bytes, so its lead (or an ASCII byte) is no further back.
    for (std::size_t back = 1; back <= 3 && back <= end; ++back) {
        if ((static_cast<std::uint8_t>(text[end - back]) & 0xC0) != 0x80) {
            return end - back;
        }
    }
    return end;
}

#if defined(__x86_64__)

// The "lookup" validation of Keiser and Lemire ("Validating UTF-8 in less than one instruction per byte",
// 2021). Every error but an unfinished last sequence shows in a pair of adjacent bytes, given the lead two or
// three bytes back. Each class of error below gets a bit; three 16-entry tables, indexed by the first byte's
// high and low nibble and the second byte's high nibble, give the classes each nibble allows, so a pair is in a
// class when all three lookups have its bit.
constexpr std::uint8_t kTooShort = 1 << 0;         // a lead followed by ASCII or another lead
constexpr std::uint8_t kTooLong = 1 << 1;          // a continuation after ASCII
constexpr std::uint8_t kOverlong3 = 1 << 2;        // E0 80..9F
constexpr std::uint8_t kTooLarge = 1 << 3;         // F4..FF 90..BF
constexpr std::uint8_t kSurrogate = 1 << 4;        // ED A0..BF
constexpr std::uint8_t kOverlong2 = 1 << 5;        // C0 or C1 before a continuation
constexpr std::uint8_t kFourByte80To8F = 1 << 6;   // F0 80..8F (overlong), F5..FF 80..8F (too large)
constexpr std::uint8_t kTwoContinuations = 1 << 7; // an error unless it is the third or fourth byte

using NibbleTable = std::array<std::uint8_t, 16>;

constexpr NibbleTable kByFirstHighNibble = {
    kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong,
    kTwoContinuations, kTwoContinuations, kTwoContinuations, kTwoContinuations,
    kTooShort | kOverlong2,
    kTooShort,
    kTooShort | kOverlong3 | kSurrogate,
    kTooShort | kTooLarge | kFourByte80To8F,
};

constexpr std::uint8_t kAnyFirstLowNibble = kTooShort | kTooLong | kTwoContinuations;
constexpr NibbleTable kByFirstLowNibble = {
    kAnyFirstLowNibble | kOverlong2 | kOverlong3 | kFourByte80To8F,
    kAnyFirstLowNibble | kOverlong2,
    kAnyFirstLowNibble,
    kAnyFirstLowNibble,
    kAnyFirstLowNibble | kTooLarge,
    kAnyFirstLowNibble | kTooLarge | kFourByte80To8F,
    kAnyFirstLowNibble | kTooLarge | kFourByte80To8F,
    kAnyFirstLowNibble | kTooLarge | kFourByte80To8F,
    kAnyFirstLowNibble | kTooLarge | kFourByte80To8F,
    kAnyFirstLowNibble | kTooLarge | kFourByte80To8F,
    kAnyFirstLowNibble | kTooLarge | kFourByte80To8F,
    kAnyFirstLowNibble | kTooLarge | kFourByte80To8F,
    kAnyFirstLowNibble | kTooLarge | kFourByte80To8F,
    kAnyFirstLowNibble | kTooLarge | kFourByte80To8F | kSurrogate,
    kAnyFirstLowNibble | kTooLarge | kFourByte80To8F,
    kAnyFirstLowNibble | kTooLarge | kFourByte80To8F,
};

constexpr std::uint8_t kAnyContinuation = kTooLong | kOverlong2 | kTwoContinuations;
constexpr NibbleTable kBySecondHighNibble = {
    kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort,
    kAnyContinuation | kOverlong3 | kFourByte80To8F,
    kAnyContinuation | kOverlong3 | kTooLarge,
    kAnyContinuation | kSurrogate | kTooLarge,
    kAnyContinuation | kSurrogate | kTooLarge,
    kTooShort, kTooShort, kTooShort, kTooShort,
};

constexpr std::size_t kAvx2Block = 32;

// A block whose last byte is C0 or above, second last E0 or above, or third last F0 or above ends inside a
// sequence (or on a lead that is an error whatever follows).
constexpr auto kUnfinishedLeadLimits = [] {
    std::array<std::uint8_t, kAvx2Block> limits{};
    limits.fill(0xFF);
    limits[kAvx2Block - 3] = 0xF0 - 1;
    limits[kAvx2Block - 2] = 0xE0 - 1;
    limits[kAvx2Block - 1] = 0xC0 - 1;
    return limits;
}();

__attribute__((target("avx2"))) __m256i load_block(const void* bytes) noexcept {
    return _mm256_loadu_si256(static_cast<const __m256i*>(bytes));
}

__attribute__((target("avx2"))) __m256i both_lanes(const NibbleTable& table) noexcept {
    // vpshufb looks up within each 128-bit lane, so each lane needs its own copy of the table.
    return _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(table.data())));
}

__attribute__((target("avx2"))) __m256i lookup(const NibbleTable& table, __m256i nibbles) noexcept {
    return _mm256_shuffle_epi8(both_lanes(table), nibbles);
}

__attribute__((target("avx2"))) __m256i low_nibbles(__m256i bytes) noexcept {
    return _mm256_and_si256(bytes, _mm256_set1_epi8(0x0F));
}

__attribute__((target("avx2"))) __m256i high_nibbles(__m256i bytes) noexcept {
    // There is no byte-wise shift: the bits shifted in from the neighbouring byte are masked off.
    return low_nibbles(_mm256_srli_epi16(bytes, 4));
}

/// Each byte's predecessor `distance` places back, reaching into the previous block for the first ones.
template <int distance>
__attribute__((target("avx2"))) __m256i bytes_back(__m256i block, __m256i previous) noexcept {
    // vpalignr shifts within 128-bit lanes: the lanes to shift in are the previous block's high lane (for the
    // low lane) and this block's low lane (for the high lane).
    const __m256i lanes_before = _mm256_permute2x128_si256(previous, block, 0x21);
    return _mm256_alignr_epi8(block, lanes_before, 16 - distance);
}

/// Nonzero in the bytes that cannot follow those before them (an unfinished last sequence is not reported).
__attribute__((target("avx2"))) __m256i sequence_errors(__m256i block, __m256i previous) noexcept {
    const __m256i one_back = bytes_back<1>(block, previous);
    const __m256i pair_classes =
        _mm256_and_si256(_mm256_and_si256(lookup(kByFirstHighNibble, high_nibbles(one_back)),
                                          lookup(kByFirstLowNibble, low_nibbles(one_back))),
                         lookup(kBySecondHighNibble, high_nibbles(block)));
    // The top bit of the saturated difference is set exactly when the lead two back is E0 or above, or the one
    // three back F0 or above: then this byte and the one before must both be continuations.
    const __m256i two_back = bytes_back<2>(block, previous);
    const __m256i three_back = bytes_back<3>(block, previous);
    const __m256i after_three_byte_lead = _mm256_subs_epu8(two_back, _mm256_set1_epi8(0xE0 - 0x80));
    const __m256i after_four_byte_lead = _mm256_subs_epu8(three_back, _mm256_set1_epi8(0xF0 - 0x80));
    const __m256i must_be_continuations =
        _mm256_and_si256(_mm256_or_si256(after_three_byte_lead, after_four_byte_lead),
                         _mm256_set1_epi8(static_cast<char>(kTwoContinuations)));
    return _mm256_xor_si256(pair_classes, must_be_continuations);
}

__attribute__((target("avx2"))) bool any_set(__m256i bytes) noexcept {
    return _mm256_testz_si256(bytes, bytes) == 0;
}

__attribute__((target("avx2"))) bool is_ascii(__m256i block) noexcept {
    return _mm256_movemask_epi8(block) == 0;
}

__attribute__((target("avx2"))) bool ends_inside_sequence(__m256i block) noexcept {
    const __m256i limits = load_block(kUnfinishedLeadLimits.data());
    return any_set(_mm256_subs_epu8(block, limits));
}

/// How many leading bytes, a whole number of blocks, hold no error, ignoring a sequence cut off at their end.
__attribute__((target("avx2"))) std::size_t checked_prefix_avx2(std::string_view text) noexcept {
    // Zero stands for ASCII before the text.
    __m256i previous = _mm256_setzero_si256();
    std::size_t offset = 0;
    for (; offset + kAvx2Block <= text.size(); offset += kAvx2Block) {
        const __m256i block = load_block(text.data() + offset);
        // Markup is mostly ASCII blocks, whose only possible error is a sequence the previous block left open:
        // that is cheaper to check than the lookups.
        if (is_ascii(block)) {
            if (ends_inside_sequence(previous)) {
                break;
            }
        } else if (any_set(sequence_errors(block, previous))) {
            break;
        }
        previous = block;
    }
    return offset;
}

#endif

std::size_t no_checked_prefix(std::string_view) noexcept {
    return 0;
}

using PrefixCheck = std::size_t (*)(std::string_view) noexcept;

PrefixCheck fastest_prefix_check() noexcept {
#if defined(__x86_64__)
    // The build targets any x86-64, so AVX2 is used only where the processor and the OS support it.
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) {
        return checked_prefix_avx2;
    }
#endif
    return no_checked_prefix;
}

} // namespace

std::size_t first_invalid(std::string_view text) noexcept {
    static const PrefixCheck checked_prefix = fastest_prefix_check();
    // The vector check only says that its blocks hold no error: the scalar code finds the exact offset in the
    // block where it stopped (or the tail shorter than a block), starting from the last character it accepted.
    return scalar_first_invalid(text, start_of_last_character(text, checked_prefix(text)));
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
