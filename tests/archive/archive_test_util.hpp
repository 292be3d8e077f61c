// Helpers for the archive tests: file bytes, folder listings, seed copies, SHA-256, CLI runs against one archive.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
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

/// Runs `newsarc --db DB args...`.
ProcessResult run_archive_cli(const std::filesystem::path& db, std::vector<std::string> args);

/// A short description of a CLI result for failure messages.
std::string describe(const ProcessResult& result);

} // namespace newsarc::test
