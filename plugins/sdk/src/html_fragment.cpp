// A small, forgiving HTML fragment reader that turns an article body held in JSON into block texts.
#include "newsarc/html_fragment.hpp"

#include <cstdint>
#include <optional>
#include <utility>

namespace newsarc::plugin_html {
namespace {

bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

char lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
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

bool is_void_tag(std::string_view tag) noexcept {
    for (const std::string_view name :
         {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "area", "base", "col", "embed", "param",
          "track"}) {
        if (tag == name) {
            return true;
        }
    }
    return false;
}

bool is_raw_text_tag(std::string_view tag) noexcept {
    return tag == "script" || tag == "style" || tag == "template" || tag == "textarea" || tag == "noscript";
}

void append_utf8(std::string& out, std::uint32_t code) {
    if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        code = 0xFFFD;
    }
    if (code < 0x80) {
        out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code >> 6)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (code >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
}

std::optional<std::uint32_t> named_entity(std::string_view name) noexcept {
    struct Entity {
        std::string_view name;
        std::uint32_t code;
    };
    static constexpr Entity kEntities[] = {
        {"amp", '&'},       {"lt", '<'},         {"gt", '>'},         {"quot", '"'},      {"apos", '\''},
        {"nbsp", 0xA0},     {"ensp", 0x2002},    {"emsp", 0x2003},    {"thinsp", 0x2009}, {"ldquo", 0x201C},
        {"rdquo", 0x201D},  {"lsquo", 0x2018},   {"rsquo", 0x2019},   {"mdash", 0x2014},  {"ndash", 0x2013},
        {"hellip", 0x2026}, {"middot", 0x00B7},  {"bull", 0x2022},    {"times", 0x00D7},  {"divide", 0x00F7},
        {"copy", 0x00A9},   {"reg", 0x00AE},     {"trade", 0x2122},   {"yen", 0x00A5},    {"deg", 0x00B0},
        {"plusmn", 0x00B1}, {"laquo", 0x00AB},   {"raquo", 0x00BB},   {"permil", 0x2030}, {"rarr", 0x2192},
        {"larr", 0x2190},   {"uarr", 0x2191},    {"darr", 0x2193},    {"sup2", 0x00B2},   {"sup3", 0x00B3},
    };
    for (const Entity& entity : kEntities) {
        if (entity.name == name) {
            return entity.code;
        }
    }
    return std::nullopt;
}

struct Tag {
    std::string name;
    std::string classes;
    std::string label;
    bool closing = false;
    bool self_closing = false;
};

/// Parses the tag starting at html[at] == '<'; sets `end` past its '>' (or to the end of input).
std::optional<Tag> parse_tag(std::string_view html, std::size_t at, std::size_t& end) {
    std::size_t i = at + 1;
    Tag tag;
    if (i < html.size() && html[i] == '/') {
        tag.closing = true;
        ++i;
    }
    const std::size_t name_start = i;
    while (i < html.size() && !is_space(html[i]) && html[i] != '>' && html[i] != '/') {
        tag.name.push_back(lower(html[i]));
        ++i;
    }
    if (i == name_start || !((html[name_start] >= 'a' && html[name_start] <= 'z') ||
                             (html[name_start] >= 'A' && html[name_start] <= 'Z'))) {
        return std::nullopt;
    }
    // Attributes: name[=value], value quoted with " or ' or bare.
    while (i < html.size() && html[i] != '>') {
        if (is_space(html[i])) {
            ++i;
            continue;
        }
        if (html[i] == '/') {
            tag.self_closing = true;
            ++i;
            continue;
        }
        std::string attribute;
        while (i < html.size() && !is_space(html[i]) && html[i] != '=' && html[i] != '>' && html[i] != '/') {
            attribute.push_back(lower(html[i]));
            ++i;
        }
        while (i < html.size() && is_space(html[i])) {
            ++i;
        }
        std::string value;
        if (i < html.size() && html[i] == '=') {
            ++i;
            while (i < html.size() && is_space(html[i])) {
                ++i;
            }
            if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
                const char quote = html[i++];
                const std::size_t close = html.find(quote, i);
                const std::size_t stop = close == std::string_view::npos ? html.size() : close;
                value = std::string(html.substr(i, stop - i));
                i = stop == html.size() ? stop : stop + 1;
            } else {
                while (i < html.size() && !is_space(html[i]) && html[i] != '>') {
                    value.push_back(html[i]);
                    ++i;
                }
            }
        }
        if (attribute.empty()) {
            ++i; // a stray character such as '"': skip it
        } else if (attribute == "class") {
            tag.classes = decode_entities(value);
        } else if (attribute == "label") {
            tag.label = decode_entities(value);
        }
    }
    end = i < html.size() ? i + 1 : html.size();
    return tag;
}

struct Open {
    std::string name;
    std::string classes;
    std::string label;
    bool block = false;
};

class Reader {
public:
    explicit Reader(DropPredicate drop) : drop_(drop) {}

    std::vector<Block> read(std::string_view html) {
        std::size_t i = 0;
        while (i < html.size()) {
            const std::size_t lt = html.find('<', i);
            const std::size_t text_end = lt == std::string_view::npos ? html.size() : lt;
            if (text_end > i) {
                text(html.substr(i, text_end - i));
            }
            if (lt == std::string_view::npos) {
                break;
            }
            if (html.substr(lt).starts_with("<!--")) {
                const std::size_t close = html.find("-->", lt + 4);
                i = close == std::string_view::npos ? html.size() : close + 3;
                continue;
            }
            if (html.substr(lt).starts_with("<!") || html.substr(lt).starts_with("<?")) {
                const std::size_t close = html.find('>', lt);
                i = close == std::string_view::npos ? html.size() : close + 1;
                continue;
            }
            std::size_t end = lt + 1;
            const std::optional<Tag> tag = parse_tag(html, lt, end);
            if (!tag) {
                text("<");
                i = lt + 1;
                continue;
            }
            i = end;
            if (tag->closing) {
                close(tag->name);
                continue;
            }
            if (is_raw_text_tag(tag->name)) {
                const std::string closing = "</" + tag->name;
                std::size_t close_at = i;
                while (close_at < html.size()) {
                    close_at = html.find("</", close_at);
                    if (close_at == std::string_view::npos) {
                        break;
                    }
                    std::size_t k = 0;
                    while (k < closing.size() && close_at + k < html.size() &&
                           lower(html[close_at + k]) == closing[k]) {
                        ++k;
                    }
                    if (k == closing.size()) {
                        break;
                    }
                    close_at += 2;
                }
                if (close_at == std::string_view::npos || close_at >= html.size()) {
                    i = html.size();
                } else {
                    const std::size_t gt = html.find('>', close_at);
                    i = gt == std::string_view::npos ? html.size() : gt + 1;
                }
                continue;
            }
            open(*tag);
        }
        flush();
        return std::move(blocks_);
    }

private:
    bool dropping() const noexcept { return drop_depth_ != 0; }

    void text(std::string_view raw) {
        if (dropping()) {
            return;
        }
        // Source line breaks are white space (only <br> makes a line break), except that a line break between
        // two CJK characters renders as nothing, as the host's text() does (CSS Text 3, 4.1.2).
        const std::string decoded = decode_entities(raw);
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
                                   starts_wide(std::string_view(decoded).substr(end));
            if (!joins_cjk) {
                current_.push_back(' ');
            }
            i = end;
        }
    }

    // U+2E80..U+A4CF, U+F900..U+FAFF, U+FE30..U+FE4F, U+FF00..U+FF60: the three-byte forms only.
    static bool is_wide_code(std::uint32_t c) noexcept {
        return (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
               (c >= 0xFF00 && c <= 0xFF60);
    }
    static std::uint32_t three_byte_code(std::string_view bytes) noexcept {
        return (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[0]) & 0x0F) << 12) |
               (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[1]) & 0x3F) << 6) |
               (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[2]) & 0x3F));
    }
    static bool starts_wide(std::string_view text) noexcept {
        return text.size() >= 3 && (static_cast<unsigned char>(text[0]) & 0xF0) == 0xE0 &&
               is_wide_code(three_byte_code(text));
    }
    static bool ends_wide(std::string_view text) noexcept {
        return text.size() >= 3 && (static_cast<unsigned char>(text[text.size() - 3]) & 0xF0) == 0xE0 &&
               is_wide_code(three_byte_code(text.substr(text.size() - 3)));
    }

    void open(const Tag& tag) {
        const bool dropped = drop_ != nullptr && drop_(tag.name, tag.classes);
        if (tag.name == "br") {
            if (!dropping()) {
                current_.push_back('\n');
            }
            return;
        }
        if (tag.name == "img") {
            if (!dropping() && !dropped) {
                has_image_ = true;
            }
            return;
        }
        if (is_void_tag(tag.name) || tag.self_closing) {
            if (is_block_tag(tag.name)) {
                flush();
            }
            return;
        }
        const bool block = is_block_tag(tag.name);
        if (block) {
            flush();
        }
        // A new <p> or <li> implicitly closes an open one of the same kind.
        if ((tag.name == "p" || tag.name == "li") && !stack_.empty() && stack_.back().name == tag.name) {
            close(tag.name);
        }
        if (stack_.size() >= kMaxDepth) {
            return; // deeper nesting is read as text of the innermost kept element (hostile input stays linear)
        }
        stack_.push_back(Open{tag.name, tag.classes, tag.label, block});
        if (dropped && !dropping()) {
            drop_depth_ = stack_.size();
        }
    }

    void close(const std::string& name) {
        // Pop to the matching element; an end tag with no open element is ignored.
        std::size_t match = stack_.size();
        while (match > 0 && stack_[match - 1].name != name) {
            --match;
        }
        if (match == 0) {
            return;
        }
        bool block = false;
        for (std::size_t k = match - 1; k < stack_.size(); ++k) {
            block = block || stack_[k].block;
        }
        if (block) {
            flush();
        }
        stack_.resize(match - 1);
        if (dropping() && stack_.size() < drop_depth_) {
            drop_depth_ = 0;
        }
    }

    void flush() {
        std::size_t begin = 0;
        while (begin < current_.size() && (is_space(current_[begin]) || current_[begin] == '\n')) {
            ++begin;
        }
        const bool blank = begin == current_.size() || only_white(std::string_view(current_).substr(begin));
        if (!blank || has_image_) {
            Block block;
            block.text = blank ? std::string() : current_;
            block.has_image = has_image_;
            for (std::size_t k = stack_.size(); k > 0; --k) {
                if (stack_[k - 1].block) {
                    block.tag = stack_[k - 1].name;
                    block.classes = stack_[k - 1].classes;
                    block.label = stack_[k - 1].label;
                    break;
                }
            }
            blocks_.push_back(std::move(block));
        }
        current_.clear();
        has_image_ = false;
    }

    // ASCII white space, U+00A0 (C2 A0) and U+3000 (E3 80 80) only.
    static bool only_white(std::string_view text) noexcept {
        for (std::size_t i = 0; i < text.size();) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (is_space(text[i]) || c == '\n') {
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

    static constexpr std::size_t kMaxDepth = 256;

    DropPredicate drop_;
    std::vector<Open> stack_;
    std::size_t drop_depth_ = 0;
    std::string current_;
    bool has_image_ = false;
    std::vector<Block> blocks_;
};

} // namespace

std::string decode_entities(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out.push_back(text[i]);
            continue;
        }
        const std::size_t semicolon = text.find(';', i + 1);
        if (semicolon == std::string_view::npos || semicolon - i > 12) {
            out.push_back('&');
            continue;
        }
        const std::string_view name = text.substr(i + 1, semicolon - i - 1);
        std::optional<std::uint32_t> code;
        if (name.size() > 1 && name[0] == '#') {
            std::uint32_t value = 0;
            const bool hex = name[1] == 'x' || name[1] == 'X';
            bool valid = name.size() > (hex ? 2U : 1U);
            for (std::size_t k = hex ? 2 : 1; k < name.size() && valid; ++k) {
                const char c = name[k];
                int digit = -1;
                if (c >= '0' && c <= '9') {
                    digit = c - '0';
                } else if (hex && c >= 'a' && c <= 'f') {
                    digit = c - 'a' + 10;
                } else if (hex && c >= 'A' && c <= 'F') {
                    digit = c - 'A' + 10;
                }
                valid = digit >= 0 && value < 0x110000;
                value = value * (hex ? 16U : 10U) + static_cast<std::uint32_t>(digit < 0 ? 0 : digit);
            }
            if (valid) {
                code = value;
            }
        } else {
            code = named_entity(name);
        }
        if (!code) {
            out.push_back('&');
            continue;
        }
        append_utf8(out, *code);
        i = semicolon;
    }
    return out;
}

bool has_word(std::string_view words, std::string_view word) noexcept {
    std::size_t start = 0;
    while (start < words.size()) {
        while (start < words.size() && is_space(words[start])) {
            ++start;
        }
        std::size_t end = start;
        while (end < words.size() && !is_space(words[end])) {
            ++end;
        }
        if (end > start && words.substr(start, end - start) == word) {
            return true;
        }
        start = end;
    }
    return false;
}

std::vector<Block> blocks(std::string_view html, DropPredicate drop) {
    return Reader(drop).read(html);
}

} // namespace newsarc::plugin_html
