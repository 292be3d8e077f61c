// The one file that compiles CLI11: turns the declared commands (options.hpp) into CLI::App subcommands, parses
// argv with them and reports help, version and usage errors in CLI11's words, as the program always did.
#include <map>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "options.hpp"

namespace newsarc::cli {
namespace {

CLI::Validator validator_of(const Check& check) {
    switch (check.kind) {
    case Check::Kind::positive:
        return CLI::PositiveNumber;
    case Check::Kind::non_negative:
        return CLI::NonNegativeNumber;
    case Check::Kind::integer_range:
        return CLI::Range(check.integer_min, check.integer_max);
    case Check::Kind::number_range:
        return CLI::Range(check.number_min, check.number_max);
    case Check::Kind::one_of:
        return CLI::IsMember(check.choices);
    case Check::Kind::existing_file:
        return CLI::ExistingFile;
    case Check::Kind::existing_folder:
        return CLI::ExistingDirectory;
    }
    throw std::logic_error("validator_of: unknown Check::Kind " + std::to_string(static_cast<int>(check.kind)));
}

/// The CLI11 objects made for the declared ones, to copy back what the parse found.
struct Built {
    std::vector<std::pair<const CLI::Option*, Option*>> options;
    std::vector<std::pair<const CLI::App*, Command*>> commands;
};

CLI::Option* add_option(CLI::App& app, const Option& option) {
    return std::visit(
        [&](auto* target) -> CLI::Option* {
            if constexpr (std::is_same_v<decltype(target), bool*>) {
                return app.add_flag(option.names(), *target, option.help());
            } else {
                return app.add_option(option.names(), *target, option.help());
            }
        },
        option.target());
}

void add_command(CLI::App& app, Command& command, Built& built) {
    if (command.version()) {
        app.set_version_flag(command.version()->first, command.version()->second);
    }
    if (const auto range = command.required_subcommands()) {
        app.require_subcommand(range->first, range->second);
    }
    std::map<const Option*, CLI::Option*> added;
    for (Option& option : command.options()) {
        CLI::Option* made = add_option(app, option);
        if (option.is_required()) {
            made->required();
        }
        if (option.shows_default()) {
            made->capture_default_str();
        }
        if (option.value_check()) {
            made->check(validator_of(*option.value_check()));
        }
        if (option.expected_values()) {
            made->expected(option.expected_values()->first, option.expected_values()->second);
        }
        added.emplace(&option, made);
        built.options.emplace_back(made, &option);
    }
    // Exclusions may name an option declared after this one, so they are added once all exist.
    for (const Option& option : command.options()) {
        for (const Option* other : option.excluded()) {
            const auto found = added.find(other);
            if (found == added.end()) {
                throw std::logic_error("option " + option.names() + " of command '" + command.name() +
                                       "' excludes an option of another command");
            }
            added.at(&option)->excludes(found->second);
        }
    }
    for (Command& subcommand : command.subcommands()) {
        CLI::App* sub = app.add_subcommand(subcommand.name(), subcommand.description());
        built.commands.emplace_back(sub, &subcommand);
        add_command(*sub, subcommand, built);
    }
}

} // namespace

ParseOutcome parse_command_line(Command& root, int argc, const char* const* argv) {
    CLI::App app{root.description(), root.name()};
    Built built;
    add_command(app, root, built);
    ParseOutcome outcome;
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        // CLI11 returns 0 for --help/--version; every real parse error is a usage error.
        outcome.exit_code = app.exit(error) == 0 ? 0 : 2;
        return outcome;
    }
    root.record_parsed(true);
    for (const auto& [made, option] : built.options) {
        option->record_given(made->count() > 0);
    }
    for (const auto& [made, command] : built.commands) {
        command->record_parsed(made->parsed());
    }
    if (app.get_subcommands().empty()) {
        outcome.help = app.help();
    }
    return outcome;
}

} // namespace newsarc::cli
