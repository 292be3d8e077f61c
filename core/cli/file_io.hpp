// Whole-file reads and writes for the commands that walk corpus folders: errors come back as text for the
// per-file report ("cannot open: No such file or directory"), so one bad file never stops the others.
#pragma once
#include <filesystem>
#include <string>

namespace newsarc::cli {

/// Reads the whole file into `out` (a buffer reused between files). Returns an error text, empty on success.
std::string read_whole_file(const std::filesystem::path& path, std::string& out);

/// Writes `text` as the whole file. Returns an error text, empty on success.
std::string write_whole_file(const std::filesystem::path& path, const std::string& text);

} // namespace newsarc::cli
