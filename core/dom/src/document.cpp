// Document: one gumbo parse, lower-case tag names and element positions cached per node.
#include "newsarc/dom/document.hpp"

#include <algorithm>

namespace newsarc::dom {
namespace {

bool ascii_iequal(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        x = (x >= 'A' && x <= 'Z') ? static_cast<char>(x - 'A' + 'a') : x;
        y = (y >= 'A' && y <= 'Z') ? static_cast<char>(y - 'A' + 'a') : y;
        if (x != y) {
            return false;
        }
    }
    return true;
}

GumboOptions parse_options() {
    GumboOptions options = kGumboDefaultOptions;
    // Parse errors are not used; recording them costs time and memory on hostile input.
    options.max_errors = 0;
    return options;
}

struct ArenaState {
    std::pmr::monotonic_buffer_resource* resource;
    std::size_t* bytes;
};

void* arena_allocate(void* userdata, std::size_t size) {
    auto* state = static_cast<ArenaState*>(userdata);
    *state->bytes += size;
    // gumbo stores any type in what it allocates, as it would in malloc's memory.
    return state->resource->allocate(size == 0 ? 1 : size, alignof(std::max_align_t));
}

void arena_deallocate(void* /*userdata*/, void* /*ptr*/) {
    // Released with the whole arena when the Document goes.
}

/// The arena's first buffer: about what gumbo allocates for a page of this size (bench/extract prints the
/// ratio), so a typical page needs one or two upstream allocations.
std::size_t initial_arena_size(std::size_t input_size) {
    return std::max<std::size_t>(64u << 10, input_size * 4);
}

} // namespace

const GumboVector* child_nodes(const GumboNode* node) noexcept {
    if (node == nullptr) {
        return nullptr;
    }
    if (node->type == GUMBO_NODE_DOCUMENT) {
        return &node->v.document.children;
    }
    if (is_element(node)) {
        return &node->v.element.children;
    }
    return nullptr;
}

std::optional<std::string_view> attribute(const GumboNode* node, std::string_view name) noexcept {
    if (!is_element(node)) {
        return std::nullopt;
    }
    const GumboVector& attributes = node->v.element.attributes;
    for (unsigned i = 0; i < attributes.length; ++i) {
        const auto* attr = static_cast<const GumboAttribute*>(attributes.data[i]);
        if (ascii_iequal(attr->name, name)) {
            return std::string_view(attr->value);
        }
    }
    return std::nullopt;
}

std::unique_ptr<Document> Document::parse(std::string_view html) {
    return parse(html, Memory::arena);
}

std::unique_ptr<Document> Document::parse(std::string_view html, Memory memory) {
    std::unique_ptr<Document> document(new Document());
    if (auto limited = limit_depth(html, kMaxDepth)) {
        document->input_ = std::move(*limited);
        document->depth_limited_ = true;
        html = document->input_;
    }
    GumboOptions options = parse_options();
    if (memory == Memory::arena && html.size() <= kMaxArenaInput) {
        document->arena_ = std::make_unique<std::pmr::monotonic_buffer_resource>(initial_arena_size(html.size()));
        ArenaState state{document->arena_.get(), &document->arena_bytes_};
        options.allocator = arena_allocate;
        options.deallocator = arena_deallocate;
        options.userdata = &state; // read only during the parse: the tree needs no allocator afterwards
        document->output_ = gumbo_parse_with_options(&options, html.data(), html.size());
        return document;
    }
    document->output_ = gumbo_parse_with_options(&options, html.data(), html.size());
    return document;
}

Document::~Document() {
    // An arena's tree goes with the arena (the member's destructor), without walking it.
    if (output_ != nullptr && arena_ == nullptr) {
        const GumboOptions options = parse_options();
        gumbo_destroy_output(&options, output_);
    }
}

const GumboNode* Document::root() const noexcept {
    return output_ == nullptr ? nullptr : output_->document;
}

std::string_view Document::tag_name(const GumboNode* node) const {
    if (!is_element(node)) {
        return {};
    }
    const GumboElement& element = node->v.element;
    if (element.tag != GUMBO_TAG_UNKNOWN) {
        return gumbo_normalized_tagname(element.tag);
    }
    const auto found = unknown_tags_.find(node);
    if (found != unknown_tags_.end()) {
        return found->second;
    }
    GumboStringPiece piece = element.original_tag;
    gumbo_tag_from_original_text(&piece);
    std::string name(piece.data == nullptr ? "" : std::string_view(piece.data, piece.length));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
    return unknown_tags_.emplace(node, std::move(name)).first->second;
}

std::size_t Document::element_position(const GumboNode* node, bool from_end) const {
    if (!is_element(node) || node->parent == nullptr) {
        return 0;
    }
    auto found = positions_.find(node);
    if (found == positions_.end()) {
        // Number every element child of the parent at once, so a scan over siblings stays linear.
        const GumboVector* siblings = child_nodes(node->parent);
        if (siblings == nullptr) {
            return 0;
        }
        std::uint32_t count = 0;
        for (unsigned i = 0; i < siblings->length; ++i) {
            if (is_element(static_cast<const GumboNode*>(siblings->data[i]))) {
                ++count;
            }
        }
        std::uint32_t index = 0;
        for (unsigned i = 0; i < siblings->length; ++i) {
            const auto* sibling = static_cast<const GumboNode*>(siblings->data[i]);
            if (is_element(sibling)) {
                positions_[sibling] = Position{++index, count};
            }
        }
        found = positions_.find(node);
        if (found == positions_.end()) {
            return 0;
        }
    }
    return from_end ? found->second.count - found->second.index + 1 : found->second.index;
}

} // namespace newsarc::dom
