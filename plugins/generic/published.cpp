// Publish time of the generic extractor. Every date is read by the host's one time parser (sdk::find_time);
// this file only decides where to look and which of the times found is the article's own.
#include "published.hpp"

#include "content.hpp"

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace newsarc::generic {
namespace {

using sdk::PrintedTime;

// Meta tags that carry the publish time, by name/property (lower case), best first.
constexpr std::string_view kMetaNames[] = {
    "article:published_time", "og:article:published_time", "article:published", "og:release_date", "og:time",
    "publishdate", "pubdate", "publish_date", "publish-date", "publishtime", "publish_time", "published_time",
    "ptime", "datepublished", "dc.date.issued", "dc.date", "date", "weibo: article:create_at", "sailthru.date",
    "parsely-pub-date", "article.published", "datecreated"};

std::optional<PrintedTime> meta_time(const Metas& metas) {
    for (const std::string_view wanted : kMetaNames) {
        for (const auto& [name, content] : metas) {
            if (name == wanted) {
                if (auto found = sdk::find_time(content)) {
                    return found;
                }
            }
        }
    }
    return std::nullopt;
}

// "datePublished" anywhere in the page's JSON-LD blocks (objects, arrays, @graph).
std::optional<PrintedTime> json_ld_time(const sdk::Page& page) {
    for (const sdk::Node& script : page.select("script[type=\"application/ld+json\"]")) {
        const nlohmann::json value = nlohmann::json::parse(sdk::trim(script.raw_text()), nullptr, false);
        std::vector<const nlohmann::json*> stack{&value};
        while (!stack.empty()) {
            const nlohmann::json* at = stack.back();
            stack.pop_back();
            if (at->is_object()) {
                const auto found = at->find("datePublished");
                if (found != at->end() && found->is_string()) {
                    if (auto time = sdk::find_time(found->get_ref<const std::string&>())) {
                        return time;
                    }
                }
                for (const auto& item : at->items()) {
                    stack.push_back(&item.value());
                }
            } else if (at->is_array()) {
                for (const auto& item : *at) {
                    stack.push_back(&item);
                }
            }
        }
    }
    return std::nullopt;
}

bool is_element(const GumboNode* node) noexcept {
    return node != nullptr && node->type == GUMBO_NODE_ELEMENT;
}

const GumboVector* children_of(const GumboNode* node) noexcept {
    if (node->type == GUMBO_NODE_DOCUMENT) {
        return &node->v.document.children;
    }
    return is_element(node) ? &node->v.element.children : nullptr;
}

// The visible text that follows `node` in document order (its own content excluded), about `limit` bytes, a
// space between text nodes; scripts, styles and hidden elements are skipped.
std::string text_after(const GumboNode* node, std::size_t limit) {
    std::string out;
    std::vector<const GumboNode*> stack;
    for (const GumboNode* at = node; at != nullptr && at->parent != nullptr && out.size() < limit; at = at->parent) {
        const GumboVector* siblings = children_of(at->parent);
        if (siblings == nullptr) {
            break;
        }
        stack.clear();
        for (std::size_t i = siblings->length; i-- > at->index_within_parent + 1;) {
            stack.push_back(static_cast<const GumboNode*>(siblings->data[i]));
        }
        while (!stack.empty() && out.size() < limit) {
            const GumboNode* current = stack.back();
            stack.pop_back();
            if (current->type == GUMBO_NODE_TEXT || current->type == GUMBO_NODE_CDATA) {
                out.append(current->v.text.text).push_back(' ');
            } else if (is_element(current) && current->v.element.tag != GUMBO_TAG_SCRIPT &&
                       current->v.element.tag != GUMBO_TAG_STYLE && !is_hidden_element(current)) {
                const GumboVector& children = current->v.element.children;
                for (unsigned i = children.length; i-- > 0;) {
                    stack.push_back(static_cast<const GumboNode*>(children.data[i]));
                }
            }
        }
    }
    return out;
}

// The visible text before `node`, nearest last, about `limit` bytes (an e-paper prints its edition date above
// the headline).
std::string text_before(const GumboNode* node, std::size_t limit) {
    std::vector<std::string> pieces; // nearest first
    std::size_t size = 0;
    for (const GumboNode* at = node; at != nullptr && at->parent != nullptr && size < limit; at = at->parent) {
        const GumboVector* siblings = children_of(at->parent);
        if (siblings == nullptr) {
            break;
        }
        for (std::size_t i = at->index_within_parent; i-- > 0 && size < limit;) {
            std::vector<const GumboNode*> stack{static_cast<const GumboNode*>(siblings->data[i])};
            std::string text;
            while (!stack.empty()) {
                const GumboNode* current = stack.back();
                stack.pop_back();
                if (current->type == GUMBO_NODE_TEXT || current->type == GUMBO_NODE_CDATA) {
                    text.append(current->v.text.text).push_back(' ');
                } else if (is_element(current) && current->v.element.tag != GUMBO_TAG_SCRIPT &&
                           current->v.element.tag != GUMBO_TAG_STYLE && current->v.element.tag != GUMBO_TAG_A &&
                           !is_hidden_element(current)) {
                    // Links are left out: above a headline they are navigation ("旧版(2007年11月18号以前)").
                    const GumboVector& children = current->v.element.children;
                    for (unsigned k = children.length; k-- > 0;) {
                        stack.push_back(static_cast<const GumboNode*>(children.data[k]));
                    }
                }
            }
            size += text.size();
            pieces.push_back(std::move(text));
        }
    }
    std::string out;
    for (auto piece = pieces.rbegin(); piece != pieces.rend(); ++piece) {
        out += *piece;
    }
    return out.size() > limit ? out.substr(out.size() - limit) : out;
}

// True when the words just before `position` label the time as an update, not the publication.
bool labelled_update(std::string_view text, std::size_t position) {
    const std::string_view before = text.substr(position >= 24 ? position - 24 : 0, position >= 24 ? 24 : position);
    for (const std::string_view word : {"更新", "修改", "编辑于", "Updated", "updated", "Modified"}) {
        if (before.find(word) != std::string_view::npos) {
            return true;
        }
    }
    return false;
}

// The first time in `text` that is not labelled as an update time; with `last`, the last one instead.
std::optional<PrintedTime> first_time(std::string_view text, const sdk::TimeContext& context, bool last = false) {
    std::optional<PrintedTime> chosen;
    std::size_t from = 0;
    while (from < text.size()) {
        auto found = sdk::find_time(text.substr(from), context);
        if (!found) {
            break;
        }
        const std::size_t at = from + found->position;
        from = at + std::max<std::size_t>(found->length, 1);
        if (labelled_update(text, at)) {
            continue;
        }
        chosen = found;
        if (!last) {
            break;
        }
    }
    return chosen;
}

// A Unix time or a date string right after `key` in script text ("publish_time":1715572974, ptime = "...").
std::optional<PrintedTime> script_time(std::string_view code, std::string_view key) {
    std::size_t from = 0;
    while (true) {
        const std::size_t at = code.find(key, from);
        if (at == std::string_view::npos) {
            return std::nullopt;
        }
        from = at + key.size();
        std::size_t i = from;
        while (i < code.size() && i < from + 6 && (code[i] == '"' || code[i] == '\'' || code[i] == ':' ||
                                                    code[i] == '=' || code[i] == ' ')) {
            ++i;
        }
        if (i == from) {
            continue; // a longer name that merely starts with the key
        }
        std::size_t end = i;
        while (end < code.size() && end < i + 13 && code[end] >= '0' && code[end] <= '9') {
            ++end;
        }
        if (end - i == 10 || end - i == 13) {
            std::int64_t value = 0;
            for (std::size_t k = i; k < end; ++k) {
                value = value * 10 + (code[k] - '0');
            }
            if (auto time = sdk::time_from_unix(value)) {
                return time;
            }
        }
        if (auto time = sdk::find_time(code.substr(i, std::min<std::size_t>(40, code.size() - i)))) {
            if (time->position <= 1) {
                return time;
            }
        }
    }
}

std::optional<PrintedTime> scripts_time(const sdk::Page& page) {
    static constexpr std::string_view kKeys[] = {"var ct", "publish_time", "publishTime", "pubtime", "pubTime",
                                                 "pub_time", "ptime", "publishDate", "pubDate", "datePublished"};
    const std::vector<sdk::Node> scripts = page.select("script");
    for (const std::string_view key : kKeys) {
        for (const sdk::Node& script : scripts) {
            const std::string_view code = script.raw_text();
            if (code.find(key) != std::string_view::npos) {
                if (auto time = script_time(code, key)) {
                    return time;
                }
            }
        }
    }
    return std::nullopt;
}

std::optional<PrintedTime> element_time(const sdk::Page& page, const sdk::TimeContext& context) {
    for (const sdk::Node& node : page.select("time, [itemprop=datePublished], [pubdate]")) {
        for (const std::string_view attribute : {"datetime", "content", "pubdate"}) {
            if (auto found = sdk::find_time(node.attr_or(attribute), context)) {
                return found;
            }
        }
        if (auto found = first_time(node.text(), context)) {
            return found;
        }
    }
    for (const sdk::Node& node : page.select("[class*=time], [class*=date], [id*=time], [id*=date], [class*=pub]")) {
        const std::string_view text = node.text();
        if (text.size() < 200) {
            if (auto found = first_time(text, context)) {
                return found;
            }
        }
    }
    return std::nullopt;
}

bool same_minute(const PrintedTime& a, const PrintedTime& b) noexcept {
    return a.has_clock && b.has_clock && a.unix_seconds() / 60 == b.unix_seconds() / 60;
}

bool same_day(const PrintedTime& a, const PrintedTime& b) noexcept {
    return a.date == b.date;
}

} // namespace

std::optional<std::string> find_published(const sdk::Page& page, const Metas& metas,
                                          const std::vector<const GumboNode*>& headlines) {
    // The machine-readable publish time, which also supplies the year of a time printed without one.
    std::optional<PrintedTime> machine = meta_time(metas);
    if (!machine) {
        machine = json_ld_time(page);
    }
    sdk::TimeContext context;
    context.now = sdk::unix_from_text(page.fetched_at());
    const std::optional<PrintedTime> from_url = sdk::date_from_url(page.url());
    if (machine) {
        context.year = static_cast<int>(std::chrono::year_month_day{machine->date}.year());
    } else if (from_url) {
        context.year = static_cast<int>(std::chrono::year_month_day{from_url->date}.year());
    }

    std::optional<PrintedTime> shown;
    for (const GumboNode* headline : headlines) {
        if ((shown = first_time(text_after(headline, 600), context))) {
            break;
        }
    }
    if (shown && shown->has_clock) {
        // Printed to the minute: the seconds come from the machine-readable time when it agrees.
        if (machine && machine->has_seconds && !shown->has_seconds && same_minute(*machine, *shown)) {
            return machine->text();
        }
        return shown->text();
    }
    // No clock near the headline: the first source with a clock on the same day (or any day when nothing was
    // shown), else the first date.
    std::optional<PrintedTime> before;
    if (!headlines.empty()) {
        before = first_time(text_before(headlines.front(), 300), context, true);
    }
    const std::optional<PrintedTime> element = element_time(page, context);
    const std::optional<PrintedTime> script = scripts_time(page);
    using Candidates = std::initializer_list<const std::optional<PrintedTime>*>;
    for (const std::optional<PrintedTime>* candidate : Candidates{&machine, &element, &script, &before}) {
        if (*candidate && (*candidate)->has_clock && (!shown || same_day(**candidate, *shown))) {
            return (*candidate)->text();
        }
    }
    for (const std::optional<PrintedTime>* candidate :
         Candidates{&shown, &machine, &before, &element, &script, &from_url}) {
        if (*candidate) {
            return (*candidate)->text();
        }
    }
    return std::nullopt;
}

} // namespace newsarc::generic
