// zlib wrappers for WARC gzip members and HTTP content encodings.
#include "gzip_member.hpp"

#include <algorithm>
#include <new>
#include <stdexcept>

#include <zlib.h>

#include "warc_format.hpp"

namespace newsarc::archive::detail {
namespace {

/// windowBits for zlib: 15 = 32 KiB window; +16 = gzip wrapper only; +32 = detect gzip or zlib.
constexpr int kGzipWindow = 15 + 16;
constexpr int kAutoWindow = 15 + 32;
constexpr int kZlibWindow = 15;
constexpr int kRawWindow = -15;
constexpr std::size_t kChunk = 64 * 1024;

void set_input(z_stream& stream, std::string_view input) {
    // zlib's avail_in is 32-bit: larger inputs are fed in slices by the callers' loops.
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream.avail_in = static_cast<uInt>(std::min<std::size_t>(input.size(), 1u << 30));
}

std::string zlib_message(const z_stream& stream, int code) {
    if (stream.msg != nullptr) {
        return stream.msg;
    }
    switch (code) {
    case Z_DATA_ERROR:
        return "invalid compressed data";
    case Z_MEM_ERROR:
        return "out of memory";
    case Z_BUF_ERROR:
        return "the data ends inside the gzip member";
    default:
        return "zlib error " + std::to_string(code);
    }
}

/// Inflates one stream (one gzip member, or one zlib / raw deflate stream) from the start of `input`, appending
/// to `out`. The stream must already be initialised or reset for the right format.
MemberRead inflate_one(z_stream& stream, std::string_view input, std::string& out, std::size_t max_output) {
    MemberRead result;
    // One byte of room beyond the limit tells "exactly the limit" from "more"; keep that byte representable.
    max_output = std::min<std::size_t>(max_output, std::string().max_size() - 1);
    std::size_t fed = 0;
    while (true) {
        if (stream.avail_in == 0 && fed < input.size()) {
            set_input(stream, input.substr(fed));
            fed += stream.avail_in;
        }
        const std::size_t before = out.size();
        const std::size_t room = before > max_output ? 0 : std::min(kChunk, max_output - before + 1);
        if (room == 0) {
            result.too_large = true;
            result.error = "holds more than " + std::to_string(max_output) + " bytes";
            return result;
        }
        out.resize(before + room);
        stream.next_out = reinterpret_cast<Bytef*>(out.data() + before);
        stream.avail_out = static_cast<uInt>(room);
        const int code = inflate(&stream, Z_NO_FLUSH);
        out.resize(before + room - stream.avail_out);
        if (code == Z_STREAM_END) {
            result.ok = true;
            result.consumed = fed - stream.avail_in;
            return result;
        }
        if (code == Z_BUF_ERROR && stream.avail_in == 0 && fed == input.size()) {
            result.error = "the data ends inside the gzip member (truncated)";
            return result;
        }
        if (code != Z_OK && code != Z_BUF_ERROR) {
            result.error = zlib_message(stream, code);
            return result;
        }
        if (out.size() > max_output) {
            result.too_large = true;
            result.error = "holds more than " + std::to_string(max_output) + " bytes";
            return result;
        }
    }
}

/// One inflate state for the life of the object, re-initialised for the wanted format.
class Inflater {
public:
    explicit Inflater(int window) : window_(window) {
        if (inflateInit2(&stream_, window) != Z_OK) {
            throw std::bad_alloc();
        }
    }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;
    ~Inflater() { inflateEnd(&stream_); }
    z_stream& reset() {
        inflateReset2(&stream_, window_);
        return stream_;
    }

private:
    int window_;
    z_stream stream_{};
};

} // namespace

GzipMemberWriter::GzipMemberWriter() : stream_(new z_stream{}) {
    if (deflateInit2(stream_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindow, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        delete stream_;
        throw std::bad_alloc();
    }
}

GzipMemberWriter::~GzipMemberWriter() {
    deflateEnd(stream_);
    delete stream_;
}

void GzipMemberWriter::append_member(std::string_view data, std::string& out) {
    deflateReset(stream_);
    std::size_t fed = 0;
    int code = Z_OK;
    do {
        if (stream_->avail_in == 0 && fed < data.size()) {
            set_input(*stream_, data.substr(fed));
            fed += stream_->avail_in;
        }
        const int flush = fed == data.size() ? Z_FINISH : Z_NO_FLUSH;
        const std::size_t before = out.size();
        out.resize(before + kChunk);
        stream_->next_out = reinterpret_cast<Bytef*>(out.data() + before);
        stream_->avail_out = static_cast<uInt>(kChunk);
        code = deflate(stream_, flush);
        out.resize(before + kChunk - stream_->avail_out);
        if (code == Z_STREAM_ERROR) {
            throw std::logic_error("gzip: deflate refused its state");
        }
    } while (code != Z_STREAM_END);
}

GzipMemberReader::GzipMemberReader() : stream_(new z_stream{}) {
    if (inflateInit2(stream_, kGzipWindow) != Z_OK) {
        delete stream_;
        throw std::bad_alloc();
    }
}

GzipMemberReader::~GzipMemberReader() {
    inflateEnd(stream_);
    delete stream_;
}

MemberRead GzipMemberReader::read_member(std::string_view input, std::string& out, std::size_t max_output) {
    inflateReset2(stream_, kGzipWindow);
    stream_->avail_in = 0;
    out.clear();
    return inflate_one(*stream_, input, out, max_output);
}

bool looks_like_gzip(std::string_view bytes) noexcept {
    return bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0x1F &&
           static_cast<unsigned char>(bytes[1]) == 0x8B && bytes[2] == 8;
}

bool decode_content_encoding(std::string_view encoding, std::string_view input, std::string& out,
                             std::size_t max_output) {
    out.clear();
    if (equals_ignoring_case(encoding, "gzip") || equals_ignoring_case(encoding, "x-gzip")) {
        Inflater inflater(kAutoWindow);
        // A gzip body may hold several members one after the other; all of them are the body. Bytes after the
        // last member that do not start another one (a stray newline) are not part of it.
        for (bool first = true; !input.empty() && (first || looks_like_gzip(input)); first = false) {
            z_stream& stream = inflater.reset();
            stream.avail_in = 0;
            const MemberRead read = inflate_one(stream, input, out, max_output);
            if (!read.ok) {
                return false;
            }
            input.remove_prefix(read.consumed);
        }
        return true;
    }
    if (equals_ignoring_case(encoding, "deflate")) {
        for (const int window : {kZlibWindow, kRawWindow}) {
            Inflater inflater(window);
            z_stream& stream = inflater.reset();
            stream.avail_in = 0;
            out.clear();
            if (inflate_one(stream, input, out, max_output).ok) {
                return true;
            }
        }
        return false;
    }
    return false;
}

} // namespace newsarc::archive::detail
