// scan_links: <a>/<area href> discovery in one pass over the HTML text, without building a tree. It follows gumbo's
// tokenizer wherever that decides what is a tag (comments, raw text, quoting, character references) and the few
// tree-builder rules that hide or reveal tags (<select>, <svg>/<math>, <frameset>), so it finds what extract_links
// finds at a small part of the cost.
#include "newsarc/crawl/links.hpp"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <optional>

#include "newsarc/base/utf8.hpp"
#include "unique_links.hpp"

namespace newsarc::crawl {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

bool is_alpha(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

bool is_alnum(char c) noexcept {
    return is_alpha(c) || is_digit(c);
}

// The tokenizer's white space (CR counts: the input stream turns it into LF).
bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

char to_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_lower(a[i]) != to_lower(b[i])) {
            return false;
        }
    }
    return true;
}

/// Offset after the first `c` at or after `from`, or kNone.
std::size_t skip_past(std::string_view html, char c, std::size_t from) {
    if (from >= html.size()) {
        return kNone;
    }
    const void* found = std::memchr(html.data() + from, c, html.size() - from);
    return found == nullptr ? kNone : static_cast<std::size_t>(static_cast<const char*>(found) - html.data()) + 1;
}

// ---- Tags ----

/// An attribute value as written (quotes excluded), and its quote: '"', '\'' or 0 when unquoted.
struct RawValue {
    std::string_view text;
    char quote = 0;
};

struct Tag {
    std::array<char, 16> buffer{};
    std::string_view raw_name;    ///< as written
    std::string_view name;        ///< lower case; empty when too long to be a name the scanner knows
    bool end = false;
    bool self_closing = false;
    std::optional<RawValue> href; ///< the first href (in foreign content also xlink:href) of a, area and base
    bool font_breakout = false;   ///< a color, face or size attribute: makes <font> leave foreign content
};

/// Parses the tag whose name starts at `pos` (just after "<" or "</") as the tokenizer's tag states do, up to and
/// including its '>'. Returns the offset after the tag, or kNone when the input ends first (the tokenizer then drops
/// the tag). Duplicate attributes: the first one wins, as in gumbo.
std::size_t parse_tag(std::string_view html, std::size_t pos, bool foreign, Tag& tag) {
    const std::size_t n = html.size();
    const std::size_t name_start = pos;
    while (pos < n && !is_space(html[pos]) && html[pos] != '/' && html[pos] != '>') {
        ++pos;
    }
    tag.raw_name = html.substr(name_start, pos - name_start);
    if (tag.raw_name.size() <= tag.buffer.size()) {
        for (std::size_t i = 0; i < tag.raw_name.size(); ++i) {
            tag.buffer[i] = to_lower(tag.raw_name[i]);
        }
        tag.name = std::string_view(tag.buffer.data(), tag.raw_name.size());
    }
    const bool wants_href = !tag.end && (tag.name == "a" || tag.name == "area" || tag.name == "base");
    const bool wants_font = foreign && !tag.end && tag.name == "font";
    while (true) {
        while (pos < n && is_space(html[pos])) {
            ++pos;
        }
        if (pos >= n) {
            return kNone;
        }
        if (html[pos] == '>') {
            return pos + 1;
        }
        if (html[pos] == '/') {
            if (++pos >= n) {
                return kNone;
            }
            if (html[pos] == '>') {
                tag.self_closing = true;
                return pos + 1;
            }
            continue; // a lone '/' is dropped; what follows starts an attribute name
        }
        // The first character of a name may be anything, '=' and quotes included.
        const std::size_t attribute_start = pos++;
        while (pos < n && !is_space(html[pos]) && html[pos] != '/' && html[pos] != '>' && html[pos] != '=') {
            ++pos;
        }
        const std::string_view attribute = html.substr(attribute_start, pos - attribute_start);
        while (pos < n && is_space(html[pos])) {
            ++pos;
        }
        if (pos >= n) {
            return kNone;
        }
        RawValue value;
        if (html[pos] == '=') {
            ++pos;
            while (pos < n && is_space(html[pos])) {
                ++pos;
            }
            if (pos >= n) {
                return kNone;
            }
            const char c = html[pos];
            if (c == '"' || c == '\'') {
                const std::size_t after = skip_past(html, c, pos + 1);
                if (after == kNone) {
                    return kNone;
                }
                value = RawValue{html.substr(pos + 1, after - pos - 2), c};
                pos = after;
            } else if (c != '>') {
                const std::size_t start = pos;
                while (pos < n && !is_space(html[pos]) && html[pos] != '>') {
                    ++pos;
                }
                value = RawValue{html.substr(start, pos - start), 0};
            }
        }
        // gumbo renames xlink:href to href on foreign elements, so <svg><a xlink:href> is a link too.
        if (wants_href && !tag.href &&
            (iequals(attribute, "href") || (foreign && iequals(attribute, "xlink:href")))) {
            tag.href = value;
        }
        if (wants_font && (iequals(attribute, "color") || iequals(attribute, "face") || iequals(attribute, "size"))) {
            tag.font_breakout = true;
        }
    }
}

/// What a start tag in HTML content does to the scan.
enum class Kind : std::uint8_t {
    other,
    link,      ///< a, area
    base,
    script,    ///< script data up to </script>, with its <!-- escapes
    raw_text,  ///< style, xmp, iframe, noembed, noframes: text up to the end tag
    title,     ///< RCDATA: text up to </title>
    textarea,  ///< RCDATA, and closes an open <select>
    plaintext, ///< the rest of the input is text
    foreign,   ///< svg, math
    select,
    input,      ///< input, keygen: close an open <select>
    table,
    table_part, ///< caption, tbody, tfoot, thead, tr, td, th: close a <select> inside a table
    frameset,   ///< replaces the body, links and all, unless content came first
    template_element,
};

Kind classify(std::string_view name) noexcept {
    switch (name.size()) {
    case 1:
        return name == "a" ? Kind::link : Kind::other;
    case 2:
        return (name == "tr" || name == "td" || name == "th") ? Kind::table_part : Kind::other;
    case 3:
        return name == "svg" ? Kind::foreign : name == "xmp" ? Kind::raw_text : Kind::other;
    case 4:
        return name == "area" ? Kind::link : name == "base" ? Kind::base : name == "math" ? Kind::foreign : Kind::other;
    case 5:
        if (name == "style") {
            return Kind::raw_text;
        }
        if (name == "title") {
            return Kind::title;
        }
        if (name == "table") {
            return Kind::table;
        }
        if (name == "input") {
            return Kind::input;
        }
        return (name == "tbody" || name == "tfoot" || name == "thead") ? Kind::table_part : Kind::other;
    case 6:
        return name == "script"   ? Kind::script
               : name == "iframe" ? Kind::raw_text
               : name == "select" ? Kind::select
               : name == "keygen" ? Kind::input
                                  : Kind::other;
    case 7:
        return name == "noembed" ? Kind::raw_text : name == "caption" ? Kind::table_part : Kind::other;
    case 8:
        if (name == "template") {
            return Kind::template_element;
        }
        return name == "noframes"   ? Kind::raw_text
               : name == "textarea" ? Kind::textarea
               : name == "frameset" ? Kind::frameset
                                    : Kind::other;
    case 9:
        return name == "plaintext" ? Kind::plaintext : Kind::other;
    default:
        return Kind::other;
    }
}

/// The HTML start tags that end foreign content (the tree builder's "breakout" list; <font> only with
/// color, face or size).
bool breaks_out(const Tag& tag) {
    static constexpr std::array<std::string_view, 44> kNames = {
        "b",  "big", "blockquote", "body", "br",   "center", "code",    "dd",  "div",   "dl",    "dt",
        "em", "embed", "h1",       "h2",   "h3",   "h4",     "h5",      "h6",  "head",  "hr",    "i",
        "img", "li", "listing",    "menu", "meta", "nobr",   "ol",      "p",   "pre",   "ruby",  "s",
        "small", "span", "strong", "strike", "sub", "sup",   "table",   "tt",  "u",     "ul",    "var"};
    if (tag.name == "font") {
        return tag.font_breakout;
    }
    for (const std::string_view name : kNames) {
        if (tag.name == name) {
            return true;
        }
    }
    return false;
}

/// The start tags after which a <frameset> is ignored (they set the tree builder's frameset-ok flag to "not ok").
/// Approximations: <input type=hidden> does not, and an open <template> (not a closed one) makes it ignored.
bool disallows_frameset(std::string_view name) {
    static constexpr std::array<std::string_view, 25> kNames = {
        "applet", "area",    "body",    "br",       "button", "dd",     "dt",     "embed",  "hr",
        "iframe", "image",   "img",     "input",    "keygen", "li",     "listing", "marquee", "object",
        "pre",    "select",  "table",   "template", "textarea", "wbr",  "xmp"};
    for (const std::string_view candidate : kNames) {
        if (name == candidate) {
            return true;
        }
    }
    return false;
}

/// Whether `text` holds a character other than white space and NUL (which the tree builder drops in the body).
bool has_content(std::string_view text) noexcept {
    for (const char c : text) {
        if (!is_space(c) && c != '\0') {
            return true;
        }
    }
    return false;
}

// ---- Raw text ----

/// Whether `html` at `pos` holds "</" + `name` (any case) + white space, '/' or '>': an end tag that closes raw text.
bool is_end_tag(std::string_view html, std::size_t pos, std::string_view name) {
    if (pos + name.size() + 2 >= html.size() || html[pos] != '<' || html[pos + 1] != '/') {
        return false;
    }
    const char after = html[pos + 2 + name.size()];
    return iequals(html.substr(pos + 2, name.size()), name) && (is_space(after) || after == '/' || after == '>');
}

/// Offset of the end tag that closes the RAWTEXT or RCDATA element `name` whose text starts at `pos`, or kNone.
std::size_t raw_text_end(std::string_view html, std::size_t pos, std::string_view name) {
    while (pos < html.size()) {
        const std::size_t after = skip_past(html, '<', pos);
        if (after == kNone) {
            return kNone;
        }
        if (is_end_tag(html, after - 1, name)) {
            return after - 1;
        }
        pos = after;
    }
    return kNone;
}

/// Whether `html` at `pos` holds "<script" (any case) + white space, '/' or '>'; sets `after` past that character.
bool is_script_start(std::string_view html, std::size_t pos, std::size_t& after) {
    constexpr std::string_view kScript = "script";
    if (pos + kScript.size() + 1 >= html.size() || !iequals(html.substr(pos + 1, kScript.size()), kScript)) {
        return false;
    }
    const char c = html[pos + 1 + kScript.size()];
    after = pos + kScript.size() + 2;
    return is_space(c) || c == '/' || c == '>';
}

/// Offset of the </script> that closes a script whose text starts at `pos`, or kNone. Follows the script data
/// states: "<!--" escapes the text up to "-->", and inside that escape "<script" starts a nested script whose
/// "</script>" does not close the element (so document.write("<script>...</script>") stays text).
std::size_t script_end(std::string_view html, std::size_t pos) {
    enum class State { data, escaped, double_escaped } state = State::data;
    // Where a "-->" may start: the dashes of "<!--" count, so "<!-->" ends the escape at once.
    std::size_t dashes_from = pos;
    while (pos < html.size()) {
        const std::size_t after = skip_past(html, '<', pos);
        const std::size_t lt = after == kNone ? html.size() : after - 1;
        if (state != State::data) {
            // Only the text before the next '<' is searched, so each byte is looked at once.
            const std::size_t close = html.substr(0, lt).find("-->", dashes_from);
            if (close != kNone) {
                state = State::data;
                pos = close + 3;
                continue;
            }
        }
        if (after == kNone) {
            return kNone;
        }
        std::size_t past = 0;
        if (state == State::double_escaped) {
            if (html.compare(lt, 2, "</") == 0 && is_script_start(html, lt + 1, past)) {
                state = State::escaped;
                pos = dashes_from = past;
                continue;
            }
        } else if (is_end_tag(html, lt, "script")) {
            return lt;
        } else if (state == State::data && html.compare(lt, 4, "<!--") == 0) {
            state = State::escaped;
            dashes_from = lt + 2;
            pos = lt + 4;
            continue;
        } else if (state == State::escaped && is_script_start(html, lt, past)) {
            state = State::double_escaped;
            pos = dashes_from = past;
            continue;
        }
        pos = after;
        dashes_from = std::max(dashes_from, pos);
    }
    return kNone;
}

// ---- The scan ----

class Scanner {
public:
    explicit Scanner(std::string_view html) : html_(html) {}

    /// Collects the href of every <a>/<area> the tree builder would create, and the first <base href>.
    void run() {
        const std::size_t n = html_.size();
        std::size_t pos = 0;
        while (pos < n) {
            const std::size_t after = skip_past(html_, '<', pos);
            if (after == kNone || after >= n) {
                return; // no further tag; a '<' at the very end is text
            }
            const std::size_t lt = after - 1;
            const char next = html_[after];
            if (frameset_ok_ && has_content(html_.substr(pos, lt - pos))) {
                frameset_ok_ = false;
            }
            if (is_alpha(next) || (next == '/' && after + 1 < n && is_alpha(html_[after + 1]))) {
                Tag tag;
                tag.end = next == '/';
                pos = parse_tag(html_, tag.end ? after + 1 : after, in_foreign(), tag);
                if (pos != kNone) {
                    pos = tag.end ? end_tag(tag, pos) : start_tag(tag, pos);
                }
            } else if (next == '/') {
                // "</>" is dropped; "</" and anything but a letter is a bogus comment; "</" at the end is text.
                pos = after + 1 >= n ? kNone : html_[after + 1] == '>' ? after + 2 : skip_past(html_, '>', after + 1);
            } else if (next == '!') {
                pos = markup_declaration(lt);
            } else if (next == '?') {
                pos = skip_past(html_, '>', after + 1); // a bogus comment
            } else {
                pos = after; // a '<' that starts no tag is text
                frameset_ok_ = false;
            }
        }
    }

    [[nodiscard]] std::size_t link_count() const noexcept { return links_.size(); }
    [[nodiscard]] RawValue link(std::size_t i) const noexcept {
        const Packed& packed = links_[i];
        return RawValue{html_.substr(packed.offset, packed.size), packed.quote};
    }
    [[nodiscard]] const std::optional<RawValue>& base() const noexcept { return base_; }

private:
    /// An open element of foreign content (svg, math and what they contain), or an HTML integration point
    /// (<foreignObject>, <desc>, <title> in svg; <mi> ... <mtext> in math) whose content is HTML again.
    struct Open {
        std::string_view name;
        bool island = false;
        bool svg = false; ///< inside <svg> rather than <math>
    };
    // Deeper foreign nesting is not tracked (its end tags then close outer elements early); real SVG stays far
    // below, and the bound keeps the end-tag search short on hostile pages.
    static constexpr std::size_t kMaxOpen = 64;

    [[nodiscard]] bool in_foreign() const noexcept { return !open_.empty() && !open_.back().island; }

    /// After "<!": a comment, a CDATA section (foreign content only), or else a doctype or bogus comment, all of
    /// which end at the first '>'. Returns the offset after it, or kNone when the input ends first.
    std::size_t markup_declaration(std::size_t lt) const {
        if (html_.compare(lt, 4, "<!--") == 0) {
            return comment_end(lt + 4);
        }
        // CDATA needs a foreign current node: inside svg or math, integration points included (HTML elements inside
        // those are not tracked).
        if (!open_.empty() && html_.compare(lt + 2, 7, "[CDATA[") == 0) {
            const std::size_t close = html_.find("]]>", lt + 9);
            return close == kNone ? kNone : close + 3;
        }
        return skip_past(html_, '>', lt + 2);
    }

    /// The comment states: "<!-->" and "<!--->" are whole comments; otherwise the first "-->" or "--!>" ends it
    /// (more dashes before the '>' are allowed).
    std::size_t comment_end(std::size_t pos) const {
        if (html_.compare(pos, 1, ">") == 0) {
            return pos + 1;
        }
        if (html_.compare(pos, 2, "->") == 0) {
            return pos + 2;
        }
        while (true) {
            const std::size_t dashes = html_.find("--", pos);
            if (dashes == kNone) {
                return kNone;
            }
            pos = dashes + 2;
            while (pos < html_.size() && html_[pos] == '-') {
                ++pos;
            }
            if (html_.compare(pos, 1, ">") == 0) {
                return pos + 1;
            }
            if (html_.compare(pos, 2, "!>") == 0) {
                return pos + 2;
            }
        }
    }

    /// Applies a start tag that ended at `pos`; returns where the scan goes on (after the element's raw text when it
    /// has one), or kNone when the rest of the input is text.
    std::size_t start_tag(const Tag& tag, std::size_t pos) {
        if (in_foreign()) {
            if (!breaks_out(tag)) {
                foreign_start_tag(tag);
                return pos;
            }
            leave_foreign();
        }
        const Kind kind = classify(tag.name);
        if (in_select_) {
            // "In select" drops every start tag but a few; <a>, <base> and <style> included.
            switch (kind) {
            case Kind::script:
                return script_end(html_, pos);
            case Kind::select:
            case Kind::input:
                in_select_ = false;
                return pos;
            case Kind::textarea:
                in_select_ = false;
                break;
            case Kind::table:
            case Kind::table_part:
                if (table_depth_ == 0) {
                    return pos;
                }
                in_select_ = false;
                break;
            case Kind::template_element:
                // Template contents are parsed as a body again, up to </template>.
                in_select_ = false;
                ++select_templates_;
                ++templates_;
                return pos;
            default:
                return pos;
            }
        }
        if (frameset_ok_ && disallows_frameset(tag.name)) {
            frameset_ok_ = false;
        }
        switch (kind) {
        case Kind::link:
            if (tag.href) {
                add_link(*tag.href);
            }
            break;
        case Kind::base:
            if (tag.href && !base_) {
                base_ = tag.href;
            }
            break;
        case Kind::script:
            return script_end(html_, pos);
        case Kind::raw_text:
        case Kind::title:
        case Kind::textarea:
            return raw_text_end(html_, pos, tag.name);
        case Kind::plaintext:
            return kNone;
        case Kind::foreign:
            if (!tag.self_closing && open_.size() < kMaxOpen) {
                open_.push_back(Open{tag.raw_name, false, tag.name == "svg"});
            }
            break;
        case Kind::select:
            in_select_ = true;
            break;
        case Kind::table:
            ++table_depth_;
            break;
        case Kind::template_element:
            ++templates_;
            break;
        case Kind::frameset:
            if (!frameset_ok_) {
                break; // ignored after content
            }
            // The frameset replaces the body with the links in it, and nothing after it makes a link. (A <base>
            // in the body goes too, which is not modelled: <base> belongs in the head.)
            links_.clear();
            return kNone;
        default:
            break;
        }
        return pos;
    }

    /// A start tag inside svg or math: no raw text there, "/>" closes, and the integration points hold HTML.
    void foreign_start_tag(const Tag& tag) {
        if (tag.href && (tag.name == "a" || tag.name == "area")) {
            add_link(*tag.href);
        } else if (tag.href && tag.name == "base" && !base_) {
            base_ = tag.href;
        }
        if (tag.self_closing || open_.size() >= kMaxOpen) {
            return;
        }
        const bool svg = open_.back().svg; // inside svg, <math> is an svg element, and the other way round
        const bool island = svg ? (tag.name == "foreignobject" || tag.name == "desc" || tag.name == "title")
                                : (tag.name == "mi" || tag.name == "mo" || tag.name == "mn" || tag.name == "ms" ||
                                   tag.name == "mtext");
        open_.push_back(Open{tag.raw_name, island, svg});
    }

    /// Pops foreign elements down to the nearest integration point (or out of foreign content).
    void leave_foreign() {
        while (in_foreign()) {
            open_.pop_back();
        }
    }

    std::size_t end_tag(const Tag& tag, std::size_t pos) {
        // An end tag closes the innermost open foreign element of its name (integration points included).
        for (std::size_t i = open_.size(); i > 0; --i) {
            if (iequals(open_[i - 1].name, tag.raw_name)) {
                open_.resize(i - 1);
                return pos;
            }
        }
        if (in_foreign()) {
            // One that matches none goes to the HTML rules, which mostly ignore it. (They close the foreign content
            // when it names an open HTML element, say an unclosed <svg> inside a <div> that ends; not modelled:
            // the next HTML start tag such as <div> or <p> ends the foreign content anyway.)
            return pos;
        }
        const Kind kind = classify(tag.name);
        if (tag.name == "br") {
            frameset_ok_ = false; // </br> is read as <br>
        }
        if (kind == Kind::template_element && templates_ > 0) {
            --templates_;
            if (select_templates_ > 0) {
                --select_templates_;
                in_select_ = true; // back in the <select> that holds the template
                return pos;
            }
            in_select_ = false; // closes a <select> inside it too
            return pos;
        }
        if (in_select_) {
            if (kind == Kind::select || ((kind == Kind::table || kind == Kind::table_part) && table_depth_ > 0)) {
                in_select_ = false;
            } else {
                return pos;
            }
        }
        if (kind == Kind::table && table_depth_ > 0) {
            --table_depth_;
        }
        return pos;
    }

    /// A link's href as a place in html_ (12 bytes, not a view's 24: a page may hold 150,000 of them).
    struct Packed {
        std::uint32_t offset = 0;
        std::uint32_t size = 0;
        char quote = 0;
    };
    void add_link(const RawValue& value) {
        // An empty value may not point into the page (an attribute without "=value").
        const std::size_t offset = value.text.empty() ? 0 : static_cast<std::size_t>(value.text.data() - html_.data());
        links_.push_back(Packed{static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(value.text.size()),
                                value.quote});
    }

    std::string_view html_;
    std::deque<Packed> links_; // not a vector: growing one briefly holds two copies
    std::optional<RawValue> base_;
    std::vector<Open> open_;
    bool in_select_ = false;
    std::size_t templates_ = 0;        ///< open <template> elements
    std::size_t select_templates_ = 0; ///< those of them opened inside a <select>
    bool frameset_ok_ = true; ///< no content yet that makes the tree builder ignore a <frameset>
    std::size_t table_depth_ = 0; ///< open <table> elements, to know when "in select in table" rules apply
};

// ---- Attribute values ----

/// Names of U+00A0..U+00FF, all of which may also be written without their semicolon.
constexpr std::array<std::string_view, 96> kLatin1Names = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",    "copy",   "ordf",
    "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn", "sup2",   "sup3",   "acute",  "micro",
    "para",   "middot", "cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave",
    "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",
    "Igrave", "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",
    "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",  "szlig",  "agrave", "aacute",
    "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil", "egrave", "eacute", "ecirc",  "euml",   "igrave",
    "iacute", "icirc",  "iuml",   "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide",
    "oslash", "ugrave", "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};

struct NamedReference {
    std::string_view name;
    std::uint32_t code_point;
    bool legacy; ///< may be written without its semicolon
};

constexpr std::array<NamedReference, 11> kOtherNames = {{{"amp", '&', true},
                                                         {"lt", '<', true},
                                                         {"gt", '>', true},
                                                         {"quot", '"', true},
                                                         {"apos", '\'', false},
                                                         {"AMP", '&', true},
                                                         {"LT", '<', true},
                                                         {"GT", '>', true},
                                                         {"QUOT", '"', true},
                                                         {"COPY", 0xA9, true},
                                                         {"REG", 0xAE, true}}};

/// The code point of named reference `name`, or 0 when this table does not have it. These are all 106 names that
/// may go without a semicolon, plus &apos;; the other 2,000 names need their semicolon.
std::uint32_t named_reference(std::string_view name, bool with_semicolon) noexcept {
    for (const NamedReference& reference : kOtherNames) {
        if (reference.name == name) {
            return (with_semicolon || reference.legacy) ? reference.code_point : 0;
        }
    }
    for (std::size_t i = 0; i < kLatin1Names.size(); ++i) {
        if (kLatin1Names[i] == name) {
            return static_cast<std::uint32_t>(0xA0 + i);
        }
    }
    return 0;
}

/// What a numeric reference stands for: NUL, surrogates and values past U+10FFFF become U+FFFD, and 0x80-0x9F are
/// read as windows-1252, as in gumbo (whose parse wraps at 32 bits like `value` does).
std::uint32_t numeric_reference(std::uint32_t value) noexcept {
    static constexpr std::array<std::uint16_t, 32> kWindows1252 = {
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
    if (value >= 0x80 && value <= 0x9F) {
        return kWindows1252[value - 0x80];
    }
    if (value == 0 || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
        return 0xFFFD;
    }
    return value;
}

/// Length of the UTF-8 sequence at `i` when gumbo keeps it as it is, else 0: invalid sequences and the code points
/// its input stream replaces by U+FFFD (C1 controls, noncharacters) are left to gumbo.
std::size_t kept_utf8_length(std::string_view text, std::size_t i) noexcept {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t c = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        c = lead & 0x1FU;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        c = lead & 0x0FU;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        c = lead & 0x07U;
    } else {
        return 0;
    }
    if (i + length > text.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k) {
        const auto byte = static_cast<unsigned char>(text[i + k]);
        if ((byte & 0xC0U) != 0x80) {
            return 0;
        }
        c = (c << 6) | (byte & 0x3FU);
    }
    const bool overlong = (length == 3 && c < 0x800) || (length == 4 && c < 0x10000);
    if (overlong || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) || (c >= 0x80 && c <= 0x9F) ||
        (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFEU) == 0xFFFE) {
        return 0;
    }
    return length;
}

/// Decodes the character reference at `text[i]` (an '&') into `out`, as gumbo does inside an attribute value.
/// Returns the offset after it, or kNone when only gumbo knows: a name with a semicolon outside this table.
std::size_t decode_reference(std::string_view text, std::size_t i, std::string& out) {
    std::size_t k = i + 1;
    if (k < text.size() && text[k] == '#') {
        const bool hex = k + 1 < text.size() && (text[k + 1] == 'x' || text[k + 1] == 'X');
        k += hex ? 2 : 1;
        const std::size_t digits = k;
        std::uint32_t value = 0;
        for (; k < text.size(); ++k) {
            const char c = text[k];
            int digit = -1;
            if (is_digit(c)) {
                digit = c - '0';
            } else if (hex && to_lower(c) >= 'a' && to_lower(c) <= 'f') {
                digit = to_lower(c) - 'a' + 10;
            }
            if (digit < 0) {
                break;
            }
            // Wraps at 32 bits as gumbo's int does (one it would read as negative becomes U+FFFD here).
            value = value * (hex ? 16U : 10U) + static_cast<std::uint32_t>(digit);
        }
        if (k == digits) {
            out += '&'; // "&#" or "&#x" without digits stays as written
            return i + 1;
        }
        if (k < text.size() && text[k] == ';') {
            ++k;
        }
        utf8::append(out, numeric_reference(value));
        return k;
    }
    while (k < text.size() && is_alnum(text[k])) {
        ++k;
    }
    const std::string_view name = text.substr(i + 1, k - i - 1);
    if (k < text.size() && text[k] == ';') {
        if (const std::uint32_t c = named_reference(name, true); c != 0) {
            utf8::append(out, c);
            return k + 1;
        }
        if (!name.empty() && is_alpha(name.front()) && name.size() <= 32) {
            return kNone;
        }
    } else if (k >= text.size() || text[k] != '=') {
        // Without a semicolon only the legacy names count, and in an attribute not before '=' or an alphanumeric
        // (which the maximal run above excludes): "?a=1&copy=2" keeps its "&copy".
        if (const std::uint32_t c = named_reference(name, false); c != 0) {
            utf8::append(out, c);
            return k;
        }
    }
    out.append(text.substr(i, k - i));
    return k;
}

/// The value gumbo gives an attribute written as `raw`, in `out`. False when only gumbo can spell it the same way
/// (a named reference it alone knows, or NUL, CR, control or invalid UTF-8 bytes that its input stream rewrites).
bool decode_value(std::string_view raw, std::string& out) {
    out.clear();
    out.reserve(raw.size());
    std::size_t i = 0;
    while (i < raw.size()) {
        const char c = raw[i];
        const auto byte = static_cast<unsigned char>(c);
        if (c == '&') {
            i = decode_reference(raw, i, out);
            if (i == kNone) {
                return false;
            }
        } else if (byte >= 0x80) {
            const std::size_t length = kept_utf8_length(raw, i);
            if (length == 0) {
                return false;
            }
            out.append(raw.substr(i, length));
            i += length;
        } else if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\f') || byte == 0x7F) {
            return false;
        } else {
            out += c;
            ++i;
        }
    }
    return true;
}

struct Href {
    RawValue raw;
    std::string value; ///< decoded
};

/// Decodes the values decode_value could not with one gumbo parse of a small page holding just those attributes:
/// exact, and bounded by gumbo's cost on text no longer than the page.
void decode_with_gumbo(const std::vector<Href*>& pending) {
    std::string page;
    for (const Href* href : pending) {
        page += "<a href=";
        if (href->raw.quote != 0) {
            page += href->raw.quote;
        }
        page += href->raw.text;
        if (href->raw.quote != 0) {
            page += href->raw.quote;
        }
        page += "></a>";
    }
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    GumboOutput* output = gumbo_parse_with_options(&options, page.data(), page.size());
    std::vector<const char*> values;
    const GumboVector& sections = output->root->v.element.children;
    for (unsigned i = 0; i < sections.length; ++i) {
        const auto* section = static_cast<const GumboNode*>(sections.data[i]);
        if (section->type != GUMBO_NODE_ELEMENT || section->v.element.tag != GUMBO_TAG_BODY) {
            continue;
        }
        const GumboVector& children = section->v.element.children;
        for (unsigned j = 0; j < children.length; ++j) {
            const auto* child = static_cast<const GumboNode*>(children.data[j]);
            if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_A) {
                const GumboAttribute* href = gumbo_get_attribute(&child->v.element.attributes, "href");
                values.push_back(href != nullptr ? href->value : nullptr);
            }
        }
    }
    // One <a> per value is what gumbo makes of this page; should it ever not, the values stay as written.
    for (std::size_t i = 0; i < pending.size(); ++i) {
        const bool found = values.size() == pending.size() && values[i] != nullptr;
        pending[i]->value = found ? std::string(values[i]) : std::string(pending[i]->raw.text);
    }
    gumbo_destroy_output(&options, output);
}

} // namespace

void scan_links(std::string_view html_utf8, std::string_view page_url, const UrlOptions& options,
                const std::function<void(std::string&& url)>& each) {
    Scanner scanner(html_utf8);
    scanner.run();

    // The rare value only gumbo can decode is decoded first, all of them in one parse; every other value is
    // decoded when its turn comes, so nothing per link is held but the scanner's views into the page.
    std::vector<std::size_t> pending_at;
    std::vector<Href> pending;
    std::string value;
    const std::size_t count = scanner.link_count();
    for (std::size_t i = 0; i < count; ++i) {
        const RawValue raw = scanner.link(i);
        if (!decode_value(raw.text, value)) {
            pending_at.push_back(i);
            pending.push_back(Href{raw, {}});
        }
    }
    std::optional<Href> base;
    if (scanner.base()) {
        base = Href{*scanner.base(), {}};
    }
    std::vector<Href*> undecoded;
    for (Href& href : pending) {
        undecoded.push_back(&href);
    }
    if (base && !decode_value(base->raw.text, base->value)) {
        undecoded.push_back(&*base);
    }
    if (!undecoded.empty()) {
        decode_with_gumbo(undecoded);
    }

    std::string base_url(page_url);
    if (base) {
        // Only the first <base href> counts, and only if it resolves (as in extract_links).
        if (auto resolved = resolve_url(page_url, base->value, options)) {
            base_url = std::move(resolved.value());
        }
    }
    auto resolver = web::UrlResolver::for_base(base_url);
    if (!resolver) {
        return; // no link resolves against a base curl cannot parse
    }
    std::size_t next_pending = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const std::string* decoded = &value;
        if (next_pending < pending_at.size() && pending_at[next_pending] == i) {
            decoded = &pending[next_pending++].value;
        } else {
            decode_value(scanner.link(i).text, value);
        }
        if (auto resolved = resolver->resolve(*decoded, options)) {
            each(std::move(resolved.value()));
        }
    }
}

std::vector<std::string> scan_links(std::string_view html_utf8, std::string_view page_url,
                                    const UrlOptions& options) {
    return unique_links([&](const auto& each) { scan_links(html_utf8, page_url, options, each); });
}

} // namespace newsarc::crawl
