// One deflate call with Z_FINISH: test data is small enough to compress in one go; inflating goes member by member.
#include "support/gzip.hpp"

#include <zlib.h>

#include <stdexcept>

namespace newsarc::test {

std::string gzip_member(std::string_view data, int level) {
    z_stream stream{};
    // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
    if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("gzip_member: deflateInit2 failed");
    }
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (status != Z_STREAM_END) {
        throw std::runtime_error("gzip_member: deflate did not finish");
    }
    return out;
}

std::string gunzip_all(std::string_view gz) {
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 16) != Z_OK) {
        throw std::runtime_error("gunzip_all: inflateInit2 failed");
    }
    std::string out;
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
    stream.avail_in = static_cast<uInt>(gz.size());
    char buffer[16384];
    while (stream.avail_in > 0) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        const int code = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - stream.avail_out);
        if (code == Z_STREAM_END) {
            inflateReset(&stream);
        } else if (code != Z_OK) {
            inflateEnd(&stream);
            throw std::runtime_error("gunzip_all: damaged gzip data (zlib code " + std::to_string(code) + ")");
        }
    }
    inflateEnd(&stream);
    return out;
}

} // namespace newsarc::test
