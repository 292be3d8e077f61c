// The option-spec side of the command line (see options.hpp); the CLI11 side is options_cli11.cpp.
#include "options.hpp"

#include <utility>

namespace newsarc::cli {

namespace {

Check check_of(Check::Kind kind) {
    Check check;
    check.kind = kind;
    return check;
}

} // namespace

Check Check::positive() {
    return check_of(Kind::positive);
}

Check Check::non_negative() {
    return check_of(Kind::non_negative);
}

Check Check::integer_range(std::int64_t min, std::int64_t max) {
    Check check = check_of(Kind::integer_range);
    check.integer_min = min;
    check.integer_max = max;
    return check;
}

Check Check::number_range(double min, double max) {
    Check check = check_of(Kind::number_range);
    check.number_min = min;
    check.number_max = max;
    return check;
}

Check Check::one_of(std::vector<std::string> choices) {
    Check check = check_of(Kind::one_of);
    check.choices = std::move(choices);
    return check;
}

Check Check::existing_file() {
    return check_of(Kind::existing_file);
}

Check Check::existing_folder() {
    return check_of(Kind::existing_folder);
}

Option::Option(std::string names, Target target, std::string help)
    : names_(std::move(names)), target_(target), help_(std::move(help)) {}

Option& Option::required() {
    required_ = true;
    return *this;
}

Option& Option::show_default() {
    show_default_ = true;
    return *this;
}

Option& Option::check(Check check) {
    check_ = std::move(check);
    return *this;
}

Option& Option::excludes(const Option& other) {
    excludes_.push_back(&other);
    return *this;
}

Option& Option::expected(int min, int max) {
    expected_ = std::pair(min, max);
    return *this;
}

bool Option::has_name(std::string_view name) const {
    // names_ is CLI11's comma-separated list, e.g. "--verbose,-v".
    std::string_view rest = names_;
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        if (rest.substr(0, comma) == name) {
            return true;
        }
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    return false;
}

Command::Command(std::string name, std::string description)
    : name_(std::move(name)), description_(std::move(description)) {}

Option& Command::flag(std::string names, bool& target, std::string help) {
    return options_.emplace_back(std::move(names), Option::Target(&target), std::move(help));
}

Command& Command::subcommand(std::string name, std::string description) {
    return subcommands_.emplace_back(std::move(name), std::move(description));
}

Command& Command::require_subcommand(std::size_t min, std::size_t max) {
    required_subcommands_ = std::pair(min, max);
    return *this;
}

Command& Command::version_flag(std::string names, std::string version) {
    version_ = std::pair(std::move(names), std::move(version));
    return *this;
}

bool Command::has_option(std::string_view name) const {
    for (const Option& option : options_) {
        if (option.has_name(name)) {
            return true;
        }
    }
    return false;
}

} // namespace newsarc::cli
