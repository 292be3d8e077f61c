// Helpers for the archive tests: file bytes, folder listings, seed copies, SHA-256, CLI runs against one archive,
// and WARC bytes (records as other tools write them, gzip members inflated).
#pragma once
#include "support/gzip.hpp" // gunzip_all
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/run_process.hpp"

namespace newsarc::test {

/// The whole file as bytes ("" when missing).
std::string read_bytes(const std::filesystem::path& path);

/// Writes `bytes` to `path`, replacing it.
void write_bytes(const std::filesystem::path& path, std::string_view bytes);

/// Regular file names in `folder`, sorted.
std::vector<std::string> file_names(const std::filesystem::path& folder);

/// Copies the shared seeds (/work/shared/seeds) into `folder` (created); returns their names, sorted.
std::vector<std::string> copy_seeds(const std::filesystem::path& folder);

/// SHA-256 of `bytes` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

/// Runs SQL on a file through the SQLite C API (the archive's own API would refuse what these tests build);
/// fails the test with SQLite's message when it does not run.
void raw_sql(const std::filesystem::path& db, const std::string& sql);

/// Runs `newsarc --db DB args...`.
ProcessResult run_archive_cli(const std::filesystem::path& db, std::vector<std::string> args);

/// A short description of a CLI result for failure messages.
std::string describe(const ProcessResult& result);

/// One WARC/1.0 record as other tools write it (no digests): the type, `fields`, Content-Length and `block`.
std::string warc10_record(const std::string& type, const std::vector<std::pair<std::string, std::string>>& fields,
                          const std::string& block);


} // namespace newsarc::test
