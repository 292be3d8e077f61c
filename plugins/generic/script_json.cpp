// JSON values inside JavaScript (see script_json.hpp): the SDK's bracket scan with this reader's limits, an assignment
// finder, and a small JavaScript-literal reader for Nuxt 2's state function.
#include "script_json.hpp"

#include <map>
#include <string>
#include <vector>

#include "newsarc/plugin.hpp"

namespace newsarc::generic {
namespace {

// Scripts larger than this are not page state worth reading (and would cost too much to scan).
constexpr std::size_t kMaxValueBytes = 16U << 20U;
// A marker may appear in code that reads the state as well as in the assignment; a few tries are enough.
constexpr int kMaxOccurrences = 8;

bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_identifier_start(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

bool is_identifier_char(char c) noexcept {
    return is_identifier_start(c) || (c >= '0' && c <= '9');
}

std::size_t skip_space(std::string_view text, std::size_t i) noexcept {
    while (i < text.size() && is_space(text[i])) {
        ++i;
    }
    return i;
}

std::optional<nlohmann::json> parse_checked(std::string_view text) {
    nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
    if (value.is_discarded()) {
        return std::nullopt;
    }
    return value;
}

// Reads JavaScript literals (objects, arrays, strings in either quote, numbers, true/false/null/undefined/
// void 0, and names bound in `names`) and writes them as JSON text. Any other construct fails the read.
class LiteralReader {
public:
    LiteralReader(std::string_view code, const std::map<std::string, std::string, std::less<>>& names)
        : code_(code), names_(names) {}

    /// Reads one value at `at`; returns the position after it, or npos.
    std::size_t value(std::size_t at, std::string& out) {
        std::vector<char> closers; // the brackets still open, innermost last
        std::size_t i = at;
        do {
            i = skip_space(code_, i);
            if (i >= code_.size() || out.size() > kMaxValueBytes || closers.size() > kMaxJsonNesting) {
                return std::string_view::npos;
            }
            const char c = code_[i];
            if (c == '{' || c == '[') {
                closers.push_back(c == '{' ? '}' : ']');
                out.push_back(c);
                ++i;
                continue;
            }
            if ((c == '}' || c == ']') && !closers.empty() && closers.back() == c) {
                // A trailing comma is legal JavaScript, not JSON.
                if (!out.empty() && out.back() == ',') {
                    out.pop_back();
                }
                closers.pop_back();
                out.push_back(c);
                ++i;
                continue;
            }
            if (c == ',' || c == ':') {
                out.push_back(c);
                ++i;
                continue;
            }
            const std::size_t next = scalar(i, !closers.empty() && closers.back() == '}', out);
            if (next == std::string_view::npos) {
                return next;
            }
            i = next;
        } while (!closers.empty());
        return i;
    }

private:
    // A string, number or name at `i`; `in_object` says a name followed by ':' is a key.
    std::size_t scalar(std::size_t i, bool in_object, std::string& out) {
        const char c = code_[i];
        if (c == '"' || c == '\'') {
            return string(i, out);
        }
        if ((c >= '0' && c <= '9') || c == '-' || c == '.') {
            std::size_t end = i + 1;
            while (end < code_.size() && ((code_[end] >= '0' && code_[end] <= '9') || code_[end] == '.' ||
                                          code_[end] == 'e' || code_[end] == 'E' || code_[end] == '+' ||
                                          code_[end] == '-')) {
                ++end;
            }
            const std::string_view number = code_.substr(i, end - i);
            if (in_object && skip_space(code_, end) < code_.size() && code_[skip_space(code_, end)] == ':') {
                out.append("\"").append(number).append("\"");
            } else if (number.starts_with(".")) {
                out.append("0").append(number);
            } else {
                out.append(number);
            }
            return end;
        }
        if (!is_identifier_start(c)) {
            return std::string_view::npos;
        }
        std::size_t end = i + 1;
        while (end < code_.size() && is_identifier_char(code_[end])) {
            ++end;
        }
        const std::string_view name = code_.substr(i, end - i);
        const std::size_t after = skip_space(code_, end);
        if (in_object && after < code_.size() && code_[after] == ':') {
            out.append("\"").append(name).append("\"");
            return end;
        }
        if (name == "true" || name == "false" || name == "null") {
            out.append(name);
            return end;
        }
        if (name == "undefined" || name == "NaN" || name == "Infinity") {
            out.append("null");
            return end;
        }
        if (name == "void" && after < code_.size() && code_[after] == '0') {
            out.append("null");
            return after + 1;
        }
        if (const auto bound = names_.find(name); bound != names_.end()) {
            out.append(bound->second);
            return end;
        }
        return std::string_view::npos;
    }

    // A quoted string at `i`, re-quoted for JSON: \' and \xHH become JSON escapes, a raw '"' in a single-quoted
    // string is escaped.
    std::size_t string(std::size_t i, std::string& out) {
        const char quote = code_[i];
        out.push_back('"');
        for (std::size_t k = i + 1; k < code_.size(); ++k) {
            const char c = code_[k];
            if (c == quote) {
                out.push_back('"');
                return k + 1;
            }
            if (c == '\n') {
                return std::string_view::npos;
            }
            if (c == '"') {
                out.append("\\\"");
                continue;
            }
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            if (k + 1 >= code_.size()) {
                return std::string_view::npos;
            }
            const char escaped = code_[++k];
            if (escaped == '\'') {
                out.push_back('\'');
            } else if (escaped == 'x' && k + 2 < code_.size()) {
                out.append("\\u00").append(code_.substr(k + 1, 2));
                k += 2;
            } else if (escaped == 'v' || escaped == '0') {
                out.append(escaped == 'v' ? "\\u000b" : "\\u0000");
            } else {
                out.push_back('\\');
                out.push_back(escaped);
            }
        }
        return std::string_view::npos;
    }

    std::string_view code_;
    const std::map<std::string, std::string, std::less<>>& names_;
};

} // namespace

std::size_t balanced_length(std::string_view text, std::size_t limit) {
    return sdk::balanced_json_length(text, limit, kMaxJsonNesting);
}

std::optional<nlohmann::json> assigned_json(std::string_view code, std::string_view marker) {
    std::size_t from = 0;
    for (int tries = 0; tries < kMaxOccurrences && !marker.empty(); ++tries) {
        const std::size_t at = code.find(marker, from);
        if (at == std::string_view::npos) {
            return std::nullopt;
        }
        from = at + marker.size();
        // window["x"] = …, "x": …
        std::size_t i = from;
        while (i < code.size() && (code[i] == '"' || code[i] == '\'' || code[i] == ']' || is_space(code[i]))) {
            ++i;
        }
        if (i >= code.size() || (code[i] != '=' && code[i] != ':') || (i + 1 < code.size() && code[i + 1] == '=')) {
            continue; // a comparison or a read, not the assignment
        }
        i = skip_space(code, i + 1);
        while (i < code.size() && (code[i] == '(' || is_space(code[i]))) {
            ++i;
        }
        const std::size_t length = balanced_length(code.substr(std::min(i, code.size())), kMaxValueBytes);
        if (length > 0) {
            if (auto value = parse_checked(code.substr(i, length))) {
                return value;
            }
        }
    }
    return std::nullopt;
}

std::optional<nlohmann::json> nuxt_function_state(std::string_view code) {
    const std::size_t marker = code.find("__NUXT__");
    if (marker == std::string_view::npos) {
        return std::nullopt;
    }
    std::size_t i = code.find("function", marker);
    if (i == std::string_view::npos || i > marker + 64) {
        return std::nullopt;
    }
    // Parameters.
    i = skip_space(code, i + 8);
    if (i >= code.size() || code[i] != '(') {
        return std::nullopt;
    }
    std::vector<std::string> parameters;
    ++i;
    while (true) {
        i = skip_space(code, i);
        if (i < code.size() && code[i] == ')') {
            ++i;
            break;
        }
        std::size_t end = i;
        while (end < code.size() && is_identifier_char(code[end])) {
            ++end;
        }
        if (end == i || parameters.size() > 4096) {
            return std::nullopt;
        }
        parameters.emplace_back(code.substr(i, end - i));
        i = skip_space(code, end);
        if (i < code.size() && code[i] == ',') {
            ++i;
        }
    }
    // Body: `{return <literal>}`.
    i = skip_space(code, i);
    if (i >= code.size() || code[i] != '{') {
        return std::nullopt;
    }
    i = skip_space(code, i + 1);
    if (code.substr(i, 6) != "return") {
        return std::nullopt;
    }
    const std::size_t literal_at = i + 6;
    // The arguments follow the body, so the body is read twice: once to find its end, then with the names bound.
    const std::map<std::string, std::string, std::less<>> none;
    std::string skipped;
    LiteralReader probe(code, none);
    // A first pass with every parameter bound to null only to find where the literal ends.
    std::map<std::string, std::string, std::less<>> nulls;
    for (const std::string& parameter : parameters) {
        nulls.emplace(parameter, "null");
    }
    LiteralReader shape(code, nulls);
    std::size_t after_literal = shape.value(literal_at, skipped);
    if (after_literal == std::string_view::npos) {
        return std::nullopt;
    }
    i = skip_space(code, after_literal);
    if (i < code.size() && code[i] == ';') {
        i = skip_space(code, i + 1);
    }
    if (i >= code.size() || code[i] != '}') {
        return std::nullopt;
    }
    i = skip_space(code, i + 1);
    if (i < code.size() && code[i] == ')') {
        i = skip_space(code, i + 1); // (function(){...})(args)
    }
    if (i >= code.size() || code[i] != '(') {
        return std::nullopt;
    }
    // Arguments: read as one array literal.
    std::string arguments_text = "[";
    ++i;
    for (std::size_t n = 0;; ++n) {
        i = skip_space(code, i);
        if (i < code.size() && code[i] == ')') {
            break;
        }
        std::string argument;
        i = probe.value(i, argument);
        if (i == std::string_view::npos || n > parameters.size()) {
            return std::nullopt;
        }
        arguments_text += (n == 0 ? "" : ",") + argument;
        i = skip_space(code, i);
        if (i < code.size() && code[i] == ',') {
            ++i;
        }
    }
    arguments_text += "]";
    const auto arguments = parse_checked(arguments_text);
    if (!arguments || !arguments->is_array()) {
        return std::nullopt;
    }
    std::map<std::string, std::string, std::less<>> bound;
    for (std::size_t k = 0; k < parameters.size(); ++k) {
        bound.emplace(parameters[k], k < arguments->size() ? (*arguments)[k].dump() : "null");
    }
    std::string literal;
    LiteralReader reader(code, bound);
    if (reader.value(literal_at, literal) == std::string_view::npos) {
        return std::nullopt;
    }
    return parse_checked(literal);
}

} // namespace newsarc::generic
