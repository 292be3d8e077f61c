// Implementation of the archive test helpers.
#include "archive_test_util.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <stdexcept>

#include <catch2/catch.hpp>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <zlib.h>

#include "support/paths.hpp"

namespace newsarc::test {

std::string read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void write_bytes(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::vector<std::string> file_names(const std::filesystem::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.is_regular_file()) {
            names.push_back(entry.path().filename().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<std::string> copy_seeds(const std::filesystem::path& folder) {
    std::filesystem::create_directories(folder);
    const auto seeds = shared_dir() / "seeds";
    for (const auto& name : file_names(seeds)) {
        std::filesystem::copy_file(seeds / name, folder / name);
    }
    return file_names(folder);
}

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < size; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 0x0F]);
    }
    return hex;
}

ProcessResult run_archive_cli(const std::filesystem::path& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db.string()});
    return run_cli(args);
}

std::string describe(const ProcessResult& result) {
    return "exit " + std::to_string(result.exit_code) + "\nstdout:\n" + result.out + "\nstderr:\n" + result.err;
}

std::string warc10_record(const std::string& type, const std::vector<std::pair<std::string, std::string>>& fields,
                          const std::string& block) {
    std::string record = "WARC/1.0\r\nWARC-Type: " + type + "\r\n";
    for (const auto& [name, value] : fields) {
        record += name + ": " + value + "\r\n";
    }
    return record + "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
}


void raw_sql(const std::filesystem::path& db, const std::string& sql) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
    char* error = nullptr;
    const int code = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(handle);
    INFO(message);
    REQUIRE(code == SQLITE_OK);
}

} // namespace newsarc::test
