// How cleaning rules compile their regexes: shared by the rule-file reader (which names the line of a bad one)
// and CleanRules (which keeps the compiled ones), so both accept and refuse the same patterns.
#pragma once

#include <memory>
#include <string>

#include <re2/re2.h>

namespace newsarc::clean::detail {

/// RE2 matches in linear time without recursing, where libstdc++'s <regex> recurses per character and
/// overflows the stack on a long line. RE2's defaults keep what the rules were written for under ECMAScript:
/// `^` and `$` match at the ends of the whole line, `\d`, `\w` and `\b` are ASCII. The text is UTF-8, so `.`,
/// a [...] class and a {n,m} count whole characters (<regex> counted bytes). A pattern RE2 refuses comes
/// back with !ok() and error(); it is not logged, the caller reports it with the rule's file and key.
inline std::unique_ptr<const RE2> compile_rule_regex(const std::string& source) {
    RE2::Options options;
    options.set_log_errors(false);
    return std::make_unique<const RE2>(source, options);
}

} // namespace newsarc::clean::detail
