// WARC/1.1 record pieces: SHA-1 digests as base32, UTC dates, name-based record ids, writing a record and
// reading a record's header.
#include "warc_format.hpp"

#include <chrono>
#include <cstdio>
#include <new>

#include <openssl/evp.h>

#include "hashing.hpp"

namespace newsarc::archive::detail {
namespace {

constexpr char kBase32Digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// newsarc's namespace for name-based record ids (a fixed random UUID): ids from other software never collide
/// with ours even for the same name.
constexpr unsigned char kRecordIdNamespace[16] = {0x05, 0xdc, 0xae, 0xc1, 0x56, 0xc3, 0x47, 0xf3,
                                                  0x8c, 0xe6, 0xfa, 0xf8, 0xec, 0x42, 0x22, 0xc5};

char lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Decodes base32 (either case, padding ignored); nullopt on a character outside the alphabet.
std::optional<std::string> from_base32(std::string_view text) {
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (const char raw : text) {
        if (raw == '=') {
            break;
        }
        const char c = raw >= 'a' && raw <= 'z' ? static_cast<char>(raw - 'a' + 'A') : raw;
        unsigned value = 0;
        if (c >= 'A' && c <= 'Z') {
            value = static_cast<unsigned>(c - 'A');
        } else if (c >= '2' && c <= '7') {
            value = static_cast<unsigned>(c - '2' + 26);
        } else {
            return std::nullopt;
        }
        buffer = (buffer << 5) | value;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return out;
}

std::optional<std::string> from_hex(std::string_view text) {
    if (text.size() % 2 != 0) {
        return std::nullopt;
    }
    const auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        c = lower(c);
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    };
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int high = nibble(text[i]);
        const int low = nibble(text[i + 1]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        out.push_back(static_cast<char>(high * 16 + low));
    }
    return out;
}

std::string digest_with(const EVP_MD* algorithm, const std::vector<std::string_view>& parts) {
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    if (context == nullptr) {
        throw std::bad_alloc();
    }
    EVP_DigestInit_ex(context, algorithm, nullptr);
    for (const std::string_view part : parts) {
        EVP_DigestUpdate(context, part.data(), part.size());
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(context, digest, &size);
    EVP_MD_CTX_free(context);
    return std::string(reinterpret_cast<const char*>(digest), size);
}

/// Splits `text` into lines ending at LF (a CR before it is dropped); returns the line and advances `pos`.
std::optional<std::string_view> next_line(std::string_view text, std::size_t& pos) {
    const std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    pos = end + 1;
    return line;
}

} // namespace

Sha1::Sha1() : context_(EVP_MD_CTX_new()) {
    if (context_ == nullptr) {
        throw std::bad_alloc();
    }
    EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(context_), EVP_sha1(), nullptr);
}

Sha1::~Sha1() {
    EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(context_));
}

void Sha1::update(std::string_view bytes) {
    EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(context_), bytes.data(), bytes.size());
}

std::string Sha1::digest() {
    auto* context = static_cast<EVP_MD_CTX*>(context_);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(context, digest, &size);
    EVP_DigestInit_ex(context, EVP_sha1(), nullptr);
    return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string base32(std::string_view bytes) {
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (const char c : bytes) {
        buffer = (buffer << 8) | static_cast<unsigned char>(c);
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out.push_back(kBase32Digits[(buffer >> bits) & 0x1F]);
        }
    }
    if (bits > 0) {
        out.push_back(kBase32Digits[(buffer << (5 - bits)) & 0x1F]);
    }
    while (out.size() % 8 != 0) {
        out.push_back('=');
    }
    return out;
}

std::string warc_sha1(std::string_view bytes) {
    Sha1 sha;
    sha.update(bytes);
    return "sha1:" + base32(sha.digest());
}

std::optional<bool> digest_matches(std::string_view digest, const std::vector<std::string_view>& parts) {
    const std::size_t colon = digest.find(':');
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view algorithm = digest.substr(0, colon);
    const std::string_view value = trim_blanks(digest.substr(colon + 1));
    const EVP_MD* md = nullptr;
    std::size_t size = 0;
    if (equals_ignoring_case(algorithm, "sha1") || equals_ignoring_case(algorithm, "sha-1")) {
        md = EVP_sha1();
        size = 20;
    } else if (equals_ignoring_case(algorithm, "sha256") || equals_ignoring_case(algorithm, "sha-256")) {
        md = EVP_sha256();
        size = 32;
    } else {
        return std::nullopt;
    }
    // The encoding is told by the length: hex doubles the digest size, base32 takes 8 characters per 5 bytes.
    std::optional<std::string> expected;
    if (value.size() == 2 * size) {
        expected = from_hex(value);
    } else {
        expected = from_base32(value);
    }
    if (!expected || expected->size() != size) {
        return std::nullopt;
    }
    return digest_with(md, parts) == *expected;
}

std::string warc_date(TimePoint time) {
    using namespace std::chrono;
    const auto milliseconds = floor<std::chrono::milliseconds>(time);
    const auto day = floor<days>(milliseconds);
    const year_month_day date(day);
    const hh_mm_ss clock(milliseconds - day);
    char buffer[64];
    const auto fraction = static_cast<int>(clock.subseconds().count());
    if (fraction == 0) {
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                      static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                      static_cast<int>(clock.seconds().count()));
    } else {
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
                      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                      static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                      static_cast<int>(clock.seconds().count()), fraction);
    }
    return buffer;
}

std::optional<TimePoint> parse_warc_date(std::string_view text) {
    text = trim_blanks(text);
    // parse_time reads a bare date or a time without a zone as China time; a WARC date must say its zone.
    if (text.size() < 17 || text[10] != 'T' ||
        (text.back() != 'Z' && text.find_first_of("+-", 11) == std::string_view::npos)) {
        return std::nullopt;
    }
    return parse_time(text);
}

std::string warc_record_id(std::string_view name) {
    Sha1 sha;
    sha.update(std::string_view(reinterpret_cast<const char*>(kRecordIdNamespace), sizeof kRecordIdNamespace));
    sha.update(name);
    std::string bytes = sha.digest();
    bytes.resize(16);
    bytes[6] = static_cast<char>((static_cast<unsigned char>(bytes[6]) & 0x0F) | 0x50); // version 5
    bytes[8] = static_cast<char>((static_cast<unsigned char>(bytes[8]) & 0x3F) | 0x80); // RFC 4122 variant
    const std::string hex = to_hex(bytes);
    return "<urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20) + ">";
}

std::string field_value(std::string_view text) {
    std::string value(trim_blanks(text));
    for (char& c : value) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            c = ' ';
        }
    }
    return value;
}

void append_warc_record(std::string& out, const WarcFields& fields, const std::vector<std::string_view>& parts) {
    std::size_t length = 0;
    for (const std::string_view part : parts) {
        length += part.size();
    }
    out.append("WARC/1.1\r\n");
    for (const auto& [name, value] : fields) {
        out.append(name).append(": ").append(field_value(value)).append("\r\n");
    }
    out.append("Content-Length: ").append(std::to_string(length)).append("\r\n\r\n");
    for (const std::string_view part : parts) {
        out.append(part);
    }
    out.append("\r\n\r\n");
}

std::string warc_fields_block(const WarcFields& fields) {
    std::string block;
    for (const auto& [name, value] : fields) {
        block.append(name).append(": ").append(field_value(value)).append("\r\n");
    }
    return block;
}

std::string_view WarcHeader::get(std::string_view name) const {
    for (const auto& [field, value] : fields) {
        if (equals_ignoring_case(field, name)) {
            return value;
        }
    }
    return {};
}

HeaderParse parse_warc_header(std::string_view text) {
    HeaderParse result;
    std::size_t pos = 0;
    const auto version = next_line(text, pos);
    if (!version || !version->starts_with("WARC/")) {
        result.error = "no WARC record starts here (expected a 'WARC/1.1' line)";
        return result;
    }
    WarcHeader header;
    header.version = std::string(trim_blanks(*version));
    while (true) {
        const auto line = next_line(text, pos);
        if (!line) {
            result.error = "the record header has no end (no empty line after the fields)";
            return result;
        }
        if (line->empty()) {
            break;
        }
        if ((line->front() == ' ' || line->front() == '\t') && !header.fields.empty()) {
            header.fields.back().second.append(" ").append(trim_blanks(*line));
            continue;
        }
        const std::size_t colon = line->find(':');
        if (colon == std::string_view::npos || colon == 0) {
            result.error = "malformed header line '" + field_value(line->substr(0, 80)) + "' (expected 'Name: value')";
            return result;
        }
        header.fields.emplace_back(std::string(trim_blanks(line->substr(0, colon))),
                                   std::string(trim_blanks(line->substr(colon + 1))));
    }
    const std::string_view length = header.get("Content-Length");
    if (length.empty() || length.size() > 15 || length.find_first_not_of("0123456789") != std::string_view::npos) {
        result.error = length.empty() ? "the record has no Content-Length"
                                      : "Content-Length '" + field_value(length.substr(0, 40)) + "' is not a number";
        return result;
    }
    header.content_length = std::stoull(std::string(length));
    result.header = std::move(header);
    result.block_start = pos;
    return result;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

std::string_view trim_blanks(std::string_view text) noexcept {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

} // namespace newsarc::archive::detail
