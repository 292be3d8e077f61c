// newsarc::dom::Document: one gumbo parse of an HTML page, with the element helpers the selector engine,
// the text extractor and the plugin host share.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <gumbo.h>

namespace newsarc::dom {

/// The deepest element nesting a parse keeps. Deeper start tags (and their end tags) are removed from the
/// input before gumbo sees it, with their text kept: gumbo's tree construction is quadratic in the depth of
/// the stack of open elements and gumbo_destroy_output recurses once per level, so a hostile 100,000-level
/// page would otherwise take minutes or overflow the stack. Real pages stay far below this.
inline constexpr std::size_t kMaxDepth = 400;
/// Inputs larger than this parse under malloc instead of an arena (see Document::Memory).
inline constexpr std::size_t kMaxArenaInput = 4u << 20;

/// True for element and template nodes (the nodes selectors match).
inline bool is_element(const GumboNode* node) noexcept {
    return node != nullptr && (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE);
}

/// The children vector of an element, template or document node; nullptr for other nodes.
const GumboVector* child_nodes(const GumboNode* node) noexcept;

/// The value of attribute `name` (ASCII case-insensitive, as HTML attribute names are), or nullopt.
std::optional<std::string_view> attribute(const GumboNode* node, std::string_view name) noexcept;

/// A parsed HTML document. Not thread-safe (it caches per-node facts lazily); one call uses it at a time.
/// Nodes handed out stay valid as long as the Document lives.
class Document {
public:
    /// Parses UTF-8 HTML; invalid UTF-8 becomes U+FFFD. Never fails: any input, including empty input and
    /// binary garbage, gives a document with at least <html><head><body>. Nesting beyond kMaxDepth is flattened.
    static std::unique_ptr<Document> parse(std::string_view html);

    /// Where gumbo's tree lives. `arena` (the default) bump-allocates every node, string and vector of the parse
    /// from one growing buffer that is released at once with the Document: gumbo frees nothing one by one and
    /// the destructor does not walk the tree. Pages above kMaxArenaInput bytes use `malloc`, because an arena
    /// keeps every buffer gumbo discards while parsing until the end (measured by bench/extract).
    enum class Memory : std::uint8_t { arena, malloc };
    static std::unique_ptr<Document> parse(std::string_view html, Memory memory);

    /// Bytes gumbo asked for during the parse when it ran in an arena (0 under malloc): for bench/extract.
    [[nodiscard]] std::size_t arena_bytes() const noexcept { return arena_bytes_; }

    ~Document();
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;

    /// The document node (the root of the tree; not an element).
    [[nodiscard]] const GumboNode* root() const noexcept;
    /// The gumbo output, for code that walks gumbo directly.
    [[nodiscard]] const GumboOutput* output() const noexcept { return output_; }
    /// True when the input was rewritten because it nested deeper than kMaxDepth.
    [[nodiscard]] bool depth_limited() const noexcept { return depth_limited_; }

    /// Lower-case tag name of an element ("div", or the source's name for an unknown tag such as "my-tag");
    /// empty for any other node.
    [[nodiscard]] std::string_view tag_name(const GumboNode* node) const;

    /// 1-based position of an element among its parent's element children, counted from the front (and, with
    /// `from_end`, from the back). 0 for a node that is not an element child.
    [[nodiscard]] std::size_t element_position(const GumboNode* node, bool from_end = false) const;

private:
    Document() = default;

    struct Position {
        std::uint32_t index = 0;
        std::uint32_t count = 0;
    };

    std::string input_; // the rewritten input when depth-limited (gumbo points into the buffer it parsed)
    std::unique_ptr<std::pmr::monotonic_buffer_resource> arena_; // set when the tree lives in an arena
    std::size_t arena_bytes_ = 0;
    GumboOutput* output_ = nullptr;
    bool depth_limited_ = false;
    mutable std::unordered_map<const GumboNode*, std::string> unknown_tags_;
    mutable std::unordered_map<const GumboNode*, Position> positions_;
};

/// `html` with every start tag nested deeper than `max_depth` (by an estimate of the HTML tree builder's
/// stack of open elements) removed together with its end tag, or nullopt when nothing needs removing.
/// Exposed for tests; Document::parse applies it.
std::optional<std::string> limit_depth(std::string_view html, std::size_t max_depth);

} // namespace newsarc::dom
