// libFuzzer target: for any two texts, the unified diff of a and b applied to a gives b exactly (every context
// and removed line where its hunk says), with any context size.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz/unified_patch.hpp"
#include "newsarc/archive/line_diff.hpp"

// Input: one byte of context size, then a, a zero byte, b (no zero byte: the two halves). The seeds in
// corpus/line_diff are texts over few distinct lines: many equally short scripts, where the middle-snake split
// and its cost bound are easiest to get wrong.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const int context = data[0] % 5;
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::size_t split = input.find('\0');
    const std::size_t skip = split == std::string_view::npos ? 0 : 1;
    if (split == std::string_view::npos) {
        split = input.size() / 2;
    }
    const std::string_view a = input.substr(0, split);
    const std::string_view b = input.substr(split + skip);
    const std::string diff = newsarc::archive::unified_diff(a, b, "a", "b", context);
    if (a == b) {
        if (!diff.empty()) {
            std::abort();
        }
        return 0;
    }
    const auto patched = newsarc::test::apply_unified_diff(a, diff);
    if (!patched || *patched != b) {
        std::abort();
    }
    return 0;
}
