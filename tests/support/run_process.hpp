// Runs a program (usually the built `newsarc` CLI) as a child process and captures its output and exit code.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace newsarc::test {

struct ProcessResult {
    int exit_code = -1;  ///< the exit status, or 128 + signal number when killed by a signal
    std::string out;     ///< everything written to stdout
    std::string err;     ///< everything written to stderr
};

/// Runs `program` with `args` (no shell), in `working_dir` when given, and waits for it.
ProcessResult run_process(const std::filesystem::path& program, const std::vector<std::string>& args,
                          const std::filesystem::path& working_dir = {});

/// Shorthand: runs the built `newsarc` executable.
ProcessResult run_cli(const std::vector<std::string>& args, const std::filesystem::path& working_dir = {});

} // namespace newsarc::test
