#include "file_io.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace newsarc::cli {

namespace fs = std::filesystem;

std::string read_whole_file(const fs::path& path, std::string& out) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        return std::string("cannot open: ") + std::strerror(errno);
    }
    out.clear();
    char chunk[1 << 16];
    std::size_t got = 0;
    while ((got = std::fread(chunk, 1, sizeof chunk, file)) > 0) {
        out.append(chunk, got);
    }
    const bool failed = std::ferror(file) != 0;
    std::fclose(file);
    return failed ? std::string("cannot read: ") + std::strerror(errno) : std::string();
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
