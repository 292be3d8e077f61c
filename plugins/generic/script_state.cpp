// The article in a page's script state (see script_state.hpp): which scripts are read, how the article object is
// recognised in their JSON, and how its body becomes paragraphs.
#include "script_state.hpp"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <utility>

#include "content.hpp"
#include "newsarc/devalue.hpp"
#include "script_json.hpp"

namespace newsarc::generic {
namespace {

using nlohmann::json;

// Limits of the search through one state tree: deeper or larger trees are cut, not refused.
constexpr int kMaxDepth = 32;
constexpr std::size_t kMaxNodes = 200000;
// Scripts above this size are skipped whole (no page state is that large; scanning would cost too much).
constexpr std::size_t kMaxScriptBytes = 16U << 20U;
// A body shorter than this (in bytes of its field) is a summary or a teaser, not an article.
constexpr std::size_t kMinBodyBytes = 200;

// Names pages give their state, in scripts that assign it.
constexpr std::string_view kStateMarkers[] = {"__INITIAL_STATE__", "__PRELOADED_STATE__", "__NUXT__",
                                              "__INITIAL_DATA__",  "__APOLLO_STATE__",    "__NEXT_DATA__",
                                              "var data",          "window.data"};

constexpr std::string_view kTitleKeys[] = {"title", "headline", "articleTitle", "article_title", "newsTitle",
                                           "news_title"};
constexpr std::string_view kBodyKeys[] = {"content",     "articleBody",  "article_content", "articleContent",
                                          "contentHtml", "content_html", "body",            "bodyHtml",
                                          "html",        "newsContent",  "richText",        "text"};
constexpr std::string_view kTimeKeys[] = {
    "publish_time", "publishTime", "published_at", "publishedAt", "datePublished", "pubDate",   "pub_date",
    "publishDate",  "publish_date", "dateline",    "display_time", "displayTime",  "pubtime",   "ptime",
    "releaseTime",  "ctime",        "create_time", "createTime",   "createdAt",    "created_at", "time", "date"};

const json* first_member(const json& object, const std::string_view* keys, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        const auto found = object.find(keys[i]);
        if (found != object.end() && !found->is_null()) {
            return &*found;
        }
    }
    return nullptr;
}

const json* string_member(const json& object, std::initializer_list<std::string_view> keys) {
    for (const std::string_view key : keys) {
        const auto found = object.find(key);
        if (found != object.end() && found->is_string()) {
            return &*found;
        }
    }
    return nullptr;
}

// The body text of a body-like field: a string, or an object holding one ({"html": "..."}).
const std::string* body_text(const json& value) {
    if (value.is_string()) {
        return &value.get_ref<const std::string&>();
    }
    if (value.is_object()) {
        if (const json* inner = string_member(value, {"html", "text", "content", "markdown"})) {
            return &inner->get_ref<const std::string&>();
        }
    }
    return nullptr;
}

// Removes white space and quotes, for comparing a state title with the page's <title>.
std::string comparable(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '"' && c != '\'') {
            out.push_back(c);
        }
    }
    return out;
}

bool agrees_with_page(const std::string& title, const std::vector<std::string>& page_titles) {
    const std::string key = comparable(title);
    bool any = false;
    for (const std::string& page_title : page_titles) {
        const std::string other = comparable(page_title);
        if (other.empty()) {
            continue;
        }
        any = true;
        if (other.find(key) != std::string::npos || (count_chars(other) >= 6 && key.find(other) != std::string::npos)) {
            return true;
        }
    }
    return !any;
}

struct Candidate {
    std::string title;
    const std::string* body = nullptr;
    const json* time = nullptr;
};

// The article-like objects of a state tree that agree with the page's title: iterative, depth- and size-bounded.
void collect(const json& root, const std::vector<std::string>& page_titles, std::vector<Candidate>& found) {
    std::vector<std::pair<const json*, int>> stack{{&root, 0}};
    std::size_t visited = 0;
    while (!stack.empty() && visited < kMaxNodes) {
        const auto [at, depth] = stack.back();
        stack.pop_back();
        ++visited;
        if (at->is_object()) {
            const json* title = first_member(*at, kTitleKeys, std::size(kTitleKeys));
            // The longest of the body-like fields (an object may carry an empty "content" and a full "html").
            const std::string* text = nullptr;
            for (const std::string_view key : kBodyKeys) {
                const auto field = at->find(key);
                const std::string* candidate = field == at->end() ? nullptr : body_text(*field);
                if (candidate != nullptr && (text == nullptr || candidate->size() > text->size())) {
                    text = candidate;
                }
            }
            if (title != nullptr && title->is_string() && text != nullptr && text->size() >= kMinBodyBytes) {
                const std::string headline = sdk::collapse_space(title->get_ref<const std::string&>());
                const long chars = count_chars(headline);
                if (chars >= 4 && chars <= 120 && agrees_with_page(headline, page_titles)) {
                    found.push_back(Candidate{headline, text, first_member(*at, kTimeKeys, std::size(kTimeKeys))});
                }
            }
            if (depth < kMaxDepth) {
                for (const auto& item : at->items()) {
                    if (item.value().is_structured()) {
                        stack.emplace_back(&item.value(), depth + 1);
                    }
                }
            }
        } else if (at->is_array() && depth < kMaxDepth) {
            for (const json& item : *at) {
                if (item.is_structured()) {
                    stack.emplace_back(&item, depth + 1);
                }
            }
        }
    }
}

std::optional<std::string> time_text(const json* value) {
    if (value == nullptr) {
        return std::nullopt;
    }
    std::optional<sdk::PrintedTime> time;
    if (value->is_number_integer() || value->is_number_unsigned()) {
        time = sdk::time_from_unix(value->get<std::int64_t>());
    } else if (value->is_number_float()) {
        time = sdk::time_from_unix(static_cast<std::int64_t>(value->get<double>()));
    } else if (value->is_string()) {
        const std::string& text = value->get_ref<const std::string&>();
        time = sdk::time_from_unix_text(text);
        if (!time) {
            time = sdk::find_time(text);
        }
    }
    return time ? std::optional<std::string>(time->text()) : std::nullopt;
}

bool is_dropped(std::string_view tag, std::string_view /*classes*/) {
    return tag == "figcaption" || tag == "button" || tag == "nav" || tag == "aside";
}

std::vector<std::string> body_paragraphs(const std::string& body) {
    std::vector<std::string> paragraphs;
    const bool html = body.find('<') != std::string::npos && body.find('>') != std::string::npos;
    if (html) {
        for (const sdk::html::Block& block : sdk::html::blocks(body, is_dropped)) {
            std::string text = sdk::collapse_space(block.text);
            if (!text.empty()) {
                paragraphs.push_back(std::move(text));
            }
        }
        return paragraphs;
    }
    for (const std::string_view line : sdk::split_trimmed(body, "\n")) {
        std::string text = sdk::collapse_space(line);
        if (!text.empty()) {
            paragraphs.push_back(std::move(text));
        }
    }
    return paragraphs;
}

// Every state tree of the page, parsed: JSON scripts (__NEXT_DATA__, __NUXT_DATA__ resolved, JSON-LD) and the
// values assigned in code.
std::vector<json> state_trees(const sdk::Page& page) {
    std::vector<json> trees;
    for (const sdk::Node& script : page.select("script")) {
        if (script.attr("src")) {
            continue;
        }
        const std::string_view code = sdk::trim(script.raw_text());
        if (code.size() < kMinBodyBytes || code.size() > kMaxScriptBytes) {
            continue;
        }
        const std::string_view id = script.attr_or("id");
        const std::string_view type = script.attr_or("type");
        if (code.front() == '{' || code.front() == '[') {
            if (type.find("json") == std::string_view::npos && id.empty()) {
                continue;
            }
            if (balanced_length(code, code.size()) != code.size()) {
                continue; // unbalanced or nested too deep
            }
            json value = json::parse(code, nullptr, false);
            if (value.is_discarded()) {
                continue;
            }
            if (id == "__NUXT_DATA__" && value.is_array()) {
                const sdk::DevalueResolver resolver(value);
                trees.push_back(resolver.resolve(json(0)));
            } else {
                trees.push_back(std::move(value));
            }
            continue;
        }
        for (const std::string_view marker : kStateMarkers) {
            if (code.find(marker) == std::string_view::npos) {
                continue;
            }
            if (auto value = assigned_json(code, marker)) {
                trees.push_back(std::move(*value));
            } else if (marker == "__NUXT__") {
                if (auto state = nuxt_function_state(code)) {
                    trees.push_back(std::move(*state));
                }
            }
        }
    }
    return trees;
}

} // namespace

std::optional<StateArticle> find_state_article(const sdk::Page& page, const std::vector<std::string>& page_titles) {
    const std::vector<json> trees = state_trees(page);
    std::vector<Candidate> candidates;
    for (const json& tree : trees) {
        collect(tree, page_titles, candidates);
    }
    // The longest body: an article's own text outweighs its summary and its teasers' fields.
    const auto best = std::max_element(candidates.begin(), candidates.end(),
                                       [](const Candidate& a, const Candidate& b) { return a.body->size() < b.body->size(); });
    if (best == candidates.end()) {
        return std::nullopt;
    }
    StateArticle article;
    article.title = best->title;
    article.published_at = time_text(best->time);
    const std::string title_key = comparable(best->title);
    long chars = 0;
    for (std::string& paragraph : body_paragraphs(*best->body)) {
        if (comparable(paragraph) == title_key || is_editorial_line(paragraph)) {
            continue;
        }
        chars += count_chars(paragraph);
        article.paragraphs.push_back(std::move(paragraph));
    }
    if (chars < 80) {
        return std::nullopt;
    }
    return article;
}

} // namespace newsarc::generic
