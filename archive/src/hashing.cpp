// XXH3-128 content hashes and an OpenSSL-backed SHA-256.
#include "hashing.hpp"

#include <stdexcept>

#include <openssl/evp.h>
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

namespace newsarc::archive::detail {
namespace {

void store_big_endian(std::uint64_t value, char* out) noexcept {
    for (int i = 7; i >= 0; --i) {
        out[i] = static_cast<char>(value & 0xFF);
        value >>= 8;
    }
}

Hash128 to_bytes(XXH128_hash_t hash) noexcept {
    Hash128 bytes{};
    store_big_endian(hash.high64, bytes.data());
    store_big_endian(hash.low64, bytes.data() + 8);
    return bytes;
}

void update_field(XXH3_state_t* state, std::string_view field) noexcept {
    char length[8];
    store_big_endian(field.size(), length);
    XXH3_128bits_update(state, length, sizeof length);
    XXH3_128bits_update(state, field.data(), field.size());
}

} // namespace

Hash128 hash_bytes(std::string_view bytes) noexcept {
    return to_bytes(XXH3_128bits(bytes.data(), bytes.size()));
}

Hash128 content_hash(std::string_view title, std::string_view author, std::string_view source,
                     std::string_view published_at, std::string_view body) noexcept {
    XXH3_state_t state;
    XXH3_128bits_reset(&state);
    update_field(&state, title);
    update_field(&state, author);
    update_field(&state, source);
    update_field(&state, published_at);
    update_field(&state, body);
    return to_bytes(XXH3_128bits_digest(&state));
}

std::string to_hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex(bytes.size() * 2, '0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto byte = static_cast<unsigned char>(bytes[i]);
        hex[2 * i] = kDigits[byte >> 4];
        hex[2 * i + 1] = kDigits[byte & 0x0F];
    }
    return hex;
}

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
    if (context_ == nullptr) {
        throw std::bad_alloc();
    }
    reset();
}

Sha256::~Sha256() {
    EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(context_));
}

void Sha256::reset() {
    EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(context_), EVP_sha256(), nullptr);
}

void Sha256::update(std::string_view bytes) {
    EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(context_), bytes.data(), bytes.size());
}

std::string Sha256::hex_digest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(context_), digest, &size);
    return to_hex(std::string_view(reinterpret_cast<const char*>(digest), size));
}

} // namespace newsarc::archive::detail
