// The canonical composition pairs normalize_line() uses for NFC (generated from the Unicode data, sorted).
#pragma once
#include <array>
#include <cstdint>

namespace newsarc::clean::detail {

struct CompositionPair {
    std::uint32_t base;
    std::uint32_t mark;
    std::uint32_t composed;
};

extern const std::array<CompositionPair, 497> kCompositionPairs;

} // namespace newsarc::clean::detail
