// The daemon's [health] on_degraded command: run once per run that finished with a degraded site (exit 3), with
// the health JSON of `newsarc health --json` for that job on its standard input.
#pragma once
#include <filesystem>
#include <string>

namespace newsarc::cli {

/// Starts `sh -c command` with the health of `job`'s sites in `archive` on stdin and returns without waiting
/// (the daemon reaps it with its other children). A failure to start is logged, never thrown: a broken hook must
/// not stop the daemon.
void start_degraded_hook(const std::string& command, const std::filesystem::path& archive, const std::string& job);

} // namespace newsarc::cli
