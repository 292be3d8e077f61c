// Hashes the archive uses: XXH3-128 for content identity (versions, raw bodies) and SHA-256 for export manifests.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace newsarc::archive::detail {

/// 16 bytes of XXH3-128, big-endian (high half first).
using Hash128 = std::array<char, 16>;

/// XXH3-128 of raw bytes.
Hash128 hash_bytes(std::string_view bytes) noexcept;

/// The content hash of a version: XXH3-128 over the length-prefixed title, author, source, published_at, body.
Hash128 content_hash(std::string_view title, std::string_view author, std::string_view source,
                     std::string_view published_at, std::string_view body) noexcept;

/// Lower-case hex of any bytes.
std::string to_hex(std::string_view bytes);

/// Incremental SHA-256 (OpenSSL; SHA-NI when the CPU has it).
class Sha256 {
public:
    Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    ~Sha256();
    /// Starts over.
    void reset();
    void update(std::string_view bytes);
    /// The digest as 64 hex digits; call reset() before reusing.
    std::string hex_digest();

private:
    void* context_;
};

} // namespace newsarc::archive::detail
