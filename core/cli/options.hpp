// The `newsarc` command line as the subcommands declare it: commands, options, flags and positionals with their
// help, targets and checks. Free of CLI11 so that only options_cli11.cpp compiles it (issue #18: CLI11 was
// parsed by all 17 subcommand files, 38% of the build's compile time).
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace newsarc::cli {

/// A condition every value of an option must meet. The parser words the help and the error as CLI11's own
/// validator of that kind does (e.g. "INT in [1 - 1000]", "Value 0 not in range 1 to 1000").
struct Check {
    enum class Kind { positive, non_negative, integer_range, number_range, one_of, existing_file, existing_folder };
    Kind kind = Kind::positive;
    std::int64_t integer_min = 0, integer_max = 0; ///< integer_range
    double number_min = 0, number_max = 0;         ///< number_range
    std::vector<std::string> choices;              ///< one_of, in the order help lists them

    static Check positive();     ///< a number above 0 ("POSITIVE")
    static Check non_negative(); ///< a number of 0 or more ("NONNEGATIVE")
    static Check integer_range(std::int64_t min, std::int64_t max); ///< an integer in [min, max] ("INT in [min - max]")
    static Check number_range(double min, double max);  ///< a number in [min, max] ("FLOAT in [min - max]")
    static Check one_of(std::vector<std::string> choices); ///< exactly one of these words ("{a,b}")
    static Check existing_file();   ///< names a file that exists ("FILE")
    static Check existing_folder(); ///< names a folder that exists ("DIR")
};

/// One option, flag or positional of a command. Made by Command::option or Command::flag, which keep it at a
/// fixed address for the command's lifetime, so actions may hold a reference and ask given() once parsed.
class Option {
public:
    /// What the parser writes into: the variable the command reads when it runs.
    using Target = std::variant<bool*, std::string*, std::filesystem::path*, std::vector<std::string>*,
                                std::vector<int>*, int*, std::int64_t*, std::size_t*, std::uint16_t*, double*,
                                std::optional<std::string>*, std::optional<std::int64_t>*, std::optional<double>*>;

    Option(std::string names, Target target, std::string help);

    Option& required();     ///< parsing fails unless the user gives it
    Option& show_default(); ///< help shows the target's value before parsing as "[value]"
    Option& check(Check check);
    /// Parsing fails when both this and `other` are given; help names each from the other.
    Option& excludes(const Option& other);
    /// How many values a list takes (e.g. 0 to 2 positionals); without it, a list takes any number.
    Option& expected(int min, int max);

    /// After parsing: the user gave it at least once (a default alone does not count).
    [[nodiscard]] bool given() const noexcept { return given_; }

    [[nodiscard]] const std::string& names() const noexcept { return names_; } ///< "--verbose,-v", "DIR"
    [[nodiscard]] bool has_name(std::string_view name) const;                  ///< one of names()
    [[nodiscard]] const Target& target() const noexcept { return target_; }
    [[nodiscard]] const std::string& help() const noexcept { return help_; }
    [[nodiscard]] bool is_required() const noexcept { return required_; }
    [[nodiscard]] bool shows_default() const noexcept { return show_default_; }
    [[nodiscard]] const std::optional<Check>& value_check() const noexcept { return check_; }
    [[nodiscard]] const std::vector<const Option*>& excluded() const noexcept { return excludes_; }
    [[nodiscard]] const std::optional<std::pair<int, int>>& expected_values() const noexcept { return expected_; }

    void record_given(bool given) noexcept { given_ = given; } ///< for the parser

private:
    std::string names_;
    Target target_;
    std::string help_;
    bool required_ = false;
    bool show_default_ = false;
    std::optional<Check> check_;
    std::vector<const Option*> excludes_;
    std::optional<std::pair<int, int>> expected_;
    bool given_ = false;
};

/// A command (the program itself, a subcommand or a sub-subcommand such as `snapshot create`): its options in
/// the order help lists them and its subcommands. Options and subcommands live at fixed addresses.
class Command {
public:
    /// The program itself has an empty name: help then names it as it was invoked (argv[0]), as CLI11 does.
    Command(std::string name, std::string description);

    /// An option that takes a value (names start with '-'), or a positional (a bare name such as "DIR").
    template <class T>
    Option& option(std::string names, T& target, std::string help) {
        static_assert(!std::is_same_v<T, bool>, "a bool is a flag: declare it with flag()");
        return options_.emplace_back(std::move(names), Option::Target(&target), std::move(help));
    }
    /// A flag: `target` becomes true when the user gives it.
    Option& flag(std::string names, bool& target, std::string help);
    Command& subcommand(std::string name, std::string description);
    /// The user must choose between `min` and `max` subcommands.
    Command& require_subcommand(std::size_t min, std::size_t max);
    /// `--version` prints `version` and ends the program (exit 0).
    Command& version_flag(std::string names, std::string version);

    /// After parsing: the user chose this command (the program itself always counts as chosen).
    [[nodiscard]] bool parsed() const noexcept { return parsed_; }
    [[nodiscard]] bool has_option(std::string_view name) const; ///< an option of that name is declared here

    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    [[nodiscard]] const std::string& description() const noexcept { return description_; }
    [[nodiscard]] std::list<Option>& options() noexcept { return options_; }
    [[nodiscard]] std::list<Command>& subcommands() noexcept { return subcommands_; }
    [[nodiscard]] std::optional<std::pair<std::size_t, std::size_t>> required_subcommands() const noexcept {
        return required_subcommands_;
    }
    [[nodiscard]] const std::optional<std::pair<std::string, std::string>>& version() const noexcept {
        return version_;
    }

    void record_parsed(bool parsed) noexcept { parsed_ = parsed; } ///< for the parser

private:
    std::string name_;
    std::string description_;
    std::list<Option> options_;
    std::list<Command> subcommands_;
    std::optional<std::pair<std::size_t, std::size_t>> required_subcommands_;
    std::optional<std::pair<std::string, std::string>> version_; ///< names, text
    bool parsed_ = false;
};

/// What parsing the command line came to.
struct ParseOutcome {
    /// Set when the program ends here, after the parser printed what it had to: 0 after --help or --version,
    /// 2 after a usage error (the message and "Run with --help for more information." on stderr).
    std::optional<int> exit_code;
    std::string help; ///< the program's --help text, for when no subcommand was chosen
};

/// Parses argv (argv[0] is the program) against `root` and its subcommands with CLI11: fills every target,
/// records which options were given and which commands chosen. Implemented in options_cli11.cpp.
ParseOutcome parse_command_line(Command& root, int argc, const char* const* argv);

} // namespace newsarc::cli
