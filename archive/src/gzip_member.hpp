// gzip through zlib for WARC files: writing one record as one gzip member, reading a file member by member, and
// decoding gzip/deflate Content-Encoding of foreign WARC responses.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

typedef struct z_stream_s z_stream;

namespace newsarc::archive::detail {

/// Compresses each call's bytes as one complete gzip member. Deterministic: no file name, modification time 0.
class GzipMemberWriter {
public:
    GzipMemberWriter();
    GzipMemberWriter(const GzipMemberWriter&) = delete;
    GzipMemberWriter& operator=(const GzipMemberWriter&) = delete;
    ~GzipMemberWriter();

    /// Appends the gzip member holding `data` to `out`.
    void append_member(std::string_view data, std::string& out);

private:
    z_stream* stream_;
};

/// What inflating one gzip member gave.
struct MemberRead {
    bool ok = false;
    std::size_t consumed = 0; ///< compressed bytes the member took (when ok)
    bool too_large = false;   ///< not ok because the member holds more than the limit (its data may be intact)
    std::string error;        ///< what went wrong (when not ok)
};

/// Reads gzip members one at a time, reusing one inflate state.
class GzipMemberReader {
public:
    GzipMemberReader();
    GzipMemberReader(const GzipMemberReader&) = delete;
    GzipMemberReader& operator=(const GzipMemberReader&) = delete;
    ~GzipMemberReader();

    /// Inflates the gzip member at the start of `input` into `out` (replacing it). Fails on damaged data, on an
    /// input that ends inside the member, and when the member holds more than `max_output` bytes.
    MemberRead read_member(std::string_view input, std::string& out, std::size_t max_output);

private:
    z_stream* stream_;
};

/// True when `bytes` starts like a gzip member (magic 1f 8b, method 8 = deflate).
bool looks_like_gzip(std::string_view bytes) noexcept;

/// Decodes an HTTP body sent with Content-Encoding gzip / x-gzip (gzip, any members) or deflate (zlib-wrapped or
/// raw, both seen on the web) into `out`; false (and `out` unspecified) when the data does not decode or would
/// exceed `max_output` bytes.
bool decode_content_encoding(std::string_view encoding, std::string_view input, std::string& out,
                             std::size_t max_output);

} // namespace newsarc::archive::detail
