// HTML fragments on gumbo: the fragment is parsed as a body (dom::Document, with its depth limit) and its tree
// walked once into blocks; character references are decoded by gumbo's tokenizer in a <textarea> context.
#include "newsarc/web/html_fragment.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <utility>

#include <gumbo.h>

#include "newsarc/dom/document.hpp"

namespace newsarc::web {
namespace {

bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool is_block_tag(std::string_view tag) noexcept {
    for (const std::string_view block :
         {"p", "div", "section", "article", "header", "footer", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "li",
          "ul", "ol", "dl", "dt", "dd", "blockquote", "figure", "figcaption", "table", "thead", "tbody", "tr", "td",
          "th", "pre", "center", "hr", "address", "caption"}) {
        if (tag == block) {
            return true;
        }
    }
    return false;
}

bool is_skipped_tag(std::string_view tag) noexcept {
    return tag == "script" || tag == "style" || tag == "template" || tag == "textarea" || tag == "noscript" ||
           tag == "head" || tag == "title";
}

// U+2E80..U+A4CF, U+F900..U+FAFF, U+FE30..U+FE4F, U+FF00..U+FF60: the three-byte forms only.
bool is_wide_code(std::uint32_t c) noexcept {
    return (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFF60);
}

std::uint32_t three_byte_code(std::string_view bytes) noexcept {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[0]) & 0x0F) << 12) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[1]) & 0x3F) << 6) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[2]) & 0x3F));
}

bool starts_wide(std::string_view text) noexcept {
    return text.size() >= 3 && (static_cast<unsigned char>(text[0]) & 0xF0) == 0xE0 &&
           is_wide_code(three_byte_code(text));
}

bool ends_wide(std::string_view text) noexcept {
    return text.size() >= 3 && (static_cast<unsigned char>(text[text.size() - 3]) & 0xF0) == 0xE0 &&
           is_wide_code(three_byte_code(text.substr(text.size() - 3)));
}

// ASCII white space, U+00A0 (C2 A0) and U+3000 (E3 80 80) only.
bool only_white(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (is_space(text[i])) {
            ++i;
        } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
            i += 2;
        } else if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                   static_cast<unsigned char>(text[i + 2]) == 0x80) {
            i += 3;
        } else {
            return false;
        }
    }
    return true;
}

const GumboNode* find_body(const GumboNode* node) noexcept {
    const GumboVector* children = dom::child_nodes(node);
    for (unsigned i = 0; children != nullptr && i < children->length; ++i) {
        const auto* child = static_cast<const GumboNode*>(children->data[i]);
        if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_BODY) {
            return child;
        }
        if (const GumboNode* found = find_body(child); found != nullptr && child->type == GUMBO_NODE_ELEMENT &&
                                                         child->v.element.tag == GUMBO_TAG_HTML) {
            return found;
        }
    }
    return nullptr;
}

class BlockWalker {
public:
    BlockWalker(const dom::Document& document, const BlockFilter* filter) : document_(document), filter_(filter) {}

    std::vector<HtmlBlock> walk(const GumboNode* body) {
        children(body);
        flush();
        return std::move(blocks_);
    }

private:
    struct Open {
        std::string_view tag;
        std::string_view classes;
        std::string_view label;
    };

    void children(const GumboNode* node) {
        const GumboVector* list = dom::child_nodes(node);
        for (unsigned i = 0; list != nullptr && i < list->length; ++i) {
            visit(static_cast<const GumboNode*>(list->data[i]));
        }
    }

    void visit(const GumboNode* node) {
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA) {
            text(node->v.text.text);
            return;
        }
        if (node->type != GUMBO_NODE_ELEMENT) {
            return; // comments; template contents are never text
        }
        const std::string_view tag = document_.tag_name(node);
        if (is_skipped_tag(tag)) {
            return;
        }
        const std::string_view classes = dom::attribute(node, "class").value_or("");
        if (filter_ != nullptr && filter_->drop(tag, classes)) {
            // A dropped block still ends the text before it.
            if (is_block_tag(tag)) {
                flush();
            }
            return;
        }
        if (tag == "br") {
            current_.push_back('\n');
            return;
        }
        if (tag == "img") {
            has_image_ = true;
            return;
        }
        const bool block = is_block_tag(tag);
        if (block) {
            flush();
            open_.push_back(Open{tag, classes, dom::attribute(node, "label").value_or("")});
        }
        children(node);
        if (block) {
            flush();
            open_.pop_back();
        }
    }

    // Source line breaks are white space (only <br> makes a line break), except that a line break between
    // two CJK characters renders as nothing, as the host's text() does (CSS Text 3, 4.1.2).
    void text(std::string_view decoded) {
        for (std::size_t i = 0; i < decoded.size();) {
            if (!is_space(decoded[i])) {
                current_.push_back(decoded[i++]);
                continue;
            }
            std::size_t end = i;
            bool line_break = false;
            while (end < decoded.size() && is_space(decoded[end])) {
                line_break = line_break || decoded[end] == '\n';
                ++end;
            }
            const bool joins_cjk = line_break && end < decoded.size() && ends_wide(current_) &&
                                   starts_wide(decoded.substr(end));
            if (!joins_cjk) {
                current_.push_back(' ');
            }
            i = end;
        }
    }

    void flush() {
        std::size_t begin = 0;
        while (begin < current_.size() && is_space(current_[begin])) {
            ++begin;
        }
        const bool blank = begin == current_.size() || only_white(std::string_view(current_).substr(begin));
        if (!blank || has_image_) {
            HtmlBlock block;
            block.text = blank ? std::string() : current_;
            block.has_image = has_image_;
            if (!open_.empty()) {
                block.tag = std::string(open_.back().tag);
                block.classes = std::string(open_.back().classes);
                block.label = std::string(open_.back().label);
            }
            blocks_.push_back(std::move(block));
        }
        current_.clear();
        has_image_ = false;
    }

    const dom::Document& document_;
    const BlockFilter* filter_;
    std::vector<Open> open_;
    std::string current_;
    bool has_image_ = false;
    std::vector<HtmlBlock> blocks_;
};

struct OutputDeleter {
    void operator()(GumboOutput* output) const noexcept { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

} // namespace

std::vector<HtmlBlock> html_blocks(std::string_view html, const BlockFilter* filter) {
    const std::unique_ptr<dom::Document> document = dom::Document::parse(html);
    const GumboNode* body = find_body(document->root());
    if (body == nullptr) {
        return {};
    }
    return BlockWalker(*document, filter).walk(body);
}

std::string html_text(std::string_view html) {
    std::string out;
    for (const HtmlBlock& block : html_blocks(html)) {
        if (!out.empty()) {
            out += "\n\n";
        }
        out += block.text;
    }
    return out;
}

std::string decode_entities(std::string_view text) {
    if (text.find('&') == std::string_view::npos) {
        return std::string(text);
    }
    // In a <textarea> (RCDATA) only character references are markup; '<' is escaped first so that no
    // "</textarea" in the text can end it early.
    std::string input;
    input.reserve(text.size() + 16);
    for (const char c : text) {
        if (c == '<') {
            input += "&lt;";
        } else {
            input.push_back(c);
        }
    }
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    options.fragment_context = GUMBO_TAG_TEXTAREA;
    options.fragment_namespace = GUMBO_NAMESPACE_HTML;
    const std::unique_ptr<GumboOutput, OutputDeleter> output(gumbo_parse_with_options(&options, input.data(),
                                                                                      input.size()));
    std::string out;
    const GumboNode* root = output->root; // the <html> element standing for the context
    for (unsigned i = 0; i < root->v.element.children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(root->v.element.children.data[i]);
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE) {
            out += child->v.text.text;
        }
    }
    return out;
}

} // namespace newsarc::web
