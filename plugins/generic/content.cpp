// Content finder of the generic extractor: one pass over gumbo's tree collects per-element text statistics,
// readability-style scores pick the body, and a second walk turns it into paragraphs.
#include "content.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string_view>
#include <utility>

namespace newsarc::generic {
namespace {

bool is_element(const GumboNode* node) noexcept {
    return node != nullptr && (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE);
}

std::string_view attribute(const GumboNode* node, std::string_view name) noexcept {
    if (!is_element(node)) {
        return {};
    }
    const GumboVector& attributes = node->v.element.attributes;
    for (unsigned i = 0; i < attributes.length; ++i) {
        const auto* attr = static_cast<const GumboAttribute*>(attributes.data[i]);
        if (std::string_view(attr->name) == name) {
            return attr->value;
        }
    }
    return {};
}

bool is_skipped_tag(GumboTag tag) noexcept {
    switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
        return true;
    default:
        return false;
    }
}

bool is_block(GumboTag tag) noexcept {
    switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_CAPTION:
        return true;
    default:
        return false;
    }
}

bool is_container(GumboTag tag) noexcept {
    return tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION || tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN ||
           tag == GUMBO_TAG_TD || tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_BLOCKQUOTE || tag == GUMBO_TAG_CENTER;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

// class and id, lower-cased and joined.
std::string class_and_id(const GumboNode* node) {
    std::string text = lower(attribute(node, "class"));
    text.push_back(' ');
    text += lower(attribute(node, "id"));
    return text;
}

// Boilerplate by class/id: substrings for long words, whole tokens for short ones.
bool is_negative(const GumboNode* node) {
    const std::string names = class_and_id(node);
    if (names.size() <= 1) {
        return false;
    }
    static constexpr std::string_view kSubstrings[] = {
        "comment", "share", "related", "recommend", "copyright", "footer", "sidebar", "advert", "breadcrumb",
        "crumb", "qrcode", "login", "toolbar", "hotnews", "hot-news", "hot_news", "paging", "pagination",
        "disclaimer", "statement", "keyword", "feedback", "uninterested", "rank", "popular", "subscribe",
        "next-news", "prev-news", "bottom", "more-news"};
    for (const std::string_view word : kSubstrings) {
        if (names.find(word) != std::string::npos) {
            return true;
        }
    }
    std::size_t start = 0;
    while (start < names.size()) {
        std::size_t end = start;
        while (end < names.size() && names[end] != ' ' && names[end] != '-' && names[end] != '_') {
            ++end;
        }
        const std::string_view token = std::string_view(names).substr(start, end - start);
        static constexpr std::string_view kTokens[] = {"ad", "ads", "nav", "menu", "tags", "tag", "banner",
                                                       "sponsor", "aside", "social", "zan", "tool", "tools"};
        for (const std::string_view word : kTokens) {
            if (token == word) {
                return true;
            }
        }
        // "gg200x300": a common Chinese CMS name for ad slots (广告).
        if (token.size() > 2 && token.starts_with("gg") && token[2] >= '0' && token[2] <= '9') {
            return true;
        }
        start = end + 1;
    }
    return false;
}

bool is_positive(const GumboNode* node) {
    const std::string names = class_and_id(node);
    static constexpr std::string_view kWords[] = {"article", "content", "post_text", "post-text", "main_text",
                                                  "text", "body", "entry", "detail", "rich_media", "story",
                                                  "news_txt", "artical", "con"};
    for (const std::string_view word : kWords) {
        if (names.find(word) != std::string::npos) {
            return true;
        }
    }
    return false;
}

// Sentence punctuation at text[i] (Chinese full-width forms and a few ASCII ones); returns its byte length.
std::size_t punctuation_at(std::string_view text, std::size_t i) noexcept {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ',' || c == ';' || c == '!' || c == '?') {
        return 1;
    }
    if (c == 0xEF && i + 2 < text.size()) {
        // ，！？；：（U+FF0C U+FF01 U+FF1F U+FF1B U+FF1A）
        const auto c1 = static_cast<unsigned char>(text[i + 1]);
        const auto c2 = static_cast<unsigned char>(text[i + 2]);
        if (c1 == 0xBC && (c2 == 0x8C || c2 == 0x81 || c2 == 0x9F || c2 == 0x9B || c2 == 0x9A)) {
            return 3;
        }
    }
    if (c == 0xE3 && i + 2 < text.size()) {
        // 。、 (U+3002 U+3001)
        const auto c1 = static_cast<unsigned char>(text[i + 1]);
        const auto c2 = static_cast<unsigned char>(text[i + 2]);
        if (c1 == 0x80 && (c2 == 0x82 || c2 == 0x81)) {
            return 3;
        }
    }
    if (c == 0xE2 && i + 2 < text.size()) {
        // “” (U+201C U+201D)
        const auto c1 = static_cast<unsigned char>(text[i + 1]);
        const auto c2 = static_cast<unsigned char>(text[i + 2]);
        if (c1 == 0x80 && (c2 == 0x9C || c2 == 0x9D)) {
            return 3;
        }
    }
    return 0;
}

void count_text(std::string_view text, long& chars, long& punctuation) noexcept {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) == 0x80) {
            continue; // continuation byte
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            continue;
        }
        if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
            continue;
        }
        if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
            static_cast<unsigned char>(text[i + 2]) == 0x80) {
            continue;
        }
        ++chars;
        if (punctuation_at(text, i) > 0) {
            ++punctuation;
        }
    }
}

// count_chars, but it stops once the count passes `limit`: exact up to `limit`, some larger number beyond. The
// checks of a short line's length (captions, credits, editor lines) need no more, and they are asked of every
// paragraph: counting each long paragraph in full was a third of count_text's instructions (callgrind).
// Windows end on a character boundary, so a character is never split between two calls.
long count_chars_capped(std::string_view text, long limit) noexcept {
    constexpr std::size_t kWindow = 256;
    long chars = 0;
    long punctuation = 0;
    std::size_t begin = 0;
    while (begin < text.size() && chars <= limit) {
        std::size_t end = std::min(text.size(), begin + kWindow);
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
            ++end;
        }
        count_text(text.substr(begin, end - begin), chars, punctuation);
        begin = end;
    }
    return chars;
}

struct Entry {
    const GumboNode* node = nullptr;
    int parent = -1;
    GumboTag tag = GUMBO_TAG_UNKNOWN;
    long text = 0;        // subtree non-space characters
    long link_text = 0;   // of which inside <a>
    long punctuation = 0; // subtree
    long own_text = 0;    // text whose nearest block ancestor is this element (direct or in inline children)
    long own_link_text = 0;
    long own_punctuation = 0;
    double score = 0.0;   // propagated paragraph scores
    bool has_image = false;
    bool has_video = false;        // a <video> in the subtree (a player and its controls)
    bool has_description = false;  // the subtree holds the start of the page's own description
};

class Analysis {
public:
    Analysis(const GumboNode* body, std::string_view description_start) : description_start_(description_start) {
        build(body);
    }

    std::vector<Entry>& entries() noexcept { return entries_; }

    /// The block whose text first holds the description's start, or -1.
    [[nodiscard]] int described_block() const noexcept { return described_block_; }

    int index_of(const GumboNode* node) const {
        const auto found = std::lower_bound(sorted_.begin(), sorted_.end(), std::pair{node, 0});
        return found != sorted_.end() && found->first == node ? found->second : -1;
    }

private:
    void build(const GumboNode* body) {
        struct Frame {
            const GumboNode* node;
            int parent;
            int block; // the nearest block ancestor's entry
            bool in_link;
        };
        std::vector<Frame> stack{{body, -1, -1, false}};
        while (!stack.empty()) {
            const Frame frame = stack.back();
            stack.pop_back();
            const GumboNode* node = frame.node;
            if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
                if (frame.parent >= 0) {
                    long chars = 0;
                    long punctuation = 0;
                    count_text(node->v.text.text, chars, punctuation);
                    const std::string_view text = node->v.text.text;
                    if (described_block_ < 0 && !description_start_.empty() &&
                        text.find(description_start_) != std::string_view::npos) {
                        described_block_ = frame.block >= 0 ? frame.block : frame.parent;
                        entries_[static_cast<std::size_t>(described_block_)].has_description = true;
                    }
                    Entry& parent = entries_[static_cast<std::size_t>(frame.parent)];
                    parent.text += chars;
                    parent.punctuation += punctuation;
                    if (frame.in_link) {
                        parent.link_text += chars;
                    }
                    if (frame.block >= 0) {
                        Entry& block = entries_[static_cast<std::size_t>(frame.block)];
                        block.own_text += chars;
                        block.own_punctuation += punctuation;
                        if (frame.in_link) {
                            block.own_link_text += chars;
                        }
                    }
                }
                continue;
            }
            if (node->type != GUMBO_NODE_ELEMENT) {
                continue;
            }
            const GumboTag tag = node->v.element.tag;
            if (tag == GUMBO_TAG_IMG && frame.parent >= 0) {
                entries_[static_cast<std::size_t>(frame.parent)].has_image = true;
            }
            if (is_skipped_tag(tag) || is_hidden_element(node)) {
                continue;
            }
            const int index = static_cast<int>(entries_.size());
            Entry entry;
            entry.node = node;
            entry.parent = frame.parent;
            entry.tag = tag;
            entries_.push_back(entry);
            const bool in_link = frame.in_link || tag == GUMBO_TAG_A;
            const int block = is_block(tag) ? index : frame.block;
            const GumboVector& children = node->v.element.children;
            // Push in reverse so children are visited in document order.
            for (unsigned i = children.length; i-- > 0;) {
                stack.push_back(Frame{static_cast<const GumboNode*>(children.data[i]), index, block, in_link});
            }
        }
        // Children come after their parents: a reverse pass sums subtrees.
        for (std::size_t i = entries_.size(); i-- > 0;) {
            const Entry& entry = entries_[i];
            if (entry.parent >= 0) {
                Entry& parent = entries_[static_cast<std::size_t>(entry.parent)];
                parent.text += entry.text;
                parent.link_text += entry.link_text;
                parent.punctuation += entry.punctuation;
                parent.has_image = parent.has_image || (entry.has_image && entry.tag == GUMBO_TAG_A);
                parent.has_video = parent.has_video || entry.has_video || entry.tag == GUMBO_TAG_VIDEO;
                parent.has_description = parent.has_description || entry.has_description;
            }
        }
        sorted_.reserve(entries_.size());
        for (std::size_t i = 0; i < entries_.size(); ++i) {
            sorted_.emplace_back(entries_[i].node, static_cast<int>(i));
        }
        std::sort(sorted_.begin(), sorted_.end());
    }

    std::string_view description_start_;
    int described_block_ = -1;
    std::vector<Entry> entries_;
    std::vector<std::pair<const GumboNode*, int>> sorted_;
};

double link_density(const Entry& entry) noexcept {
    return entry.text == 0 ? 0.0 : static_cast<double>(entry.link_text) / static_cast<double>(entry.text);
}

void score_paragraphs(std::vector<Entry>& entries) {
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Entry& entry = entries[i];
        long text = 0;
        long punctuation = 0;
        if (entry.tag == GUMBO_TAG_P || entry.tag == GUMBO_TAG_PRE || entry.tag == GUMBO_TAG_BLOCKQUOTE) {
            text = entry.text - entry.link_text;
            punctuation = entry.punctuation;
        } else if (is_block(entry.tag) && entry.own_text >= 10) {
            text = entry.own_text - entry.own_link_text;
            punctuation = entry.own_punctuation;
        }
        if (text < 10 || link_density(entry) > 0.5) {
            continue;
        }
        const double score = 1.0 + static_cast<double>(punctuation) + std::min(static_cast<double>(text) / 50.0, 3.0);
        int ancestor = entry.tag == GUMBO_TAG_P || entry.tag == GUMBO_TAG_PRE ? entry.parent : static_cast<int>(i);
        for (int level = 0; ancestor >= 0 && level < 3; ++level) {
            const double divider = level == 0 ? 1.0 : (level == 1 ? 2.0 : 6.0);
            entries[static_cast<std::size_t>(ancestor)].score += score / divider;
            ancestor = entries[static_cast<std::size_t>(ancestor)].parent;
        }
    }
}

double final_score(const Entry& entry) {
    if (!is_container(entry.tag) || entry.score <= 0.0) {
        return 0.0;
    }
    double score = entry.score * (1.0 - link_density(entry));
    if (is_negative(entry.node)) {
        score *= 0.3;
    } else if (is_positive(entry.node)) {
        score *= 1.3;
    }
    return score;
}

bool is_wide(char32_t c) noexcept {
    return (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFF60) || (c >= 0x20000 && c <= 0x3FFFD);
}

// Paragraph text with white space collapsed; a source line break between two CJK characters disappears.
class ParagraphBuilder {
public:
    void add(std::string_view text) {
        for (std::size_t i = 0; i < text.size();) {
            const auto b0 = static_cast<unsigned char>(text[i]);
            std::size_t length = b0 < 0x80 ? 1 : (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 1;
            if (i + length > text.size()) {
                length = 1;
            }
            char32_t c = length == 1 ? b0 : (b0 & (0x7F >> length));
            for (std::size_t k = 1; k < length; ++k) {
                c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0xA0 || c == 0x3000 || c == 0xFEFF) {
                pending_space_ = !current_.empty();
                newline_ = newline_ || c == '\n';
            } else {
                if (pending_space_ && !(newline_ && last_wide_ && is_wide(c))) {
                    current_.push_back(' ');
                }
                pending_space_ = false;
                newline_ = false;
                current_.append(text.substr(i, length));
                last_wide_ = is_wide(c);
            }
            i += length;
        }
    }

    // Ends the current paragraph; returns it (possibly empty).
    std::string take() {
        pending_space_ = false;
        newline_ = false;
        last_wide_ = false;
        return std::exchange(current_, std::string());
    }

    [[nodiscard]] bool empty() const noexcept { return current_.empty(); }

private:
    std::string current_;
    bool pending_space_ = false;
    bool newline_ = false;
    bool last_wide_ = false;
};

struct RawParagraph {
    std::string text;
    const GumboNode* block;
    bool has_link = false; // holds a link (promotion lines at the end of a body do)
};

bool centered(const GumboNode* node) {
    const std::string classes = lower(attribute(node, "class"));
    const std::string style = lower(attribute(node, "style"));
    const std::string align = lower(attribute(node, "align"));
    return classes.find("center") != std::string::npos || style.find("text-align: center") != std::string::npos ||
           style.find("text-align:center") != std::string::npos || align == "center";
}

bool contains_image(const GumboNode* node) {
    std::vector<const GumboNode*> stack{node};
    while (!stack.empty()) {
        const GumboNode* at = stack.back();
        stack.pop_back();
        if (!is_element(at)) {
            continue;
        }
        if (at->v.element.tag == GUMBO_TAG_IMG) {
            return true;
        }
        const GumboVector& children = at->v.element.children;
        for (unsigned i = 0; i < children.length; ++i) {
            stack.push_back(static_cast<const GumboNode*>(children.data[i]));
        }
    }
    return false;
}

// True when the text under `node` holds at most `limit` non-space characters. It stops counting past the
// limit: asked for every short paragraph of the article's container, a full count made the check quadratic.
bool text_at_most(const GumboNode* node, long limit) {
    long chars = 0;
    long punctuation = 0;
    std::vector<const GumboNode*> stack{node};
    while (!stack.empty() && chars <= limit) {
        const GumboNode* at = stack.back();
        stack.pop_back();
        if (at->type == GUMBO_NODE_TEXT || at->type == GUMBO_NODE_CDATA) {
            count_text(at->v.text.text, chars, punctuation);
        } else if (is_element(at)) {
            const GumboVector& children = at->v.element.children;
            for (unsigned i = 0; i < children.length; ++i) {
                stack.push_back(static_cast<const GumboNode*>(children.data[i]));
            }
        }
    }
    return chars <= limit;
}

const GumboNode* previous_element(const GumboNode* node) {
    const GumboNode* parent = node->parent;
    if (parent == nullptr || !is_element(parent)) {
        return nullptr;
    }
    const GumboVector& siblings = parent->v.element.children;
    for (std::size_t i = node->index_within_parent; i-- > 0;) {
        const auto* sibling = static_cast<const GumboNode*>(siblings.data[i]);
        if (is_element(sibling)) {
            return sibling;
        }
    }
    return nullptr;
}

// An image caption: a short centred or figcaption block that holds an image or follows one.
bool is_caption(const RawParagraph& paragraph) {
    if (paragraph.block == nullptr || count_chars_capped(paragraph.text, 60) > 60) {
        return false;
    }
    const GumboNode* block = paragraph.block;
    if (block->v.element.tag == GUMBO_TAG_FIGCAPTION) {
        return true;
    }
    const std::string names = class_and_id(block);
    if (names.find("caption") != std::string::npos || names.find("pictext") != std::string::npos ||
        names.find("img_desc") != std::string::npos || names.find("pic_txt") != std::string::npos) {
        return true;
    }
    const long chars = count_chars_capped(paragraph.text, 60);
    // Text in the same block as an image: the image's description.
    const bool small_block = text_at_most(block, 60);
    if (small_block && contains_image(block) && chars <= 40) {
        return true;
    }
    // A caption block inside a small photo box (<div class="photo"><a><img></a><p>caption</p></div>).
    const GumboNode* box = block->parent;
    if (is_element(box) && box->v.element.tag != GUMBO_TAG_BODY && text_at_most(box, 60) &&
        contains_image(box)) {
        return true;
    }
    const GumboNode* previous = previous_element(block);
    const bool after_image = previous != nullptr && contains_image(previous) && text_at_most(previous, 0);
    if (centered(block)) {
        return (small_block && contains_image(block)) || after_image;
    }
    // A short line right under an image-only block, or a photo credit there.
    const std::string_view text = paragraph.text;
    return after_image && (chars <= 12 || text.ends_with("供图") || text.ends_with("摄") || text.ends_with("截图）") ||
                           text.ends_with("资料图"));
}

bool starts_with_any(std::string_view text, std::initializer_list<std::string_view> prefixes) {
    return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return text.starts_with(p); });
}

// Editorial lines that are not the article: original-title notes, editor and source lines, image credits.
bool is_boilerplate(std::string_view text) {
    if (starts_with_any(text, {"（原标题", "(原标题", "原标题：", "（原题为", "(原题为", "本文原标题", "原标题:", "责任编辑", "责编：", "责编:", "本文来源",
                               "文章来源：", "图片来源", "图片来自", "图片均来自", "（图片来源", "(图片来源", "图源：",
                               "点击进入", "原文链接", "声明：", "特别声明", "分享到", "扫一扫", "扫描二维码",
                               "免责声明", "版权声明", "【纠错】", "返回搜狐", "更多精彩"})) {
        return true;
    }
    const long chars = count_chars_capped(text, 60); // compared with 60 at most below
    if (chars <= 60 && starts_with_any(text, {"▲", "△"})) {
        return true; // a caption under an image, by the common Chinese convention
    }
    // "[作者: 刘满仓 责任编辑: 杨丹宇 ]": an editor line in brackets or after the author.
    if (chars <= 40 && (text.find("责任编辑") != std::string_view::npos ||
                        text.find("責任編輯") != std::string_view::npos)) {
        return true;
    }
    // "新华社发（刘满仓摄）": a photo credit on its own line.
    if (chars <= 20 && (text.ends_with("摄）") || text.ends_with("攝）") || text.ends_with("摄)"))) {
        return true;
    }
    return chars <= 30 && (starts_with_any(text, {"来源：", "来源:", "来源|", "编辑：", "编辑:", "编辑|", "作者：",
                                                  "作者:", "记者：", "校对：", "校对|", "审核：", "审核|", "责编|",
                                                  "资料图", "图为"}));
}

// A line that starts the credits at the end of an article (editor, proofreader): what follows is not the article.
bool is_credit_line(std::string_view text) {
    return count_chars_capped(text, 30) <= 30 && starts_with_any(text, {"责任编辑", "责编", "编辑：", "编辑:", "编辑|", "编辑/",
                                                             "校对", "审核"});
}

// True when the text has a letter, digit or CJK character (not only emoji, arrows and punctuation).
bool has_word_character(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return true;
        }
        // U+3400..U+9FFF: lead bytes E3 90.. to E9 BF..
        if (c >= 0xE4 && c <= 0xE9) {
            return true;
        }
        if (c == 0xE3 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x90) {
            return true;
        }
    }
    return false;
}

std::string normalized(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c != ' ' && c != '"' && c != '\'') {
            out.push_back(c);
        }
    }
    return out;
}

const GumboNode* find_body(const GumboNode* root) {
    if (root == nullptr || root->type != GUMBO_NODE_DOCUMENT) {
        return root;
    }
    const GumboVector& top = root->v.document.children;
    for (unsigned i = 0; i < top.length; ++i) {
        const auto* html = static_cast<const GumboNode*>(top.data[i]);
        if (is_element(html) && html->v.element.tag == GUMBO_TAG_HTML) {
            const GumboVector& children = html->v.element.children;
            for (unsigned k = 0; k < children.length; ++k) {
                const auto* body = static_cast<const GumboNode*>(children.data[k]);
                if (is_element(body) && body->v.element.tag == GUMBO_TAG_BODY) {
                    return body;
                }
            }
            return html;
        }
    }
    return root;
}

// The start of a page's description as it would appear in one text node of the body: its first run of up to 15
// code points without white space, after the headline when the description repeats it first; empty when
// shorter than 8 (too common to identify a paragraph).
std::string_view description_start(std::string_view description, std::string_view title) {
    if (!title.empty() && description.starts_with(title)) {
        description.remove_prefix(title.size());
        while (!description.empty() && (description[0] == '-' || description[0] == '|' || description[0] == ':' ||
                                        description[0] == '_' || description[0] == ' ')) {
            description.remove_prefix(1);
        }
    }
    std::size_t begin = 0;
    while (begin < description.size() && (description[begin] == ' ' || description[begin] == '\n' ||
                                          description[begin] == '\t' || description[begin] == '\r')) {
        ++begin;
    }
    std::size_t end = begin;
    int code_points = 0;
    while (end < description.size() && code_points < 15) {
        const auto c = static_cast<unsigned char>(description[end]);
        const bool no_break_space = c == 0xC2 && end + 1 < description.size() &&
                                    static_cast<unsigned char>(description[end + 1]) == 0xA0;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || no_break_space) {
            break;
        }
        const std::size_t length = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        end = std::min(description.size(), end + length);
        ++code_points;
    }
    return code_points >= 8 ? description.substr(begin, end - begin) : std::string_view();
}

} // namespace

long count_chars(std::string_view text) noexcept {
    long chars = 0;
    long punctuation = 0;
    count_text(text, chars, punctuation);
    return chars;
}

Content find_content(const GumboNode* root, const std::string& title, std::string_view description) {
    Content content;
    const GumboNode* body = find_body(root);
    if (!is_element(body)) {
        return content;
    }
    Analysis analysis(body, description_start(description, title));
    std::vector<Entry>& entries = analysis.entries();
    score_paragraphs(entries);
    int best = -1;
    double best_score = 0.0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const double score = final_score(entries[i]);
        if (score > best_score) {
            best_score = score;
            best = static_cast<int>(i);
        }
    }
    if (best < 0) {
        return content;
    }
    // The page's own description repeats the start of its article. When the best block does not hold it (a
    // one-paragraph article beside long teasers of other stories), the best block around the described
    // paragraph is the article, unless it scores far below.
    if (const int described = analysis.described_block();
        described >= 0 && !entries[static_cast<std::size_t>(best)].has_description) {
        int around = -1;
        double around_score = 0.0;
        for (int at = described; at >= 0; at = entries[static_cast<std::size_t>(at)].parent) {
            const double score = final_score(entries[static_cast<std::size_t>(at)]);
            if (score > around_score) {
                around_score = score;
                around = at;
            }
        }
        // Only a block beside the best one, not one holding it (that would merely widen the body to the page).
        bool holds_best = false;
        for (int at = best; at >= 0 && !holds_best; at = entries[static_cast<std::size_t>(at)].parent) {
            holds_best = at == around;
        }
        if (around >= 0 && !holds_best && around_score >= 0.2 * best_score) {
            best = around;
            best_score = around_score;
        }
    }
    // The body, plus siblings that score well and are not link lists (a body split by an ad block).
    std::vector<int> parts;
    const Entry& top = entries[static_cast<std::size_t>(best)];
    const int parent = top.parent;
    if (parent >= 0) {
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (entries[i].parent != parent) {
                continue;
            }
            // Only a sibling of the same tag and class continues the body (a promotion box beside it does not).
            const bool chosen = static_cast<int>(i) == best ||
                                (entries[i].tag == top.tag &&
                                 attribute(entries[i].node, "class") == attribute(top.node, "class") &&
                                 final_score(entries[i]) >= 0.3 * best_score && link_density(entries[i]) < 0.25 &&
                                 !is_negative(entries[i].node));
            if (chosen) {
                parts.push_back(static_cast<int>(i));
            }
        }
    } else {
        parts.push_back(best);
    }
    content.container = top.node;

    // Walk the chosen blocks, cutting paragraphs at block elements and <br>.
    std::vector<RawParagraph> raw;
    ParagraphBuilder builder;
    const GumboNode* owner = nullptr;
    bool link_seen = false;
    const auto flush = [&] {
        std::string text = builder.take();
        if (!text.empty()) {
            raw.push_back(RawParagraph{std::move(text), owner, link_seen});
        }
        link_seen = false;
    };
    for (const int part : parts) {
        const Entry& part_entry = entries[static_cast<std::size_t>(part)];
        content.text_chars += part_entry.text;
        content.link_chars += part_entry.link_text;
        content.punctuation += part_entry.punctuation;
        struct Frame {
            const GumboNode* node;
            bool exit; // a block's end marker
            const GumboNode* owner_after;
        };
        std::vector<Frame> stack{{part_entry.node, false, nullptr}};
        owner = part_entry.node;
        while (!stack.empty()) {
            const Frame frame = stack.back();
            stack.pop_back();
            if (frame.exit) {
                flush();
                owner = frame.owner_after;
                continue;
            }
            const GumboNode* node = frame.node;
            if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
                node->type == GUMBO_NODE_WHITESPACE) {
                builder.add(node->v.text.text);
                continue;
            }
            if (node->type != GUMBO_NODE_ELEMENT) {
                continue;
            }
            const GumboTag tag = node->v.element.tag;
            if (tag == GUMBO_TAG_BR) {
                flush();
                continue;
            }
            const int index = analysis.index_of(node);
            if (index < 0) {
                continue; // skipped tag or hidden
            }
            const Entry& entry = entries[static_cast<std::size_t>(index)];
            const bool is_root = node == part_entry.node;
            if (!is_root && is_block(tag)) {
                if (is_negative(node) || (entry.text > 0 && link_density(entry) > 0.6 && tag != GUMBO_TAG_P)) {
                    continue;
                }
            }
            if (!is_root && tag == GUMBO_TAG_A && is_negative(node)) {
                continue;
            }
            // A video player inside the body: its title, duration and control labels, not sentences.
            if (!is_root && is_block(tag) && entry.has_video && entry.punctuation * 20 < entry.text) {
                continue;
            }
            if (tag == GUMBO_TAG_A && entry.text > 0) {
                link_seen = true;
            }
            if (is_block(tag)) {
                flush();
                stack.push_back(Frame{nullptr, true, owner});
                owner = node;
            }
            const GumboVector& children = node->v.element.children;
            for (unsigned i = children.length; i-- > 0;) {
                stack.push_back(Frame{static_cast<const GumboNode*>(children.data[i]), false, nullptr});
            }
        }
        flush();
    }

    // Credits late in the text end the article (WeChat-style posts add account promotion after them).
    std::size_t end = raw.size();
    for (std::size_t i = raw.size() * 6 / 10; i < raw.size(); ++i) {
        if (is_credit_line(raw[i].text)) {
            end = i;
            break;
        }
    }
    raw.resize(end);
    const std::string title_key = normalized(title);
    struct Kept {
        const RawParagraph* paragraph;
        bool caption;
    };
    std::vector<Kept> kept;
    long caption_chars = 0;
    long text_chars = 0;
    for (const RawParagraph& paragraph : raw) {
        if (paragraph.text.empty() || is_boilerplate(paragraph.text) || !has_word_character(paragraph.text)) {
            continue;
        }
        if (!title_key.empty() && normalized(paragraph.text) == title_key) {
            continue;
        }
        const bool caption = is_caption(paragraph);
        (caption ? caption_chars : text_chars) += count_chars(paragraph.text);
        kept.push_back(Kept{&paragraph, caption});
    }
    // A photo story tells its news in the captions: when they outweigh the rest, they are the article.
    const bool photo_story = caption_chars > text_chars;
    std::vector<const RawParagraph*> article;
    for (const Kept& item : kept) {
        if (!item.caption || photo_story) {
            article.push_back(item.paragraph);
        }
    }
    // Promotion closes many bodies: short lines with links (an app to download, a membership offer), perhaps
    // announced by a line ending in a colon.
    bool promotion = false;
    while (article.size() > 1) {
        const RawParagraph& last = *article.back();
        const std::string_view text = last.text;
        const bool short_line = count_chars_capped(text, 80) <= 80;
        const bool link_line = last.has_link && short_line;
        const bool announces = promotion && short_line && (text.ends_with("：") || text.ends_with(":"));
        if (!link_line && !announces) {
            break;
        }
        promotion = true;
        article.pop_back();
    }
    for (const RawParagraph* paragraph : article) {
        content.paragraphs.push_back(paragraph->text);
    }
    return content;
}

bool is_editorial_line(std::string_view text) {
    return is_boilerplate(text);
}

bool looks_like_article(const Content& content) {
    long paragraph_chars = 0; // counted up to the 120 the test needs
    for (const std::string& paragraph : content.paragraphs) {
        if (paragraph_chars >= 120) {
            break;
        }
        paragraph_chars += count_chars_capped(paragraph, 120 - paragraph_chars);
    }
    const long running_text = content.text_chars - content.link_chars;
    const double links = content.text_chars == 0 ? 1.0
                                                 : static_cast<double>(content.link_chars) /
                                                       static_cast<double>(content.text_chars);
    return paragraph_chars >= 120 && running_text >= 120 && content.punctuation >= 5 && links < 0.5;
}

bool looks_like_brief(const Content& content) {
    long paragraph_chars = 0; // counted up to the 40 the test needs
    for (const std::string& paragraph : content.paragraphs) {
        if (paragraph_chars >= 40) {
            break;
        }
        paragraph_chars += count_chars_capped(paragraph, 40 - paragraph_chars);
    }
    return paragraph_chars >= 40 && content.punctuation >= 2 && content.link_chars * 4 < content.text_chars;
}

bool is_hidden_element(const GumboNode* node) {
    if (node == nullptr || (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE)) {
        return false;
    }
    const GumboVector& attributes = node->v.element.attributes;
    for (unsigned i = 0; i < attributes.length; ++i) {
        const auto* attr = static_cast<const GumboAttribute*>(attributes.data[i]);
        const std::string_view name = attr->name;
        if (name == "hidden") {
            return true;
        }
        if (name == "style") {
            std::string compact;
            for (const char* c = attr->value; *c != '\0'; ++c) {
                if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r') {
                    compact.push_back((*c >= 'A' && *c <= 'Z') ? static_cast<char>(*c - 'A' + 'a') : *c);
                }
            }
            // Not visibility:hidden: WeChat hides its article that way until its script runs.
            if (compact.find("display:none") != std::string::npos) {
                return true;
            }
        }
    }
    return false;
}

} // namespace newsarc::generic
