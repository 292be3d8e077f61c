// limit_depth: a light tag scanner that estimates the HTML tree builder's nesting and removes start tags
// (and their end tags) that would nest deeper than the limit, before gumbo parses the page.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "newsarc/dom/document.hpp"

namespace newsarc::dom {
namespace {

// How many formatting elements may be "active" (implicitly closed, to be reopened by the tree builder before
// the next text) before new formatting start tags are dropped: each active one is reopened after every block,
// so an unbounded list multiplies the node count.
constexpr std::size_t kMaxActiveFormatting = 16;

enum Flag : std::uint32_t {
    kVoid = 1U << 0,        // no end tag, never on the stack
    kRawText = 1U << 1,     // content is text up to the matching end tag
    kPlaintext = 1U << 2,   // the rest of the document is text
    kClosesP = 1U << 3,     // a start tag that closes an open <p>
    kFormatting = 1U << 4,  // kept in the list of active formatting elements
    kMarker = 1U << 5,      // td, th, caption, table...: bounds the active formatting elements
    kForeign = 1U << 6,     // svg, math: "/>" self-closes inside
    kHeading = 1U << 7,
    kListItem = 1U << 8,    // li
    kDefinition = 1U << 9,  // dd, dt
    kCell = 1U << 10,       // td, th
    kRow = 1U << 11,        // tr
    kOption = 1U << 12,     // option, optgroup
    kSelfNesting = 1U << 13, // a, nobr, button: a start tag closes an open one
};

std::uint64_t name_hash(std::string_view name) noexcept {
    std::uint64_t hash = 1469598103934665603ULL;
    for (char c : name) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
        hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    return hash;
}

const std::unordered_map<std::uint64_t, std::uint32_t>& tag_flags() {
    static const std::unordered_map<std::uint64_t, std::uint32_t> table = [] {
        std::unordered_map<std::uint64_t, std::uint32_t> flags;
        const auto add = [&](std::initializer_list<std::string_view> names, std::uint32_t flag) {
            for (const std::string_view name : names) {
                flags[name_hash(name)] |= flag;
            }
        };
        add({"area", "base", "basefont", "bgsound", "br", "col", "command", "embed", "frame", "hr", "image", "img",
             "input", "keygen", "link", "menuitem", "meta", "param", "source", "track", "wbr"},
            kVoid);
        add({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"}, kRawText);
        add({"plaintext"}, kPlaintext);
        add({"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
             "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p",
             "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing", "form", "li", "dd",
             "dt", "table", "hr", "xmp"},
            kClosesP);
        add({"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"},
            kFormatting);
        add({"applet", "object", "marquee", "td", "th", "caption", "table", "template", "html"}, kMarker);
        add({"svg", "math"}, kForeign);
        add({"h1", "h2", "h3", "h4", "h5", "h6"}, kHeading);
        add({"li"}, kListItem);
        add({"dd", "dt"}, kDefinition);
        add({"td", "th"}, kCell);
        add({"tr"}, kRow);
        add({"option", "optgroup"}, kOption);
        add({"a", "nobr", "button"}, kSelfNesting);
        return flags;
    }();
    return table;
}

std::uint32_t flags_of(std::uint64_t hash) {
    const auto& table = tag_flags();
    const auto found = table.find(hash);
    return found == table.end() ? 0 : found->second;
}

bool is_alpha(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Case-insensitive search for "</name" from `from`; npos when absent.
std::size_t find_end_tag(std::string_view html, std::string_view name, std::size_t from) {
    while (true) {
        const std::size_t at = html.find("</", from);
        if (at == std::string_view::npos) {
            return at;
        }
        const std::string_view candidate = html.substr(at + 2, name.size());
        if (candidate.size() == name.size() && name_hash(candidate) == name_hash(name)) {
            return at;
        }
        from = at + 2;
    }
}

struct OpenElement {
    std::uint64_t name;
    std::uint32_t flags;
    std::size_t active_before; // the active formatting count when a marker element was opened
};

class Scanner {
public:
    Scanner(std::string_view html, std::size_t max_depth, std::string* out)
        : html_(html), max_depth_(max_depth), out_(out) {}

    // Returns true when some start tag had to be dropped.
    bool run() {
        std::size_t i = 0;
        const std::size_t n = html_.size();
        while (i < n) {
            const std::size_t lt = html_.find('<', i);
            if (lt == std::string_view::npos || lt + 1 >= n) {
                break;
            }
            const char next = html_[lt + 1];
            if (html_.substr(lt, 4) == "<!--") {
                const std::size_t end = html_.find("-->", lt + 4);
                i = end == std::string_view::npos ? n : end + 3;
            } else if (next == '!' || next == '?') {
                const std::size_t end = html_.find('>', lt);
                i = end == std::string_view::npos ? n : end + 1;
            } else if (next == '/' && lt + 2 < n && is_alpha(html_[lt + 2])) {
                const std::size_t name_end = scan_name(lt + 2);
                const std::size_t close = html_.find('>', name_end);
                const std::size_t tag_end = close == std::string_view::npos ? n : close + 1;
                if (!end_tag(name_hash(html_.substr(lt + 2, name_end - lt - 2)))) {
                    drop(lt, tag_end);
                }
                i = tag_end;
            } else if (is_alpha(next)) {
                const std::size_t name_end = scan_name(lt + 1);
                const std::string_view name = html_.substr(lt + 1, name_end - lt - 1);
                bool self_closing = false;
                const std::size_t tag_end = scan_attributes(name_end, self_closing);
                const std::uint64_t hash = name_hash(name);
                const std::uint32_t flags = flags_of(hash);
                i = tag_end;
                if ((flags & kPlaintext) != 0) {
                    break;
                }
                if ((flags & kRawText) != 0) {
                    const std::size_t end = find_end_tag(html_, name, tag_end);
                    i = end == std::string_view::npos ? n : end;
                    continue;
                }
                if (!start_tag(hash, flags, self_closing)) {
                    drop(lt, tag_end);
                }
            } else {
                i = lt + 1;
            }
        }
        if (out_ != nullptr) {
            out_->append(html_.substr(copied_));
        }
        return dropped_any_;
    }

private:
    std::size_t scan_name(std::size_t i) const {
        while (i < html_.size() && !is_space(html_[i]) && html_[i] != '/' && html_[i] != '>') {
            ++i;
        }
        return i;
    }

    // Skips attributes up to and including '>'; returns the offset after the tag.
    std::size_t scan_attributes(std::size_t i, bool& self_closing) const {
        const std::size_t n = html_.size();
        while (i < n) {
            const char c = html_[i];
            if (c == '>') {
                return i + 1;
            }
            if (c == '/' && i + 1 < n && html_[i + 1] == '>') {
                self_closing = true;
                return i + 2;
            }
            if (c == '=') {
                ++i;
                while (i < n && is_space(html_[i])) {
                    ++i;
                }
                if (i < n && (html_[i] == '"' || html_[i] == '\'')) {
                    const std::size_t close = html_.find(html_[i], i + 1);
                    i = close == std::string_view::npos ? n : close + 1;
                }
                continue;
            }
            ++i;
        }
        return n;
    }

    void drop(std::size_t begin, std::size_t end) {
        dropped_any_ = true;
        if (out_ != nullptr) {
            out_->append(html_.substr(copied_, begin - copied_));
            copied_ = end;
        }
    }

    // Pops the stack down to (and including) index `target`; elements above it close implicitly.
    void pop_to(std::size_t target) {
        while (stack_.size() > target) {
            const OpenElement element = stack_.back();
            stack_.pop_back();
            const bool implicit = stack_.size() > target;
            if ((element.flags & kMarker) != 0) {
                active_ = element.active_before;
            } else if (implicit && (element.flags & kFormatting) != 0) {
                ++active_;
            }
            if ((element.flags & kForeign) != 0 && foreign_depth_ > 0) {
                --foreign_depth_;
            }
        }
    }

    // Finds the topmost open element matching `accept` within the top `window` entries, stopping at an element
    // matching `barrier`; npos when none.
    template <typename Accept, typename Barrier>
    std::size_t find_open(std::size_t window, Accept accept, Barrier barrier) const {
        const std::size_t stop = stack_.size() > window ? stack_.size() - window : 0;
        for (std::size_t i = stack_.size(); i > stop; --i) {
            const OpenElement& element = stack_[i - 1];
            if (accept(element)) {
                return i - 1;
            }
            if (barrier(element)) {
                return std::string_view::npos;
            }
        }
        return std::string_view::npos;
    }

    bool start_tag(std::uint64_t name, std::uint32_t flags, bool self_closing) {
        if ((flags & kVoid) != 0 || (self_closing && foreign_depth_ > 0)) {
            return true;
        }
        const auto never = [](const OpenElement&) { return false; };
        const auto has = [](std::uint32_t flag) { return [flag](const OpenElement& e) { return (e.flags & flag) != 0; }; };
        std::size_t close = std::string_view::npos;
        if ((flags & kSelfNesting) != 0) {
            close = find_open(stack_.size(), [name](const OpenElement& e) { return e.name == name; }, has(kMarker));
        } else if ((flags & kListItem) != 0) {
            static const std::uint64_t kUl = name_hash("ul");
            static const std::uint64_t kOl = name_hash("ol");
            close = find_open(8, has(kListItem), [](const OpenElement& e) { return e.name == kUl || e.name == kOl; });
        } else if ((flags & kDefinition) != 0) {
            static const std::uint64_t kDl = name_hash("dl");
            close = find_open(8, has(kDefinition), [](const OpenElement& e) { return e.name == kDl; });
        } else if ((flags & kCell) != 0 || (flags & kRow) != 0) {
            static const std::uint64_t kTable = name_hash("table");
            const std::uint32_t target = (flags & kCell) != 0 ? kCell : (kRow | kCell);
            close = find_open(8, has(target), [](const OpenElement& e) { return e.name == kTable; });
            if (close != std::string_view::npos && (flags & kRow) != 0) {
                // A new row closes the open row (and the cell inside it).
                const std::size_t row = find_open(8, has(kRow), never);
                close = row == std::string_view::npos ? close : row;
            }
        } else if ((flags & kOption) != 0) {
            close = find_open(2, has(kOption), never);
        } else if ((flags & kHeading) != 0 && !stack_.empty() && (stack_.back().flags & kHeading) != 0) {
            close = stack_.size() - 1;
        }
        if (close == std::string_view::npos && (flags & kClosesP) != 0) {
            static const std::uint64_t kP = name_hash("p");
            close = find_open(4, [](const OpenElement& e) { return e.name == kP; }, never);
        }
        if (close != std::string_view::npos) {
            pop_to(close);
        }
        const bool formatting = (flags & kFormatting) != 0;
        if (stack_.size() + active_ >= max_depth_ || (formatting && active_ >= kMaxActiveFormatting)) {
            ++dropped_[name];
            return false;
        }
        stack_.push_back(OpenElement{name, flags, active_});
        if ((flags & kForeign) != 0) {
            ++foreign_depth_;
        }
        return true;
    }

    bool end_tag(std::uint64_t name) {
        for (std::size_t i = stack_.size(); i > 0; --i) {
            if (stack_[i - 1].name == name) {
                pop_to(i - 1);
                return true;
            }
        }
        const auto dropped = dropped_.find(name);
        if (dropped != dropped_.end() && dropped->second > 0) {
            --dropped->second;
            return false;
        }
        if ((flags_of(name) & kFormatting) != 0 && active_ > 0) {
            --active_;
        }
        return true;
    }

    std::string_view html_;
    std::size_t max_depth_;
    std::string* out_;
    std::size_t copied_ = 0;
    bool dropped_any_ = false;
    std::vector<OpenElement> stack_;
    std::size_t active_ = 0;
    std::size_t foreign_depth_ = 0;
    std::unordered_map<std::uint64_t, std::size_t> dropped_;
};

} // namespace

std::optional<std::string> limit_depth(std::string_view html, std::size_t max_depth) {
    if (!Scanner(html, max_depth, nullptr).run()) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(html.size());
    Scanner(html, max_depth, &out).run();
    return out;
}

} // namespace newsarc::dom
