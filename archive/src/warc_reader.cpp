// Reading a WARC file record by record: the file is mapped (random access to resynchronise after damage without
// reading it into memory), a .warc.gz is inflated one gzip member at a time.
#include "warc_reader.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gzip_member.hpp"
#include "newsarc/base/result.hpp"

namespace newsarc::archive::detail {
namespace {

/// The start of the next line beginning "WARC/" at or after `from`; data.size() when there is none.
std::size_t next_record_start(std::string_view data, std::size_t from) {
    for (std::size_t found = data.find("WARC/", from); found != std::string_view::npos;
         found = data.find("WARC/", found + 1)) {
        if (found == 0 || data[found - 1] == '\n') {
            return found;
        }
    }
    return data.size();
}

/// True when every byte of `rest` is padding some writers leave between or after records.
bool only_padding(std::string_view rest) noexcept {
    return rest.find_first_not_of(std::string_view("\r\n \t\0", 5)) == std::string_view::npos;
}

} // namespace

WarcReader::WarcReader(std::filesystem::path path) : path_(std::move(path)) {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw Failure("cannot open '" + path_.string() + "': " + std::strerror(errno));
    }
    struct stat status {};
    if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
        ::close(fd);
        throw Failure("'" + path_.string() + "' is not a regular file - name a .warc or .warc.gz file");
    }
    const auto size = static_cast<std::size_t>(status.st_size);
    if (size > 0) {
        mapping_ = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (mapping_ == MAP_FAILED) {
            const int error = errno;
            ::close(fd);
            mapping_ = nullptr;
            throw Failure("cannot read '" + path_.string() + "': " + std::strerror(error));
        }
        file_ = std::string_view(static_cast<const char*>(mapping_), size);
    }
    ::close(fd);
}

WarcReader::~WarcReader() {
    if (mapping_ != nullptr) {
        ::munmap(mapping_, file_.size());
    }
}

void WarcReader::read(const std::function<void(const WarcRecordView&)>& on_record,
                      const std::function<void(const std::string&)>& on_problem) {
    on_record_ = &on_record;
    on_problem_ = &on_problem;
    if (file_.empty()) {
        problem("byte 0", "the file is empty, it holds no WARC record", "");
    } else if (looks_like_gzip(file_)) {
        read_gzip();
    } else {
        read_span(file_, 0, false);
    }
}

std::string WarcReader::place(std::size_t member_offset, bool in_member, std::size_t offset) const {
    if (!in_member) {
        return "byte " + std::to_string(offset);
    }
    std::string text = "gzip member at byte " + std::to_string(member_offset);
    if (offset > 0) {
        text += ", record at byte " + std::to_string(offset) + " of its data";
    }
    return text;
}

void WarcReader::problem(const std::string& where, const std::string& what, const std::string& skipped) {
    (*on_problem_)(path_.string() + ": " + where + ": " + what + (skipped.empty() ? "" : " - " + skipped));
}

void WarcReader::read_gzip() {
    GzipMemberReader inflater;
    std::string data;
    std::size_t pos = 0;
    while (pos < file_.size()) {
        const std::string_view rest = file_.substr(pos);
        std::string what;
        if (!looks_like_gzip(rest)) {
            if (only_padding(rest)) {
                return;
            }
            what = "these bytes are not a gzip member";
        } else {
            const MemberRead read = inflater.read_member(rest, data, kMaxRecordBytes);
            if (read.ok) {
                read_span(data, pos, true);
                pos += read.consumed;
                continue;
            }
            what = read.too_large ? "the gzip member " + read.error : "damaged gzip data (" + read.error + ")";
        }
        // Find the next member that inflates to a WARC record; a false "1f 8b 08" inside compressed data fails
        // within a few bytes.
        std::size_t next = pos + 1;
        bool found = false;
        for (; next < file_.size(); ++next) {
            next = file_.find("\x1f\x8b\x08", next);
            if (next == std::string_view::npos) {
                next = file_.size();
                break;
            }
            const MemberRead read = inflater.read_member(file_.substr(next), data, kMaxRecordBytes);
            if (read.ok && data.starts_with("WARC/")) {
                found = true;
                break;
            }
        }
        problem(looks_like_gzip(rest) ? place(pos, true, 0) : "byte " + std::to_string(pos), what,
                found ? "skipped " + std::to_string(next - pos) + " bytes to the next gzip member at byte " +
                            std::to_string(next)
                      : "skipped the rest of the file (" + std::to_string(file_.size() - pos) + " bytes)");
        pos = next;
    }
}

void WarcReader::read_span(std::string_view data, std::size_t member_offset, bool in_member) {
    const std::string_view container = in_member ? "the gzip member" : "the file";
    std::size_t pos = 0;
    while (pos < data.size()) {
        while (pos < data.size() && (data[pos] == '\r' || data[pos] == '\n')) {
            ++pos; // blank lines between records
        }
        if (only_padding(data.substr(pos))) {
            return;
        }
        const std::size_t start = pos;
        const std::string where = place(member_offset, in_member, start);
        const auto skip = [&](const std::string& what) {
            pos = next_record_start(data, start + 1);
            std::string skipped;
            if (pos < data.size()) {
                skipped = "skipped to the next record at " + place(member_offset, in_member, pos);
            } else if (in_member) {
                skipped = "skipped the rest of the gzip member";
            } else {
                skipped = "skipped the rest of the file";
            }
            problem(where, what, skipped);
        };

        const HeaderParse parsed = parse_warc_header(data.substr(start));
        if (!parsed.header) {
            skip(parsed.error);
            continue;
        }
        const WarcHeader& header = *parsed.header;
        const std::size_t block_start = start + parsed.block_start;
        const std::size_t left = data.size() - block_start;
        if (header.content_length > left) {
            skip("Content-Length " + std::to_string(header.content_length) + " runs past the end of " +
                 std::string(container) + " (" + std::to_string(left) + " bytes follow the header)");
            continue;
        }
        const std::size_t end = block_start + header.content_length;
        if (header.content_length > kMaxRecordBytes) {
            pos = end;
            problem(where, "the record holds " + std::to_string(header.content_length) + " bytes, more than the " +
                               std::to_string(kMaxRecordBytes) + " an import reads",
                    "skipped");
            continue;
        }
        // A record ends with CRLF CRLF; tolerate bare LFs and a missing end at the end of the data, but anything
        // else means Content-Length does not describe the block.
        std::size_t after = end;
        while (after < data.size() && after < end + 4 && (data[after] == '\r' || data[after] == '\n')) {
            ++after;
        }
        if (!data.substr(after).starts_with("WARC/") && !only_padding(data.substr(after))) {
            skip("the record does not end where its Content-Length (" + std::to_string(header.content_length) +
                 ") says: no CRLF CRLF follows the block");
            continue;
        }
        const std::string_view block = data.substr(block_start, header.content_length);
        pos = after;
        const std::string_view digest = header.get("WARC-Block-Digest");
        if (!digest.empty() && digest_matches(digest, {block}) == false) {
            problem(where, "the block does not match its WARC-Block-Digest (damaged)", "skipped");
            continue;
        }
        (*on_record_)(WarcRecordView{header, block, where});
    }
}

} // namespace newsarc::archive::detail
