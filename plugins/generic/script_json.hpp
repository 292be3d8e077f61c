// JSON values inside JavaScript: the value assigned to a name (`window.__INITIAL_STATE__ = {...}`) and the
// object a Nuxt 2 state function returns. Bounded scans; nothing here throws on any input.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace newsarc::generic {

/// Nesting deeper than this is refused before parsing (a JSON tree that deep is no page state).
inline constexpr std::size_t kMaxJsonNesting = 256;

/// The length of the JSON object or array starting at text[0], matching brackets outside double-quoted strings
/// (backslash escapes honoured); 0 when it does not close, nests deeper than kMaxJsonNesting, or runs past
/// `limit` bytes.
std::size_t balanced_length(std::string_view text, std::size_t limit);

/// The JSON value assigned to `marker` in `code`: `marker = {...}`, `marker=({...})`, `"marker": [...]`,
/// `window["marker"] = {...}`, parsed. Only the first few occurrences are tried; nullopt when none is followed
/// by valid JSON.
std::optional<nlohmann::json> assigned_json(std::string_view code, std::string_view marker);

/// Nuxt 2's `window.__NUXT__=(function(a,b,...){return {...}}(1,"x",...))` in `code`: the returned object
/// literal, with each parameter replaced by its argument and unquoted keys quoted, parsed. nullopt when the
/// code holds anything beyond plain literals (expressions, calls, regular expressions).
std::optional<nlohmann::json> nuxt_function_state(std::string_view code);

} // namespace newsarc::generic
