// Document ids derived from canonical URLs.
#include "newsarc/base/ids.hpp"

#include <cstdio>

#include <xxhash.h>

namespace newsarc {

std::string doc_id_for_url(std::string_view canonical_url) {
    const XXH64_hash_t hash = XXH3_64bits(canonical_url.data(), canonical_url.size());
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return std::string(hex, 16);
}

bool is_doc_id(std::string_view text) noexcept {
    if (text.size() != 16) {
        return false;
    }
    for (const char c : text) {
        const bool hex_digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        if (!hex_digit) {
            return false;
        }
    }
    return true;
}

} // namespace newsarc
