// text(): the readable text of a node (blocks as paragraph breaks, white space collapsed), iteratively.
#include "newsarc/dom/text.hpp"

#include <array>
#include <string_view>
#include <vector>

#include "newsarc/dom/document.hpp"

namespace newsarc::dom {
namespace {

enum class Role : unsigned char { inline_, block, line_break, cell, skip, pre };

const std::array<Role, GUMBO_TAG_LAST + 1>& roles() {
    static const std::array<Role, GUMBO_TAG_LAST + 1> table = [] {
        std::array<Role, GUMBO_TAG_LAST + 1> made{};
        made.fill(Role::inline_);
        for (const GumboTag tag :
             {GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE, GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY,
              GUMBO_TAG_CENTER, GUMBO_TAG_DD, GUMBO_TAG_DETAILS, GUMBO_TAG_DIR, GUMBO_TAG_DIV,
              GUMBO_TAG_DL, GUMBO_TAG_DT, GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE, GUMBO_TAG_FOOTER,
              GUMBO_TAG_FORM, GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6,
              GUMBO_TAG_HEADER, GUMBO_TAG_HGROUP, GUMBO_TAG_HR, GUMBO_TAG_HTML, GUMBO_TAG_LI, GUMBO_TAG_MAIN,
              GUMBO_TAG_MENU, GUMBO_TAG_NAV, GUMBO_TAG_OL, GUMBO_TAG_P, GUMBO_TAG_SECTION, GUMBO_TAG_SUMMARY,
              GUMBO_TAG_TABLE, GUMBO_TAG_CAPTION, GUMBO_TAG_THEAD, GUMBO_TAG_TBODY, GUMBO_TAG_TFOOT, GUMBO_TAG_TR,
              GUMBO_TAG_UL, GUMBO_TAG_LEGEND, GUMBO_TAG_TITLE, GUMBO_TAG_VIDEO, GUMBO_TAG_AUDIO}) {
            made[tag] = Role::block;
        }
        for (const GumboTag tag : {GUMBO_TAG_PRE, GUMBO_TAG_LISTING, GUMBO_TAG_XMP, GUMBO_TAG_PLAINTEXT}) {
            made[tag] = Role::pre;
        }
        made[GUMBO_TAG_BR] = Role::line_break;
        made[GUMBO_TAG_TD] = Role::cell;
        made[GUMBO_TAG_TH] = Role::cell;
        for (const GumboTag tag :
             {GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_NOSCRIPT, GUMBO_TAG_TEMPLATE, GUMBO_TAG_HEAD,
              GUMBO_TAG_IFRAME, GUMBO_TAG_OBJECT, GUMBO_TAG_SELECT, GUMBO_TAG_SVG, GUMBO_TAG_TEXTAREA,
              GUMBO_TAG_NOFRAMES, GUMBO_TAG_NOEMBED, GUMBO_TAG_APPLET, GUMBO_TAG_EMBED}) {
            made[tag] = Role::skip;
        }
        return made;
    }();
    return table;
}

// True for code points that CSS treats as East Asian wide for segment-break removal (CJK, kana, fullwidth).
bool is_wide(char32_t c) noexcept {
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
           (c >= 0x20000 && c <= 0x3FFFD);
}

// Decodes the code point at text[i]; `length` gets its byte length (1 for an invalid byte).
char32_t decode(std::string_view text, std::size_t i, std::size_t& length) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b0 = byte(i);
    length = 1;
    if (b0 < 0x80) {
        return b0;
    }
    std::size_t need = 0;
    char32_t value = 0;
    if ((b0 & 0xE0) == 0xC0) {
        need = 1;
        value = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        need = 2;
        value = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        need = 3;
        value = b0 & 0x07;
    } else {
        return 0xFFFD;
    }
    if (i + need >= text.size()) {
        return 0xFFFD;
    }
    for (std::size_t k = 1; k <= need; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            return 0xFFFD;
        }
        value = (value << 6) | (byte(i + k) & 0x3F);
    }
    length = need + 1;
    return value;
}

class TextBuilder {
public:
    enum Break : unsigned char { none = 0, space = 1, line = 2, paragraph = 3 };

    void request(Break strength) noexcept {
        if (strength > pending_) {
            pending_ = strength;
        }
    }

    // Collapsible text: runs of white space (ASCII, U+00A0, U+3000) become one pending space.
    void add(std::string_view text) {
        for (std::size_t i = 0; i < text.size();) {
            std::size_t length = 1;
            const char32_t c = decode(text, i, length);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0xA0 || c == 0x3000 ||
                c == 0xFEFF) {
                if (pending_ == none) {
                    pending_ = space;
                    segment_break_ = false;
                }
                segment_break_ = segment_break_ || c == '\n';
            } else {
                emit(text.substr(i, length), c);
            }
            i += length;
        }
    }

    // Preformatted text: spaces kept, newlines become line breaks.
    void add_pre(std::string_view text) {
        for (std::size_t i = 0; i < text.size();) {
            std::size_t length = 1;
            const char32_t c = decode(text, i, length);
            if (c == '\n') {
                request(line);
            } else if (c == '\r') {
                // CR LF: the LF makes the break.
            } else {
                emit(text.substr(i, length), c);
            }
            i += length;
        }
    }

    std::string take() { return std::move(out_); }

private:
    void emit(std::string_view bytes, char32_t c) {
        if (!out_.empty()) {
            switch (pending_) {
            case space:
                // A source line break between two CJK characters renders as nothing (CSS Text 3, 4.1.2).
                if (!(segment_break_ && last_wide_ && is_wide(c))) {
                    out_.push_back(' ');
                }
                break;
            case line:
                out_.push_back('\n');
                break;
            case paragraph:
                out_.append("\n\n");
                break;
            case none:
                break;
            }
        }
        pending_ = none;
        segment_break_ = false;
        out_.append(bytes);
        last_wide_ = is_wide(c);
    }

    std::string out_;
    Break pending_ = none;
    bool segment_break_ = false;
    bool last_wide_ = false;
};

bool hidden(const GumboNode* node) {
    if (attribute(node, "hidden")) {
        return true;
    }
    const auto style = attribute(node, "style");
    if (!style) {
        return false;
    }
    // "display:none" with any spacing and case.
    std::string compact;
    for (const char c : *style) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            compact.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
        }
    }
    return compact.find("display:none") != std::string::npos;
}

} // namespace

std::string text(const GumboNode* node, const TextOptions& options) {
    TextBuilder builder;
    if (node == nullptr) {
        return {};
    }
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE) {
        builder.add(node->v.text.text);
        return builder.take();
    }
    struct Frame {
        const GumboVector* children;
        unsigned index;
        Role role;
    };
    const GumboVector* top = child_nodes(node);
    if (top == nullptr) {
        return {};
    }
    const auto& role_of = roles();
    std::vector<Frame> stack;
    std::size_t pre_depth = 0;
    const Role top_role = is_element(node) && role_of[node->v.element.tag] == Role::pre ? Role::pre : Role::inline_;
    pre_depth += top_role == Role::pre ? 1 : 0;
    stack.push_back(Frame{top, 0, top_role});
    while (!stack.empty()) {
        Frame& frame = stack.back();
        if (frame.index >= frame.children->length) {
            const Role role = frame.role;
            stack.pop_back();
            if (role == Role::block || role == Role::pre) {
                builder.request(TextBuilder::paragraph);
            } else if (role == Role::cell) {
                builder.request(TextBuilder::space);
            }
            if (role == Role::pre && pre_depth > 0) {
                --pre_depth;
            }
            continue;
        }
        const auto* child = static_cast<const GumboNode*>(frame.children->data[frame.index++]);
        switch (child->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
        case GUMBO_NODE_WHITESPACE:
            if (pre_depth > 0) {
                builder.add_pre(child->v.text.text);
            } else {
                builder.add(child->v.text.text);
            }
            break;
        case GUMBO_NODE_ELEMENT: {
            const Role role = role_of[child->v.element.tag];
            if (role == Role::skip || (options.skip != nullptr && options.skip->contains(child)) || hidden(child)) {
                break;
            }
            if (role == Role::line_break) {
                builder.request(TextBuilder::line);
                break;
            }
            if (role == Role::block || role == Role::pre) {
                builder.request(TextBuilder::paragraph);
            } else if (role == Role::cell) {
                builder.request(TextBuilder::space);
            }
            if (role == Role::pre) {
                ++pre_depth;
            }
            stack.push_back(Frame{&child->v.element.children, 0, role});
            break;
        }
        default:
            break; // comments, templates, documents
        }
    }
    return builder.take();
}

std::string raw_text(const GumboNode* node) {
    std::string out;
    if (node == nullptr) {
        return out;
    }
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE) {
        return node->v.text.text;
    }
    std::vector<std::pair<const GumboVector*, unsigned>> stack;
    if (const GumboVector* top = child_nodes(node)) {
        stack.emplace_back(top, 0U);
    }
    while (!stack.empty()) {
        auto& [children, index] = stack.back();
        if (index >= children->length) {
            stack.pop_back();
            continue;
        }
        const auto* child = static_cast<const GumboNode*>(children->data[index++]);
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA ||
            child->type == GUMBO_NODE_WHITESPACE) {
            out.append(child->v.text.text);
        } else if (const GumboVector* grand = child_nodes(child)) {
            stack.emplace_back(grand, 0U);
        }
    }
    return out;
}

} // namespace newsarc::dom
