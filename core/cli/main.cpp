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
    CLI::App app{"newsarc: crawl Chinese news sites through plugins and keep a versioned archive of the articles"};
    app.set_version_flag("--version", std::string(newsarc::version()));
    app.require_subcommand(0, 1);
    GlobalOptions global;
    app.add_option("--db", global.db_path, "Archive database file")->capture_default_str();
    app.add_option("--log-level", global.log_level, "trace, debug, info, warn, error or off")->capture_default_str();

    auto& commands = registry();
    std::stable_sort(commands.begin(), commands.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::pair<CLI::App*, Action>> actions;
    for (auto& [order, registrar] : commands) {
        const std::size_t before = app.get_subcommands({}).size();
        Action action = registrar(app, global);
        const auto subcommands = app.get_subcommands({});
        if (subcommands.size() > before) {
            actions.emplace_back(subcommands.back(), std::move(action));
        }
    }
    // Let `--db` be given after the subcommand too (`newsarc export --db x.db ...`).
    for (auto& [sub, action] : actions) {
        if (sub->get_option_no_throw("--db") == nullptr) {
            sub->add_option("--db", global.db_path, "Archive database file");
        }
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        // CLI11 returns 0 for --help/--version; every real parse error is a usage error.
        return code == 0 ? 0 : 2;
    }
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
                std::cerr << "newsarc " << sub->get_name() << ": " << failure.what() << "\n";
                return failure.exit_code();
            } catch (const std::exception& error) {
                std::cerr << "newsarc " << sub->get_name() << ": " << error.what() << "\n";
                return 1;
            }
        }
    }
    std::cout << app.help();
    return 0;
}

} // namespace newsarc::cli

int main(int argc, char** argv) {
    return newsarc::cli::run_main(argc, argv);
}
