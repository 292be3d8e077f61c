#include "file_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace newsarc::cli {

namespace fs = std::filesystem;

std::string read_whole_file(const fs::path& path, std::string& out) {
    // Plain read(2): stdio added an fstat and a second read at end of file, and on a VM where a system call
    // costs tens of microseconds an import of 100,000 files pays for each one. The staging buffer keeps its
    // size between files (resizing `out` up front would zero 64 KB per file).
    thread_local std::vector<char> staging(std::size_t{1} << 16);
    out.clear();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return std::string("cannot open: ") + std::strerror(errno);
    }
    for (;;) {
        const ssize_t got = ::read(fd, staging.data(), staging.size());
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            const int error = errno;
            ::close(fd);
            out.clear();
            return std::string("cannot read: ") + std::strerror(error);
        }
        if (got == 0) {
            break;
        }
        out.append(staging.data(), static_cast<std::size_t>(got));
    }
    ::close(fd);
    return {};
}

std::string write_whole_file(const fs::path& path, const std::string& text) {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) {
        return std::string("cannot create: ") + std::strerror(errno);
    }
    const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
    const bool closed = std::fclose(file) == 0;
    return written && closed ? std::string() : std::string("cannot write: ") + std::strerror(errno);
}

} // namespace newsarc::cli
