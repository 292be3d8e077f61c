// Selector: a small CSS selector compiler and a matcher that walks parents in loops, never by recursion.
#include "newsarc/dom/selector.hpp"

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace newsarc::dom {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
    return out;
}

bool is_html_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// True when the white-space separated list `list` contains `word`.
bool has_word(std::string_view list, std::string_view word) noexcept {
    if (word.empty()) {
        return false;
    }
    std::size_t i = 0;
    while (i < list.size()) {
        while (i < list.size() && is_html_space(list[i])) {
            ++i;
        }
        std::size_t end = i;
        while (end < list.size() && !is_html_space(list[end])) {
            ++end;
        }
        if (list.substr(i, end - i) == word) {
            return true;
        }
        i = end;
    }
    return false;
}

struct AttrTest {
    enum class Op { exists, equals, includes, dash, contains, prefix, suffix };
    std::string name;
    Op op = Op::exists;
    std::string value;
    bool ignore_case = false;
};

struct Nth {
    bool from_end = false;
    bool only = false; // :only-child
    long a = 0;
    long b = 1;
};

struct Compound {
    bool any_tag = true;
    GumboTag tag = GUMBO_TAG_UNKNOWN;
    std::string tag_name; // for tags gumbo does not know
    std::vector<std::string> ids;
    std::vector<std::string> classes;
    std::vector<AttrTest> attrs;
    std::vector<Nth> positions;
    std::vector<Compound> negated; // :not(...) arguments (compound selectors)
};

enum class Combinator { descendant, child };

struct Complex {
    std::vector<Compound> parts;           // left to right
    std::vector<Combinator> combinators;   // combinators[i] joins parts[i] and parts[i + 1]
};

bool nth_matches(const Nth& nth, long position) noexcept {
    if (nth.a == 0) {
        return position == nth.b;
    }
    const long diff = position - nth.b;
    return diff % nth.a == 0 && diff / nth.a >= 0;
}

bool attr_matches(const AttrTest& test, const GumboNode* node) {
    const std::optional<std::string_view> value = attribute(node, test.name);
    if (!value) {
        return false;
    }
    if (test.op == AttrTest::Op::exists) {
        return true;
    }
    std::string folded;
    std::string_view actual = *value;
    if (test.ignore_case) {
        folded = lower(actual);
        actual = folded;
    }
    const std::string_view expected = test.value;
    switch (test.op) {
    case AttrTest::Op::equals:
        return actual == expected;
    case AttrTest::Op::includes:
        return has_word(actual, expected);
    case AttrTest::Op::dash:
        return actual == expected || (actual.starts_with(expected) && actual.size() > expected.size() &&
                                      actual[expected.size()] == '-');
    case AttrTest::Op::contains:
        return !expected.empty() && actual.find(expected) != std::string_view::npos;
    case AttrTest::Op::prefix:
        return !expected.empty() && actual.starts_with(expected);
    case AttrTest::Op::suffix:
        return !expected.empty() && actual.ends_with(expected);
    case AttrTest::Op::exists:
        return true;
    }
    return false;
}

bool compound_matches(const Document& document, const Compound& compound, const GumboNode* node) {
    if (!is_element(node)) {
        return false;
    }
    if (!compound.any_tag) {
        if (compound.tag != GUMBO_TAG_UNKNOWN) {
            if (node->v.element.tag != compound.tag) {
                return false;
            }
        } else if (node->v.element.tag != GUMBO_TAG_UNKNOWN || document.tag_name(node) != compound.tag_name) {
            return false;
        }
    }
    for (const std::string& id : compound.ids) {
        const auto value = attribute(node, "id");
        if (!value || *value != id) {
            return false;
        }
    }
    if (!compound.classes.empty()) {
        const auto value = attribute(node, "class");
        if (!value) {
            return false;
        }
        for (const std::string& name : compound.classes) {
            if (!has_word(*value, name)) {
                return false;
            }
        }
    }
    for (const AttrTest& test : compound.attrs) {
        if (!attr_matches(test, node)) {
            return false;
        }
    }
    for (const Nth& nth : compound.positions) {
        if (nth.only) {
            if (document.element_position(node) != 1 || document.element_position(node, true) != 1) {
                return false;
            }
            continue;
        }
        const auto position = static_cast<long>(document.element_position(node, nth.from_end));
        if (position == 0 || !nth_matches(nth, position)) {
            return false;
        }
    }
    for (const Compound& negated : compound.negated) {
        if (compound_matches(document, negated, node)) {
            return false;
        }
    }
    return true;
}

const GumboNode* parent_element(const GumboNode* node) noexcept {
    const GumboNode* parent = node->parent;
    return is_element(parent) ? parent : nullptr;
}

// Matches parts[from..to] joined by child combinators, parts[to] at `node`, walking up. Returns the node that
// matched parts[from], or nullptr.
const GumboNode* match_rigid(const Document& document, const Complex& complex, std::size_t from, std::size_t to,
                             const GumboNode* node) {
    for (std::size_t i = to + 1; i-- > from;) {
        if (node == nullptr || !compound_matches(document, complex.parts[i], node)) {
            return nullptr;
        }
        if (i > from) {
            node = parent_element(node);
        }
    }
    return node;
}

// Right to left by segments (runs of child combinators), taking for each segment the nearest ancestor where it
// matches: the nearest choice leaves the most ancestors for the segments further left, so no other choice
// needs trying.
bool complex_matches(const Document& document, const Complex& complex, const GumboNode* element) {
    std::size_t end = complex.parts.size() - 1;
    std::size_t start = end;
    while (start > 0 && complex.combinators[start - 1] == Combinator::child) {
        --start;
    }
    const GumboNode* top = match_rigid(document, complex, start, end, element);
    if (top == nullptr) {
        return false;
    }
    while (start > 0) {
        end = start - 1;
        start = end;
        while (start > 0 && complex.combinators[start - 1] == Combinator::child) {
            --start;
        }
        const GumboNode* found = nullptr;
        for (const GumboNode* candidate = parent_element(top); candidate != nullptr && found == nullptr;
             candidate = parent_element(candidate)) {
            found = match_rigid(document, complex, start, end, candidate);
        }
        if (found == nullptr) {
            return false;
        }
        top = found;
    }
    return true;
}

// The parser: one pass over the text, with the error naming the selector, the offset and the expectation.
class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    Result<std::vector<Complex>> parse() {
        std::vector<Complex> group;
        while (true) {
            skip_space();
            Complex complex;
            if (!parse_complex(complex)) {
                return fail();
            }
            group.push_back(std::move(complex));
            skip_space();
            if (at_end()) {
                break;
            }
            if (peek() != ',') {
                expected_ = "',' or the end of the selector";
                return fail();
            }
            ++pos_;
        }
        return group;
    }

private:
    Error fail() const {
        return make_error("CSS selector '" + std::string(text_) + "': expected " + expected_ + " at offset " +
                          std::to_string(pos_) +
                          (pos_ < text_.size() ? " (found '" + std::string(1, text_[pos_]) + "')" : " (found the end)"));
    }

    [[nodiscard]] bool at_end() const noexcept { return pos_ >= text_.size(); }
    [[nodiscard]] char peek() const noexcept { return at_end() ? '\0' : text_[pos_]; }

    bool skip_space() {
        const std::size_t before = pos_;
        while (!at_end() && is_html_space(peek())) {
            ++pos_;
        }
        return pos_ > before;
    }

    static bool is_name_char(char c) noexcept {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               static_cast<unsigned char>(c) >= 0x80;
    }

    // An identifier with backslash escapes taken literally.
    bool parse_name(std::string& out) {
        out.clear();
        while (!at_end()) {
            const char c = peek();
            if (c == '\\' && pos_ + 1 < text_.size()) {
                out.push_back(text_[pos_ + 1]);
                pos_ += 2;
            } else if (is_name_char(c)) {
                out.push_back(c);
                ++pos_;
            } else {
                break;
            }
        }
        return !out.empty();
    }

    bool parse_complex(Complex& complex) {
        Compound compound;
        expected_ = "a selector";
        if (!parse_compound(compound)) {
            return false;
        }
        complex.parts.push_back(std::move(compound));
        while (true) {
            const bool spaced = skip_space();
            if (at_end() || peek() == ',' || peek() == ')') {
                return true;
            }
            Combinator combinator = Combinator::descendant;
            if (peek() == '>') {
                combinator = Combinator::child;
                ++pos_;
                skip_space();
            } else if (peek() == '+' || peek() == '~') {
                expected_ = "a descendant (' ') or child ('>') combinator; '+' and '~' are not supported";
                return false;
            } else if (!spaced) {
                expected_ = "a combinator, ',' or the end";
                return false;
            }
            expected_ = "a selector after the combinator";
            if (!parse_compound(compound)) {
                return false;
            }
            complex.combinators.push_back(combinator);
            complex.parts.push_back(std::move(compound));
        }
    }

    bool parse_compound(Compound& compound) {
        compound = Compound{};
        bool any_part = false;
        std::string name;
        if (peek() == '*') {
            ++pos_;
            any_part = true;
        } else if (is_name_char(peek()) || peek() == '\\') {
            parse_name(name);
            compound.any_tag = false;
            compound.tag_name = lower(name);
            compound.tag = gumbo_tagn_enum(compound.tag_name.data(), static_cast<unsigned>(compound.tag_name.size()));
            any_part = true;
        }
        while (!at_end()) {
            const char c = peek();
            if (c == '#' || c == '.') {
                ++pos_;
                if (!parse_name(name)) {
                    expected_ = c == '#' ? "an id after '#'" : "a class name after '.'";
                    return false;
                }
                (c == '#' ? compound.ids : compound.classes).push_back(name);
            } else if (c == '[') {
                ++pos_;
                AttrTest test;
                if (!parse_attribute(test)) {
                    return false;
                }
                compound.attrs.push_back(std::move(test));
            } else if (c == ':') {
                ++pos_;
                if (!parse_pseudo(compound)) {
                    return false;
                }
            } else {
                break;
            }
            any_part = true;
        }
        return any_part;
    }

    bool parse_attribute(AttrTest& test) {
        skip_space();
        std::string name;
        if (!parse_name(name)) {
            expected_ = "an attribute name after '['";
            return false;
        }
        test.name = lower(name);
        skip_space();
        if (peek() == ']') {
            ++pos_;
            return true;
        }
        const std::string_view rest = text_.substr(pos_);
        static constexpr std::pair<std::string_view, AttrTest::Op> kOps[] = {
            {"~=", AttrTest::Op::includes}, {"|=", AttrTest::Op::dash},   {"*=", AttrTest::Op::contains},
            {"^=", AttrTest::Op::prefix},   {"$=", AttrTest::Op::suffix}, {"=", AttrTest::Op::equals},
        };
        bool found = false;
        for (const auto& [token, op] : kOps) {
            if (rest.starts_with(token)) {
                test.op = op;
                pos_ += token.size();
                found = true;
                break;
            }
        }
        if (!found) {
            expected_ = "']' or an operator (=, ~=, |=, *=, ^=, $=)";
            return false;
        }
        skip_space();
        if (peek() == '"' || peek() == '\'') {
            const char quote = peek();
            ++pos_;
            while (!at_end() && peek() != quote) {
                if (peek() == '\\' && pos_ + 1 < text_.size()) {
                    ++pos_;
                }
                test.value.push_back(text_[pos_++]);
            }
            if (at_end()) {
                expected_ = "a closing quote";
                return false;
            }
            ++pos_;
        } else {
            // Bare values may hold '.', '/' or ':' ("a[href$=.shtml]"), which CSS would want quoted.
            while (!at_end() && peek() != ']' && !is_html_space(peek())) {
                test.value.push_back(text_[pos_++]);
            }
            if (test.value.empty()) {
                expected_ = "an attribute value";
                return false;
            }
        }
        skip_space();
        if (peek() == 'i' || peek() == 'I') {
            test.ignore_case = true;
            test.value = lower(test.value);
            ++pos_;
            skip_space();
        } else if (peek() == 's' || peek() == 'S') {
            ++pos_;
            skip_space();
        }
        if (peek() != ']') {
            expected_ = "']'";
            return false;
        }
        ++pos_;
        return true;
    }

    bool parse_pseudo(Compound& compound) {
        std::string name;
        if (!parse_name(name)) {
            expected_ = "a pseudo-class name after ':'";
            return false;
        }
        name = lower(name);
        if (name == "first-child") {
            compound.positions.push_back(Nth{false, false, 0, 1});
            return true;
        }
        if (name == "last-child") {
            compound.positions.push_back(Nth{true, false, 0, 1});
            return true;
        }
        if (name == "only-child") {
            compound.positions.push_back(Nth{false, true, 0, 1});
            return true;
        }
        if (name != "nth-child" && name != "nth-last-child" && name != "not") {
            expected_ = "a supported pseudo-class (first-child, last-child, only-child, nth-child, nth-last-child, not)";
            return false;
        }
        if (peek() != '(') {
            expected_ = "'(' after :" + name;
            return false;
        }
        ++pos_;
        skip_space();
        if (name == "not") {
            if (in_not_) {
                expected_ = "a simple selector inside :not() (it does not nest)";
                return false;
            }
            in_not_ = true;
            Compound negated;
            expected_ = "a compound selector inside :not()";
            const bool parsed = parse_compound(negated);
            in_not_ = false;
            if (!parsed) {
                return false;
            }
            compound.negated.push_back(std::move(negated));
        } else {
            Nth nth;
            nth.from_end = name == "nth-last-child";
            if (!parse_nth(nth)) {
                return false;
            }
            compound.positions.push_back(nth);
        }
        skip_space();
        if (peek() != ')') {
            expected_ = "')'";
            return false;
        }
        ++pos_;
        return true;
    }

    // an+b | odd | even | integer, with optional spaces around the sign of b.
    bool parse_nth(Nth& nth) {
        expected_ = "an+b, odd, even or a number";
        std::string word;
        const std::size_t start = pos_;
        if (parse_name(word)) {
            const std::string lowered = lower(word);
            if (lowered == "odd") {
                nth.a = 2;
                nth.b = 1;
                return true;
            }
            if (lowered == "even") {
                nth.a = 2;
                nth.b = 0;
                return true;
            }
            pos_ = start;
        }
        long sign = 1;
        if (peek() == '+' || peek() == '-') {
            sign = peek() == '-' ? -1 : 1;
            ++pos_;
        }
        long number = 0;
        bool digits = false;
        while (!at_end() && peek() >= '0' && peek() <= '9') {
            number = std::min(number * 10 + (peek() - '0'), 1000000000L);
            digits = true;
            ++pos_;
        }
        if (peek() == 'n' || peek() == 'N') {
            ++pos_;
            nth.a = sign * (digits ? number : 1);
            skip_space();
            nth.b = 0;
            if (peek() == '+' || peek() == '-') {
                const long b_sign = peek() == '-' ? -1 : 1;
                ++pos_;
                skip_space();
                long b = 0;
                bool b_digits = false;
                while (!at_end() && peek() >= '0' && peek() <= '9') {
                    b = std::min(b * 10 + (peek() - '0'), 1000000000L);
                    b_digits = true;
                    ++pos_;
                }
                if (!b_digits) {
                    return false;
                }
                nth.b = b_sign * b;
            }
            return true;
        }
        if (!digits) {
            return false;
        }
        nth.a = 0;
        nth.b = sign * number;
        return true;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    bool in_not_ = false;
    std::string expected_ = "a selector";
};

} // namespace

struct Selector::Compiled {
    std::vector<Complex> group;
};

Result<Selector> Selector::compile(std::string_view text) {
    auto parsed = Parser(text).parse();
    if (!parsed) {
        return parsed.error();
    }
    Selector selector;
    selector.text_ = std::string(text);
    selector.compiled_ = std::make_shared<const Compiled>(Compiled{std::move(parsed.value())});
    return selector;
}

bool Selector::matches(const Document& document, const GumboNode* element) const {
    if (!is_element(element) || compiled_ == nullptr) {
        return false;
    }
    for (const Complex& complex : compiled_->group) {
        if (complex_matches(document, complex, element)) {
            return true;
        }
    }
    return false;
}

void Selector::select(const Document& document, const GumboNode* scope, std::vector<const GumboNode*>& out) const {
    if (scope == nullptr) {
        scope = document.root();
    }
    const GumboVector* top = child_nodes(scope);
    if (top == nullptr || compiled_ == nullptr) {
        return;
    }
    // Pre-order walk with an explicit stack of (children, next index): any depth is safe.
    std::vector<std::pair<const GumboVector*, unsigned>> stack;
    stack.emplace_back(top, 0U);
    while (!stack.empty()) {
        auto& [children, index] = stack.back();
        if (index >= children->length) {
            stack.pop_back();
            continue;
        }
        const auto* node = static_cast<const GumboNode*>(children->data[index++]);
        if (!is_element(node)) {
            continue;
        }
        if (matches(document, node)) {
            out.push_back(node);
        }
        // Template contents are a separate document fragment, as in browsers.
        if (node->type == GUMBO_NODE_ELEMENT && node->v.element.children.length > 0) {
            stack.emplace_back(&node->v.element.children, 0U);
        }
    }
}

Result<std::shared_ptr<const Selector>> compile_cached(std::string_view text) {
    static std::mutex mutex;
    static std::unordered_map<std::string, std::shared_ptr<const Selector>> cache;
    constexpr std::size_t kMaxEntries = 4096;
    {
        std::lock_guard lock(mutex);
        const auto found = cache.find(std::string(text));
        if (found != cache.end()) {
            return found->second;
        }
    }
    auto compiled = Selector::compile(text);
    if (!compiled) {
        return compiled.error();
    }
    auto shared = std::make_shared<const Selector>(std::move(compiled.value()));
    std::lock_guard lock(mutex);
    if (cache.size() >= kMaxEntries) {
        cache.clear();
    }
    cache.emplace(std::string(text), shared);
    return shared;
}

} // namespace newsarc::dom
