// The generic extractor: the "*" fallback for sites without a plugin. Title from <h1>/og:title/<title>,
// publish time from meta tags, <time> and dates near the title, body by content scoring (content.cpp).
#include <algorithm>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include <gumbo.h>

#include "content.hpp"
#include "page_meta.hpp"
#include "published.hpp"
#include "script_state.hpp"
#include "newsarc/plugin.hpp"

namespace sdk = newsarc::sdk;
using newsarc::generic::collect_metas;
using newsarc::generic::lower;
using newsarc::generic::meta_value;
using newsarc::generic::Metas;

namespace {

// Removes characters that differ between a headline and its <title> copy (spaces, quotes of either width).
std::string comparable(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '"' || c == '\'') {
            continue;
        }
        // “ ” (E2 80 9C / 9D)
        if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < text.size() &&
            static_cast<unsigned char>(text[i + 1]) == 0x80 &&
            (static_cast<unsigned char>(text[i + 2]) == 0x9C || static_cast<unsigned char>(text[i + 2]) == 0x9D)) {
            i += 2;
            continue;
        }
        out.push_back(c);
    }
    return out;
}

// "<headline>_网易新闻", "<headline> - 36氪", "<headline>|公园_新浪新闻": the part before the first separator.
std::string strip_site_suffix(std::string_view title) {
    static constexpr std::string_view kSeparators[] = {" - ", " | ", "_", "|", "--", " — ", " – ", "－"};
    std::size_t cut = std::string_view::npos;
    for (const std::string_view separator : kSeparators) {
        const std::size_t at = title.find(separator);
        // Keep headlines that merely contain a separator early on ("A_B" with a short A is unlikely a headline).
        if (at != std::string_view::npos && newsarc::generic::count_chars(title.substr(0, at)) >= 5) {
            cut = std::min(cut, at);
        }
    }
    return std::string(sdk::trim(cut == std::string_view::npos ? title : title.substr(0, cut)));
}

bool inside_link(const sdk::Node& node) {
    for (sdk::Node at = node.parent(); at; at = at.parent()) {
        if (at.tag() == "a") {
            return true;
        }
    }
    return false;
}

// The text of <title> in <head>, found by walking gumbo's first levels rather than the whole document.
std::string document_title(const sdk::Page& page) {
    const auto* output = reinterpret_cast<const GumboOutput*>(page.c_page()->gumbo);
    const GumboNode* head = output == nullptr ? nullptr : output->root;
    if (head != nullptr && head->type == GUMBO_NODE_ELEMENT) {
        const GumboVector& top = head->v.element.children;
        for (unsigned i = 0; i < top.length; ++i) {
            const auto* child = static_cast<const GumboNode*>(top.data[i]);
            if (child->type != GUMBO_NODE_ELEMENT || child->v.element.tag != GUMBO_TAG_HEAD) {
                continue;
            }
            const GumboVector& children = child->v.element.children;
            for (unsigned k = 0; k < children.length; ++k) {
                const auto* title = static_cast<const GumboNode*>(children.data[k]);
                if (title->type == GUMBO_NODE_ELEMENT && title->v.element.tag == GUMBO_TAG_TITLE) {
                    return sdk::collapse_space(sdk::Node(&page.context(), title).text());
                }
            }
        }
    }
    return sdk::collapse_space(page.select_first("title").text());
}

struct Title {
    std::string text;
    sdk::Node node;       // the element holding the headline, when one was found
    bool confirmed = false; // the headline element's text is repeated in <title> or og:title
};

// Separators between a headline and the site or channel name in <title> / og:title.
constexpr std::string_view kTitleSeparators[] = {" - ", " | ", "_", "|", "--", " — ", " – ", "－", "-", "–", "—"};

// The forms the page itself gives its title: og:title, <title>, twitter:title, articletitle, each whole and cut
// before every separator (keeping pieces of at least 4 characters), as comparable keys with their text.
struct Reference {
    std::string key;  // comparable()
    std::string text; // collapsed
};

std::vector<Reference> title_references(const std::string& title_text, const Metas& metas) {
    std::vector<std::string> sources{title_text};
    for (const std::string_view name : {"og:title", "twitter:title", "articletitle"}) {
        sources.push_back(sdk::collapse_space(meta_value(metas, name)));
    }
    std::vector<Reference> references;
    for (const std::string& source : sources) {
        if (source.empty()) {
            continue;
        }
        references.push_back(Reference{comparable(source), source});
        for (const std::string_view separator : kTitleSeparators) {
            for (std::size_t at = source.find(separator); at != std::string::npos;
                 at = source.find(separator, at + separator.size())) {
                const std::string piece(sdk::trim(std::string_view(source).substr(0, at)));
                if (newsarc::generic::count_chars(piece) >= 4) {
                    references.push_back(Reference{comparable(piece), piece});
                }
            }
        }
    }
    return references;
}

// A headline candidate's text, or the reference's when they differ only by white space (a headline set on two
// lines inside one element is one title).
struct Match {
    std::string text;
    std::size_t score = 0;
};

std::optional<Match> match_references(const std::string& text, const std::vector<Reference>& references,
                                      bool allow_contained) {
    const std::string key = comparable(text);
    if (newsarc::generic::count_chars(key) < 4) {
        return std::nullopt;
    }
    std::optional<Match> best;
    for (const Reference& reference : references) {
        if (reference.key == key) {
            const bool spaced = text.find(' ') != std::string::npos && reference.text.find(' ') == std::string::npos;
            return Match{spaced ? reference.text : text, key.size() + 1};
        }
        if (allow_contained && !best && reference.key.find(key) != std::string::npos) {
            best = Match{text, key.size()};
        }
    }
    return best;
}

// Bytes shared at the start of two keys, cut back to a UTF-8 boundary.
std::size_t common_prefix(std::string_view a, std::string_view b) {
    std::size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n]) {
        ++n;
    }
    while (n > 0 && n < a.size() && (static_cast<unsigned char>(a[n]) & 0xC0) == 0x80) {
        --n;
    }
    return n;
}

// Text nodes of the body that equal a reference exactly (a headline in a plain <div> or split from a button
// inside its <h1>): the element holding the longest such text, not inside a link. One walk; a text node is
// compared only when its first character starts some reference, so paragraphs cost a 3-byte check.
std::optional<std::pair<Match, const GumboNode*>> text_node_title(const sdk::Page& page,
                                                                  const std::vector<Reference>& references) {
    const auto* output = reinterpret_cast<const GumboOutput*>(page.c_page()->gumbo);
    if (output == nullptr || references.empty()) {
        return std::nullopt;
    }
    std::size_t longest = 0;
    for (const Reference& reference : references) {
        longest = std::max(longest, reference.text.size());
    }
    const auto starts_a_reference = [&](std::string_view text) {
        const std::string_view head = text.substr(0, std::min<std::size_t>(3, text.size()));
        return std::any_of(references.begin(), references.end(),
                           [&](const Reference& reference) { return std::string_view(reference.text).starts_with(head); });
    };
    std::optional<std::pair<Match, const GumboNode*>> best;
    std::vector<std::pair<const GumboNode*, bool>> stack{{output->root, false}}; // node, inside a link
    while (!stack.empty()) {
        const auto [node, in_link] = stack.back();
        stack.pop_back();
        if (node->type == GUMBO_NODE_TEXT) {
            const std::string_view raw = sdk::trim(node->v.text.text);
            if (in_link || raw.size() < 12 || raw.size() > longest * 2 + 16 || !starts_a_reference(raw)) {
                continue;
            }
            const std::string text = sdk::collapse_space(raw);
            if (newsarc::generic::count_chars(text) < 6) {
                continue;
            }
            if (auto match = match_references(text, references, false)) {
                if (!best || match->score > best->first.score) {
                    best.emplace(std::move(*match), node->parent);
                }
            }
            continue;
        }
        if (node->type != GUMBO_NODE_ELEMENT) {
            continue;
        }
        const GumboTag tag = node->v.element.tag;
        if (tag == GUMBO_TAG_HEAD || tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TITLE ||
            newsarc::generic::is_hidden_element(node)) {
            continue;
        }
        const bool link = in_link || tag == GUMBO_TAG_A;
        const GumboVector& children = node->v.element.children;
        for (unsigned i = children.length; i-- > 0;) {
            stack.emplace_back(static_cast<const GumboNode*>(children.data[i]), link);
        }
    }
    return best;
}

// The headline as shown, chosen by agreement: the longest heading (<h1>, <h2>, <h3>, an element named *title*)
// or text that the page's own <title>/og:title repeats, whole or before a site suffix; else the heading sharing
// the longest start with them; else the first <h1>; else og:title / <title> without the site suffix.
Title find_title(const sdk::Page& page, const Metas& metas) {
    const std::string title_text = document_title(page);
    const std::vector<Reference> references = title_references(title_text, metas);
    Title best;
    std::size_t best_score = 0;
    Title first_h1;
    Title nearest;
    std::size_t nearest_prefix = 0;
    for (const sdk::Node& heading : page.select("h1, h2, h3, [class*=title], [id*=title]")) {
        const std::string_view tag = heading.tag();
        const bool is_heading = tag == "h1" || tag == "h2" || tag == "h3";
        if (tag == "a" || tag == "li" || tag == "title" || tag == "meta" || inside_link(heading)) {
            continue;
        }
        if (is_heading ? !heading.select("a").empty()
                       : (lower(heading.attr_or("class")) + lower(heading.attr_or("id"))).find("sub") != std::string::npos) {
            continue;
        }
        const std::string text = sdk::collapse_space(heading.text());
        const long chars = newsarc::generic::count_chars(text);
        if (chars < 4 || chars > 120) {
            continue;
        }
        if (auto match = match_references(text, references, true)) {
            // An <h1> outranks an element merely named like a title with the same text.
            const std::size_t score = match->score * 4 + (tag == "h1" ? 3 : is_heading ? 2 : 0);
            if (score > best_score) {
                best_score = score;
                best = Title{match->text, heading, true};
            }
            continue;
        }
        if (tag == "h1") {
            if (first_h1.text.empty()) {
                first_h1 = Title{text, heading, false};
            }
            const std::string key = comparable(text);
            for (const Reference& reference : references) {
                const std::size_t prefix = common_prefix(key, reference.key);
                if (prefix > nearest_prefix) {
                    nearest_prefix = prefix;
                    nearest = Title{text, heading, false};
                }
            }
        }
    }
    // A heading equal to a whole reference cannot be beaten by a text node: the walk is skipped.
    const bool whole_match = best_score > 0 && std::any_of(references.begin(), references.end(), [&](const Reference& r) {
        return r.key == comparable(best.text) && (r.text == title_text || r.text == sdk::collapse_space(meta_value(metas, "og:title")));
    });
    if (auto node_match = whole_match ? std::nullopt : text_node_title(page, references)) {
        if (node_match->first.score * 4 > best_score) {
            return Title{node_match->first.text, sdk::Node(&page.context(), node_match->second), true};
        }
    }
    if (best_score > 0) {
        return best;
    }
    // 6 characters of 3 bytes: a headline that <title> shortened or punctuated differently.
    if (nearest_prefix >= 18) {
        return nearest;
    }
    if (!first_h1.text.empty()) {
        return first_h1;
    }
    const std::string og_title = sdk::collapse_space(meta_value(metas, "og:title"));
    if (!og_title.empty()) {
        return Title{strip_site_suffix(og_title), {}, false};
    }
    return Title{strip_site_suffix(title_text), {}, false};
}

// The element holding the chosen title, then every other heading showing the same text (a page may print its
// headline twice, in a mobile and a desktop header, with the byline after only one of them).
std::vector<const GumboNode*> headline_elements(const sdk::Page& page, const Title& title) {
    std::vector<const GumboNode*> headlines;
    if (!title.node) {
        return headlines;
    }
    headlines.push_back(static_cast<const GumboNode*>(title.node.handle()));
    const std::string key = comparable(title.text);
    for (const sdk::Node& heading : page.select("h1, h2")) {
        if (heading != title.node && comparable(sdk::collapse_space(heading.text())) == key) {
            headlines.push_back(static_cast<const GumboNode*>(heading.handle()));
        }
    }
    return headlines;
}

// Share of paragraphs that end like a sentence (。！？… or a closing quote after one).
double sentence_share(const std::vector<std::string>& paragraphs) {
    if (paragraphs.empty()) {
        return 0.0;
    }
    static constexpr std::string_view kEnds[] = {"。", "！", "？", "…", "”", "」", "）", ".", "!", "?", "\"", "；"};
    std::size_t sentences = 0;
    for (const std::string& paragraph : paragraphs) {
        for (const std::string_view end : kEnds) {
            if (std::string_view(paragraph).ends_with(end)) {
                ++sentences;
                break;
            }
        }
    }
    return static_cast<double>(sentences) / static_cast<double>(paragraphs.size());
}

// A home or section page: no headline that <title> repeats, and text that does not read as sentences (a list
// of headlines and teasers), or a block of headlines that never ends a sentence.
bool looks_like_list(const newsarc::generic::Content& content, const Title& title) {
    const double sentences = sentence_share(content.paragraphs);
    if (!title.confirmed && (content.paragraphs.size() < 3 || sentences < 0.5)) {
        return true;
    }
    // A long body with few links under a confirmed headline is a listing article (prices, schedules), not a list.
    if (title.confirmed && content.text_chars >= 1500 && content.link_chars * 10 < content.text_chars) {
        return false;
    }
    return content.paragraphs.size() >= 5 && sentences < 0.1;
}

// The registrable domain of a host, approximately: the last two labels, or three under the Chinese
// second-level domains (com.cn, net.cn, org.cn, gov.cn, edu.cn) and com.hk/com.tw.
std::string site_domain(std::string_view host) {
    std::vector<std::string_view> labels;
    for (const std::string_view label : sdk::split_trimmed(host, ".")) {
        labels.push_back(label);
    }
    if (labels.size() < 2) {
        return std::string(host);
    }
    const std::string_view second = labels[labels.size() - 2];
    const bool chinese_second_level = labels.back().size() == 2 &&
                                      (second == "com" || second == "net" || second == "org" || second == "gov" ||
                                       second == "edu");
    const std::size_t keep = chinese_second_level && labels.size() >= 3 ? 3 : 2;
    std::string out;
    for (std::size_t i = labels.size() - keep; i < labels.size(); ++i) {
        out += (out.empty() ? "" : ".") + std::string(labels[i]);
    }
    return out;
}

// The article of a page whose DOM holds none, from its script state (the page's own titles must agree).
sdk::Status from_script_state(const sdk::Page& page, const Metas& metas, sdk::Article& out) {
    const std::vector<std::string> page_titles{document_title(page),
                                               sdk::collapse_space(meta_value(metas, "og:title"))};
    const auto state = newsarc::generic::find_state_article(page, page_titles);
    if (!state) {
        return sdk::Status::no_content;
    }
    out.title(state->title);
    if (state->published_at) {
        out.published_at(*state->published_at);
    }
    for (const std::string& paragraph : state->paragraphs) {
        out.paragraph(paragraph);
    }
    return out.empty() ? sdk::Status::no_content : sdk::Status::ok;
}

class GenericPlugin {
public:
    static constexpr const char* version = "2026.12.1";
    static constexpr const char* hosts[] = {"*"};
    static constexpr int priority = 0;
    static constexpr bool concurrent = true; // per-call state only; settings are read-only after configure

    static sdk::PageKind classify(std::string_view url) {
        if (!sdk::url::is_http(url)) {
            return sdk::PageKind::invalid;
        }
        const std::string path = lower(sdk::url::path(url));
        static constexpr std::string_view kStatic[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico",
                                                       ".css", ".js", ".pdf", ".zip", ".rar", ".mp3", ".mp4",
                                                       ".apk", ".exe", ".xml", ".json", ".woff", ".woff2", ".ttf"};
        for (const std::string_view extension : kStatic) {
            if (path.ends_with(extension)) {
                return sdk::PageKind::ignore;
            }
        }
        // Whether a page is an article is decided from its content: extract answers NO_CONTENT otherwise.
        return sdk::PageKind::article;
    }

    // Links within the page's site (its registrable domain, e.g. any *.163.com from news.163.com).
    sdk::Status discover(const sdk::Page& page, sdk::Discovery& out) const {
        const std::string site = site_domain(sdk::url::host(page.url()));
        if (site.empty()) {
            return sdk::Status::ok;
        }
        for (const sdk::Node& anchor : page.select("a[href]")) {
            const std::string url = page.resolve(anchor.attr_or("href"));
            if (sdk::url::host_in(sdk::url::host(url), site) && classify(url) == sdk::PageKind::article) {
                out.link(url, sdk::PageKind::article, 0);
            }
        }
        return sdk::Status::ok;
    }

    sdk::Status extract(const sdk::Page& page, sdk::Article& out) const {
        if (!page.is_html() || page.c_page()->gumbo == nullptr) {
            return sdk::Status::no_content;
        }
        const Metas metas = collect_metas(page);
        const Title title = find_title(page, metas);
        const auto* output = reinterpret_cast<const GumboOutput*>(page.c_page()->gumbo);
        std::string_view description = meta_value(metas, "description");
        if (sdk::trim(description).empty()) {
            description = meta_value(metas, "og:description");
        }
        const newsarc::generic::Content content =
            newsarc::generic::find_content(output->document, title.text, sdk::trim(description));
        // A short article (a one-paragraph brief, a photo story) is kept when the page confirms its headline.
        const bool article = newsarc::generic::looks_like_article(content) ||
                             (title.confirmed && newsarc::generic::looks_like_brief(content));
        if (!article || looks_like_list(content, title)) {
            return from_script_state(page, metas, out);
        }
        out.title(title.text);
        if (const auto time = newsarc::generic::find_published(page, metas, headline_elements(page, title))) {
            out.published_at(*time);
        }
        if (const auto canonical = page.select_first("link[rel=canonical]").attr("href")) {
            out.canonical_url(page.resolve(*canonical));
        }
        for (const std::string& paragraph : content.paragraphs) {
            out.paragraph(paragraph);
        }
        return out.empty() ? sdk::Status::no_content : sdk::Status::ok;
    }
};

} // namespace

NEWSARC_PLUGIN(generic, GenericPlugin)
