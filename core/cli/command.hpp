// The subcommand registry of the `newsarc` executable. Each cmd_<name>.cpp registers itself with
// NEWSARC_COMMAND, so adding a subcommand means adding one file and editing nothing else.
#pragma once
#include <functional>
#include <string>

#include "options.hpp"

namespace newsarc::cli {

/// Options every subcommand shares, filled by main before the chosen subcommand runs.
struct GlobalOptions {
    std::string db_path = "newsarc.db"; ///< --db PATH: the archive file
    std::string log_level = "info";     ///< --log-level
    bool db_given = false;              ///< --db was given before the subcommand (not only defaulted)
};

/// What a subcommand does once its arguments are parsed: returns the exit code (0 ok, 1 runtime failure,
/// 2 usage or config error). It may also throw newsarc::Failure, which main turns into that exit code.
using Action = std::function<int()>;

/// Declares a subcommand of `program` (program.subcommand(...), see options.hpp) and returns the action to run
/// when the user chose it. The targets of its options live in state owned by the registrar (e.g. a shared_ptr
/// the action captures); `global` is filled before the action runs.
using Registrar = std::function<Action(Command& program, const GlobalOptions& global)>;

/// Records a registrar; `order` sorts the subcommands in --help (lower first). Returns true.
bool register_command(int order, Registrar registrar);

/// Runs the program: builds the CLI from every registered command, parses argv, runs the chosen action.
int run_main(int argc, char** argv);

} // namespace newsarc::cli

#define NEWSARC_CLI_CONCAT_(a, b) a##b
#define NEWSARC_CLI_CONCAT(a, b) NEWSARC_CLI_CONCAT_(a, b)
/// Registers a subcommand from a function `Action f(Command&, const GlobalOptions&)` at static-init time.
#define NEWSARC_COMMAND(order, function) \
    static const bool NEWSARC_CLI_CONCAT(newsarc_command_registered_, __LINE__) = \
        ::newsarc::cli::register_command(order, function)
