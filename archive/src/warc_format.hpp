// The WARC/1.1 record format shared by export and import: named fields, dates, record ids, SHA-1 digests in
// the `sha1:<base32>` form, serialising one record and parsing one record's header.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "newsarc/archive/time.hpp"

namespace newsarc::archive::detail {

/// Incremental SHA-1 (OpenSSL), for WARC digests: a block is hashed in parts without being joined.
class Sha1 {
public:
    Sha1();
    Sha1(const Sha1&) = delete;
    Sha1& operator=(const Sha1&) = delete;
    ~Sha1();
    void update(std::string_view bytes);
    /// The 20-byte digest; the object starts over afterwards.
    std::string digest();

private:
    void* context_;
};

/// RFC 4648 base32, upper case, padded with '=' to a multiple of 8 characters (a SHA-1 needs no padding).
std::string base32(std::string_view bytes);

/// "sha1:<base32>" of `bytes`, the form WARC-Block-Digest and WARC-Payload-Digest use.
std::string warc_sha1(std::string_view bytes);

/// True when `digest` ("sha1:" or "sha256:" followed by base32 or hex, any case) is the digest of the bytes
/// `parts` hold one after the other. nullopt when the algorithm or encoding is one newsarc does not check.
std::optional<bool> digest_matches(std::string_view digest, const std::vector<std::string_view>& parts);

/// WARC-Date: UTC, "YYYY-MM-DDThh:mm:ssZ", with ".mmm" before the Z when the instant has milliseconds.
std::string warc_date(TimePoint time);

/// Parses a WARC-Date ("YYYY-MM-DDThh:mm[:ss][.fff]Z" or with an offset); nullopt for anything else, including
/// a date without a time or zone, which would be ambiguous.
std::optional<TimePoint> parse_warc_date(std::string_view text);

/// "<urn:uuid:...>": a version 5 (SHA-1, name-based) UUID of `name` in newsarc's own namespace, so the same name
/// always gives the same id.
std::string warc_record_id(std::string_view name);

/// A record's named fields, in the order they are written.
using WarcFields = std::vector<std::pair<std::string, std::string>>;

/// A field value on one line: CR, LF and other control characters become spaces.
std::string field_value(std::string_view text);

/// Appends one complete record: "WARC/1.1", `fields`, Content-Length, an empty line, the block (made of `parts`,
/// one after the other) and the two CRLFs that end a record.
void append_warc_record(std::string& out, const WarcFields& fields, const std::vector<std::string_view>& parts);

/// "name: value\r\n" lines of an application/warc-fields block (values made single-line).
std::string warc_fields_block(const WarcFields& fields);

/// A parsed record header.
struct WarcHeader {
    std::string version; ///< "WARC/1.1", "WARC/1.0"
    WarcFields fields;
    std::size_t content_length = 0;

    /// The first field called `name` (case-insensitive); empty when absent.
    [[nodiscard]] std::string_view get(std::string_view name) const;
};

/// What parse_warc_header found: a header and where the block starts, or what is wrong.
struct HeaderParse {
    std::optional<WarcHeader> header;
    std::size_t block_start = 0; ///< offset in the input of the first block byte
    std::string error;           ///< set when there is no header
};

/// Parses the record header at the start of `text` (version line, fields up to the empty line; continuation
/// lines are joined; LF-only line ends are accepted). Requires a numeric Content-Length.
HeaderParse parse_warc_header(std::string_view text);

/// Case-insensitive ASCII comparison.
bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept;

/// `text` without leading and trailing spaces and tabs.
std::string_view trim_blanks(std::string_view text) noexcept;

} // namespace newsarc::archive::detail
