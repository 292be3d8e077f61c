// newsarc::dom::Selector: CSS selectors compiled once and matched without recursion over a gumbo tree.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gumbo.h>

#include "newsarc/base/result.hpp"
#include "newsarc/dom/document.hpp"

namespace newsarc::dom {

/// A compiled selector group. Supported: type (`div`), universal (`*`), `#id`, `.class`, `[attr]`,
/// `[attr=v]`, `[attr~=v]`, `[attr|=v]`, `[attr*=v]`, `[attr^=v]`, `[attr$=v]` (values bare or quoted, with an
/// optional ` i` flag), descendant and child (`>`) combinators, `:first-child`, `:last-child`, `:only-child`,
/// `:nth-child(n | an+b | odd | even)`, `:nth-last-child(...)`, `:not(simple)`, and grouping with `,`.
/// Tag and attribute names are ASCII case-insensitive; attribute values are case-sensitive.
/// A compiled Selector is immutable and may be shared between threads.
class Selector {
public:
    /// Compiles `text`; the error names the selector, the position and what was expected.
    static Result<Selector> compile(std::string_view text);

    /// True when `element` matches any selector of the group.
    [[nodiscard]] bool matches(const Document& document, const GumboNode* element) const;

    /// Appends every element strictly under `scope` (the document node when nullptr) that matches, in
    /// document order, each once.
    void select(const Document& document, const GumboNode* scope, std::vector<const GumboNode*>& out) const;

    /// The source text.
    [[nodiscard]] const std::string& text() const noexcept { return text_; }

    struct Compiled; // the compiled form (opaque)

private:
    std::string text_;
    std::shared_ptr<const Compiled> compiled_;
};

/// Compiles a selector, reusing a process-wide cache keyed by the selector text (bounded; thread-safe).
Result<std::shared_ptr<const Selector>> compile_cached(std::string_view text);

} // namespace newsarc::dom
