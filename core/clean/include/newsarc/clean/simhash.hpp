// Near-duplicate detection: 64-bit SimHash over character shingles of a cleaned body, compared by Hamming distance.
#pragma once
#include <cstdint>
#include <string_view>

namespace newsarc::clean {

/// Two bodies whose SimHashes differ in at most this many bits are near-duplicates (a repost and its original).
inline constexpr int kNearDuplicateDistance = 3;

/// The 64-bit SimHash of a cleaned body: features are the shingles of 4 consecutive content characters (Han
/// characters, letters lower-cased, digits; spaces, punctuation and symbols are skipped so that layout and
/// full/half-width punctuation do not matter), each hashed with XXH3 and counted once per occurrence.
/// A body with fewer than 4 content characters hashes its content characters as one feature; empty -> 0.
std::uint64_t simhash64(std::string_view cleaned_body);

/// The number of differing bits.
int hamming(std::uint64_t a, std::uint64_t b) noexcept;

/// True when hamming(a, b) <= kNearDuplicateDistance.
bool near_duplicate(std::uint64_t a, std::uint64_t b) noexcept;

} // namespace newsarc::clean
