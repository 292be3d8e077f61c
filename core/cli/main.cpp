// Entry point of the `newsarc` command line: global options, the registered subcommands, exit codes.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>
#include <utility>
#include <vector>

#include "command.hpp"
#include "newsarc/base/log.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/base/version.hpp"

namespace newsarc::cli {
namespace {

std::vector<std::pair<int, Registrar>>& registry() {
    static std::vector<std::pair<int, Registrar>> commands;
    return commands;
}

} // namespace

bool register_command(int order, Registrar registrar) {
    registry().emplace_back(order, std::move(registrar));
    return true;
}

int run_main(int argc, char** argv) {
    Command program{"", "newsarc: crawl Chinese news sites through plugins and keep a versioned archive of the "
                        "articles"};
    program.version_flag("--version", std::string(newsarc::version()));
    program.require_subcommand(0, 1);
    GlobalOptions global;
    const Option& global_db = program.option("--db", global.db_path, "Archive database file").show_default();
    program.option("--log-level", global.log_level, "trace, debug, info, warn, error or off").show_default();

    auto& commands = registry();
    std::stable_sort(commands.begin(), commands.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::pair<Command*, Action>> actions;
    for (auto& [order, registrar] : commands) {
        const std::size_t before = program.subcommands().size();
        Action action = registrar(program, global);
        if (program.subcommands().size() > before) {
            actions.emplace_back(&program.subcommands().back(), std::move(action));
        }
    }
    // Let `--db` be given after the subcommand too (`newsarc export --db x.db ...`).
    for (auto& [sub, action] : actions) {
        if (!sub->has_option("--db")) {
            sub->option("--db", global.db_path, "Archive database file");
        }
    }

    const ParseOutcome parsed = parse_command_line(program, argc, argv);
    if (parsed.exit_code) {
        return *parsed.exit_code;
    }
    global.db_given = global_db.given();
    if (!newsarc::log::set_level(global.log_level)) {
        std::cerr << "newsarc: --log-level '" << global.log_level
                  << "' is not one of trace, debug, info, warn, error, off\n";
        return 2;
    }
    for (auto& [sub, action] : actions) {
        if (sub->parsed()) {
            try {
                return action();
            } catch (const Failure& failure) {
                std::cerr << "newsarc " << sub->name() << ": " << failure.what() << "\n";
                return failure.exit_code();
            } catch (const std::exception& error) {
                std::cerr << "newsarc " << sub->name() << ": " << error.what() << "\n";
                return 1;
            }
        }
    }
    std::cout << parsed.help;
    return 0;
}

} // namespace newsarc::cli

int main(int argc, char** argv) {
    return newsarc::cli::run_main(argc, argv);
}
