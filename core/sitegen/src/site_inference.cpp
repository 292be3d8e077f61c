// Site inference: the generic extractor's reading of each sample page, the nodes it took each field from, and
// the selectors, time format, drop rules and URL patterns that give the same reading on every page.
#include "newsarc/sitegen/site_inference.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_set>

#include "newsarc/dom/document.hpp"
#include "newsarc/plugin_host/fixture.hpp"
#include "newsarc/plugin_host/run.hpp"
#include "newsarc/sdk/text.hpp"
#include "newsarc/web/printed_time.hpp"
#include "newsarc/web/url.hpp"
#include "page_text.hpp"
#include "selector_candidates.hpp"
#include "newsarc/sitegen/time_format.hpp"
#include "newsarc/sitegen/url_pattern.hpp"

namespace newsarc::sitegen {
namespace {

namespace host = newsarc::plugin_host;

constexpr std::size_t kMinArticles = 2;
constexpr std::size_t kMaxArticles = 10;
constexpr std::size_t kShortText = 400; // titles, times and bylines are short: longer texts are not kept

/// One article page as the generic extractor read it.
struct ArticlePage {
    const SamplePage* sample = nullptr;
    std::unique_ptr<dom::Document> document;
    host::PageOutcome generic;
    std::string body_text;                                       ///< generic paragraphs joined
    std::vector<std::pair<const GumboNode*, std::string>> short_texts; ///< elements with a short flat text
    const GumboNode* body = nullptr;                             ///< the container the body came from
    double body_f1 = 0;                                          ///< its F1 against the generic body
};

std::string page_list(const std::vector<ArticlePage>& pages, const std::vector<std::size_t>& indexes) {
    std::string out;
    for (const std::size_t index : indexes) {
        out += (out.empty() ? "" : ", ") + pages[index].sample->file;
    }
    return out;
}

// Looks like markup: the first non-space character is '<' and there is no NUL byte near the start.
bool looks_like_html(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);
    }
    const std::string_view head = text.substr(0, 4096);
    if (head.find('\0') != std::string_view::npos) {
        return false;
    }
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && text[first] == '<';
}

// The error for a field no selector reads on every page: which pages agree on the best one, which do not.
Error layouts_error(const std::string& field, const Agreement& best, const std::vector<ArticlePage>& pages) {
    std::vector<std::size_t> others;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        if (std::find(best.agreeing.begin(), best.agreeing.end(), i) == best.agreeing.end()) {
            others.push_back(i);
        }
    }
    if (best.agreeing.empty()) {
        return make_error("the pages disagree on the " + field + ": no selector finds it as the generic extractor does "
                          "on any page (" + page_list(pages, others) + ")", 2);
    }
    return make_error("the pages disagree on the " + field + " (two layouts?): '" + best.selector + "' reads it on " +
                          page_list(pages, best.agreeing) + " but not on " + page_list(pages, others) +
                          "; give pages of one layout, or make one site per layout",
                      2);
}

// ---- title ----

bool title_separator(std::string_view text, std::size_t at) {
    return text[at] == '_' || text[at] == '|' || text[at] == '-' || text[at] == ' ' || text.compare(at, 3, "｜") == 0;
}

// The suffix the page titles add after the article title ("_新浪新闻", " | 观察者网"): what every title's
// remainder ends with, from a separator on. Remainders with keywords in them ("|珠海市|轨道交通_新浪新闻")
// differ from page to page; only their common end names the site.
std::vector<std::string> title_suffixes(const std::vector<ArticlePage>& pages) {
    std::vector<std::string> remainders;
    for (const ArticlePage& page : pages) {
        const std::string title(page.generic.field("title"));
        for (const auto& [selector, attr] : {std::pair{"title", ""}, std::pair{"meta[property='og:title']", "content"}}) {
            const std::string value = first_value(*page.document, selector, attr);
            if (value.size() > title.size() && value.starts_with(title) && !sdk::trim(value.substr(title.size())).empty()) {
                remainders.push_back(value.substr(title.size()));
            }
        }
    }
    if (remainders.empty()) {
        return {};
    }
    std::string common = remainders.front();
    for (const std::string& remainder : remainders) {
        std::size_t n = 0;
        while (n < common.size() && n < remainder.size() &&
               common[common.size() - 1 - n] == remainder[remainder.size() - 1 - n]) {
            ++n;
        }
        common = common.substr(common.size() - n);
    }
    for (std::size_t at = 0; at < common.size(); ++at) {
        if (title_separator(common, at) && (at == 0 || !title_separator(common, at - 1))) {
            // Keep the white space before a separator (" | 观察者网"): the reader trims what is left.
            std::size_t start = at;
            while (start > 0 && common[start - 1] == ' ') {
                --start;
            }
            return {common.substr(start)};
        }
    }
    return {};
}

std::string strip_suffixes(std::string value, const std::vector<std::string>& suffixes) {
    for (const std::string& suffix : suffixes) {
        if (value.size() > suffix.size() && value.ends_with(suffix)) {
            value = std::string(sdk::trim(value.substr(0, value.size() - suffix.size())));
        }
    }
    return sdk::collapse_space(value);
}

struct SourceCandidate {
    std::string selector;
    std::string attr;
};

std::string spelled(const SourceCandidate& source) {
    return source.attr.empty() ? source.selector : source.selector + "@" + source.attr;
}

// Every meta element with a content attribute, as "meta[name='x']" / "meta[property='x']" selectors.
std::vector<std::pair<std::string, std::string>> meta_values(const dom::Document& document) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const GumboNode* meta : select_all(document, "meta[content]")) {
        const auto content = dom::attribute(meta, "content");
        for (const char* key : {"property", "name", "itemprop"}) {
            const auto name = dom::attribute(meta, key);
            if (name && !name->empty() && name->find_first_of("'\\") == std::string_view::npos) {
                out.emplace_back("meta[" + std::string(key) + "='" + std::string(*name) + "']", std::string(*content));
                break;
            }
        }
    }
    return out;
}

// Chooses among sources (selector@attr) the one agreeing on most pages; `agrees` gets the source's value.
struct SourceAgreement {
    SourceCandidate source;
    Agreement agreement;
};
SourceAgreement agreeing_source(const std::vector<SourceCandidate>& candidates, const std::vector<ArticlePage>& pages,
                                const std::function<bool(std::size_t, const std::string&)>& agrees) {
    std::map<std::string, SourceCandidate> by_text;
    std::vector<std::string> texts;
    for (const SourceCandidate& candidate : candidates) {
        const std::string text = spelled(candidate);
        if (by_text.emplace(text, candidate).second) {
            texts.push_back(text);
        }
    }
    const Agreement agreement = most_agreeing(texts, pages.size(), [&](std::size_t page, const std::string& text) {
        const SourceCandidate& source = by_text.at(text);
        return agrees(page, first_value(*pages[page].document, source.selector, source.attr));
    });
    SourceAgreement out;
    out.agreement = agreement;
    if (!agreement.selector.empty()) {
        out.source = by_text.at(agreement.selector);
    }
    return out;
}

Result<Ok> infer_title(std::vector<ArticlePage>& pages, InferredSite& site) {
    site.title_suffixes = title_suffixes(pages);
    std::vector<SourceCandidate> candidates;
    for (const ArticlePage& page : pages) {
        const std::string title(page.generic.field("title"));
        for (const auto& [node, text] : page.short_texts) {
            if (text == title && page.document->tag_name(node) != "title") {
                for (std::string& selector : selector_candidates(*page.document, node)) {
                    candidates.push_back({std::move(selector), ""});
                }
            }
        }
    }
    const auto agrees = [&](std::size_t page, const std::string& value) {
        return !value.empty() && strip_suffixes(value, site.title_suffixes) == pages[page].generic.field("title");
    };
    SourceAgreement best = agreeing_source(candidates, pages, agrees);
    // The page's own heading first; the title meta and <title> as fallbacks (and as the source when no
    // element shows the title on every page).
    const SourceAgreement meta =
        agreeing_source({{"meta[property='og:title']", "content"}, {"title", ""}}, pages, agrees);
    if (meta.agreement.agreeing.size() > best.agreement.agreeing.size()) {
        best = meta;
    }
    if (best.agreement.agreeing.size() < pages.size()) {
        return layouts_error("title", best.agreement, pages);
    }
    site.title.push_back({best.source.selector, best.source.attr, ""});
    for (const SourceCandidate& fallback : {SourceCandidate{"meta[property='og:title']", "content"}, SourceCandidate{"title", ""}}) {
        if (spelled(fallback) != spelled(best.source)) {
            site.title.push_back({fallback.selector, fallback.attr, ""});
        }
    }
    site.report.push_back({"title", spelled(best.source), pages.size(), pages.size(), ""});
    return Ok{};
}

// ---- time ----

std::optional<std::string> normalised_time(const std::string& value) {
    const auto found = web::find_datetime(value);
    return found ? host::normalize_china_time(*found) : std::nullopt;
}

Result<Ok> infer_time(std::vector<ArticlePage>& pages, InferredSite& site) {
    std::vector<std::size_t> timed;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        if (!pages[i].generic.field("published_at").empty()) {
            timed.push_back(i);
        }
    }
    if (timed.empty()) {
        site.report.push_back({"time", "", 0, pages.size(), "the generic extractor found no time on any page"});
        return Ok{};
    }
    std::vector<SourceCandidate> candidates;
    for (const std::size_t i : timed) {
        const ArticlePage& page = pages[i];
        const std::string target(page.generic.field("published_at"));
        for (const auto& [node, text] : page.short_texts) {
            const auto time = normalised_time(text);
            if (time && time->substr(0, 16) == target.substr(0, 16)) {
                for (std::string& selector : selector_candidates(*page.document, node)) {
                    candidates.push_back({std::move(selector), ""});
                }
            }
        }
        for (const auto& [selector, content] : meta_values(*page.document)) {
            const auto time = normalised_time(content);
            if (time && time->substr(0, 16) == target.substr(0, 16)) {
                candidates.push_back({selector, "content"});
            }
        }
    }
    // Agreement to the second first (a meta tag often has the seconds a byline leaves out), else to the minute.
    const auto agreement_to = [&](std::size_t length) {
        return agreeing_source(candidates, pages, [&, length](std::size_t page, const std::string& value) {
            const std::string target(pages[page].generic.field("published_at"));
            if (target.empty()) {
                return true; // a page without a time agrees with any reading
            }
            if (value.size() > kShortText) {
                return false; // a large block holding a date somewhere (the first <div>) is not where it is printed
            }
            const auto time = normalised_time(value);
            return time && time->substr(0, length) == target.substr(0, length);
        });
    };
    SourceAgreement best = agreement_to(std::string("YYYY-MM-DDTHH:MM:SS").size());
    if (best.agreement.agreeing.size() < pages.size()) {
        const SourceAgreement minute = agreement_to(std::string("YYYY-MM-DDTHH:MM").size());
        if (minute.agreement.agreeing.size() > best.agreement.agreeing.size()) {
            best = minute;
        }
    }
    if (best.agreement.agreeing.size() < pages.size()) {
        return layouts_error("time", best.agreement, pages);
    }
    // The format of the printed time, when every page prints it alike.
    std::string format;
    if (best.source.attr.empty()) {
        std::set<std::string> formats;
        for (const ArticlePage& page : pages) {
            const std::string value = first_value(*page.document, best.source.selector, "");
            const auto found = web::find_time(value);
            formats.insert(found ? time_format_of(std::string_view(value).substr(found->position, found->length)) : "");
        }
        if (formats.size() == 1) {
            format = *formats.begin();
        }
    }
    site.time.push_back({best.source.selector, best.source.attr, format});
    site.report.push_back({"time", spelled(best.source), pages.size(), pages.size(),
                           format.empty() ? "" : "format " + format});
    return Ok{};
}

// ---- author ----

void infer_author(std::vector<ArticlePage>& pages, InferredSite& site) {
    std::vector<SourceCandidate> candidates;
    std::size_t with_author = 0;
    for (const ArticlePage& page : pages) {
        const std::string author(page.generic.field("author"));
        if (author.empty()) {
            continue;
        }
        ++with_author;
        for (const auto& [node, text] : page.short_texts) {
            if (text == author) {
                for (std::string& selector : selector_candidates(*page.document, node)) {
                    candidates.push_back({std::move(selector), ""});
                }
            }
        }
    }
    if (with_author == 0) {
        site.report.push_back({"author", "", 0, pages.size(), "the generic extractor found no author: left out"});
        return;
    }
    const SourceAgreement best = agreeing_source(candidates, pages, [&](std::size_t page, const std::string& value) {
        return value == pages[page].generic.field("author");
    });
    if (best.agreement.agreeing.size() < pages.size()) {
        site.report.push_back({"author", "", best.agreement.agreeing.size(), pages.size(),
                               "no selector agrees on every page: left out"});
        return;
    }
    site.author.push_back({best.source.selector, best.source.attr, ""});
    site.report.push_back({"author", spelled(best.source), pages.size(), pages.size(), ""});
}

// ---- body ----

// The deepest element whose text holds `needle`, and the ancestor of it whose text reads most like the body.
void locate_body(ArticlePage& page) {
    const std::vector<std::string>& paragraphs = page.generic.paragraphs;
    const auto longest = std::max_element(paragraphs.begin(), paragraphs.end(),
                                          [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
    if (longest == paragraphs.end()) {
        return;
    }
    const std::string needle = sdk::collapse_space(*longest);
    const GumboNode* at = nullptr;
    for (const GumboNode* candidate : select_all(*page.document, "body")) {
        at = candidate;
    }
    if (at == nullptr || flat_text(at).find(needle) == std::string::npos) {
        return;
    }
    for (bool descended = true; descended;) {
        descended = false;
        const GumboVector* children = dom::child_nodes(at);
        for (unsigned i = 0; children != nullptr && i < children->length; ++i) {
            const auto* child = static_cast<const GumboNode*>(children->data[i]);
            if (dom::is_element(child) && flat_text(child).find(needle) != std::string::npos) {
                at = child;
                descended = true;
                break;
            }
        }
    }
    for (const GumboNode* ancestor = at; ancestor != nullptr && dom::is_element(ancestor); ancestor = ancestor->parent) {
        const double f1 = host::char_f1(page.body_text, joined(body_pieces(ancestor, nullptr)));
        if (f1 > page.body_f1 + 1e-9) {
            page.body_f1 = f1;
            page.body = ancestor;
        }
        if (page.document->tag_name(ancestor) == "body") {
            break;
        }
    }
}

// True when `text` holds none of the generic body: not a part of it, and no paragraph of it inside.
bool outside_body(const std::string& text, const ArticlePage& page, const std::string& flat_body) {
    if (text.empty() || flat_body.find(text) != std::string::npos) {
        return text.empty();
    }
    return std::none_of(page.generic.paragraphs.begin(), page.generic.paragraphs.end(), [&](const std::string& p) {
        return text.find(sdk::collapse_space(p)) != std::string::npos;
    });
}

const GumboNode* first_match(const dom::Document& document, const std::string& selector) {
    const auto found = select_all(document, selector);
    return found.empty() ? nullptr : found.front();
}

// Blocks inside the body that are not article text (share bars, credits, related links): the generic extractor
// left them out. A drop selector must name such blocks on some page and never a block holding article text.
void infer_drops(std::vector<ArticlePage>& pages, InferredSite& site) {
    std::map<std::string, std::set<std::size_t>> removes_on; // selector -> pages where it removes something
    std::set<std::string> refused;
    std::vector<std::string> flat_bodies;
    for (const ArticlePage& page : pages) {
        flat_bodies.push_back(sdk::collapse_space(joined(page.generic.paragraphs)));
    }
    const auto valid_everywhere = [&](const std::string& selector) {
        for (std::size_t i = 0; i < pages.size(); ++i) {
            const GumboNode* body = first_match(*pages[i].document, site.body);
            for (const GumboNode* node : select_all(*pages[i].document, selector, body)) {
                if (!outside_body(flat_text(node), pages[i], flat_bodies[i])) {
                    return false;
                }
            }
        }
        return true;
    };
    for (std::size_t i = 0; i < pages.size(); ++i) {
        ArticlePage& page = pages[i];
        const GumboNode* body = first_match(*page.document, site.body);
        if (body == nullptr) {
            continue;
        }
        for (const GumboNode* node : select_all(*page.document, "*", body)) {
            if (!dom::attribute(node, "class") && !dom::attribute(node, "id")) {
                continue;
            }
            const std::string text = flat_text(node);
            if (text.empty() || !outside_body(text, page, flat_bodies[i])) {
                continue;
            }
            for (const std::string& selector : selector_candidates(*page.document, node)) {
                if (selector.find(' ') != std::string::npos || selector.find_first_of(".#[") == std::string::npos) {
                    continue; // only the block's own class or id: a drop rule says what it drops
                }
                if (refused.contains(selector)) {
                    continue;
                }
                if (!removes_on.contains(selector) && !valid_everywhere(selector)) {
                    refused.insert(selector);
                    continue;
                }
                removes_on[selector].insert(i);
            }
        }
    }
    // Most pages first, then shortest; a selector is kept when it removes an element the kept ones do not.
    std::vector<std::string> order;
    for (const auto& [selector, on] : removes_on) {
        order.push_back(selector);
    }
    std::sort(order.begin(), order.end(), [&](const std::string& a, const std::string& b) {
        const std::size_t na = removes_on[a].size();
        const std::size_t nb = removes_on[b].size();
        return na != nb ? na > nb : a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    constexpr std::size_t kMaxDrops = 16;
    std::vector<std::unordered_set<const GumboNode*>> removed(pages.size());
    const auto inside_removed = [&](std::size_t page, const GumboNode* node) {
        for (const GumboNode* at = node; at != nullptr; at = at->parent) {
            if (removed[page].contains(at)) {
                return true;
            }
        }
        return false;
    };
    for (const std::string& selector : order) {
        if (site.drop.size() >= kMaxDrops) {
            break;
        }
        bool adds = false;
        std::vector<std::pair<std::size_t, const GumboNode*>> found;
        for (std::size_t i = 0; i < pages.size(); ++i) {
            const GumboNode* body = first_match(*pages[i].document, site.body);
            for (const GumboNode* node : select_all(*pages[i].document, selector, body)) {
                adds = adds || !inside_removed(i, node);
                found.emplace_back(i, node);
            }
        }
        if (adds) {
            site.drop.push_back(selector);
            for (const auto& [i, node] : found) {
                removed[i].insert(node);
            }
        }
    }

    // What is still read but the generic extractor rejected: lines repeated on several pages, and editorial
    // labels ("责任编辑：", "（责编：") that never start article text.
    std::map<std::string, std::set<std::size_t>> leftover_on;
    std::set<std::string> labels;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const GumboNode* body = first_match(*pages[i].document, site.body);
        if (body == nullptr) {
            continue;
        }
        const std::set<std::string> wanted(pages[i].generic.paragraphs.begin(), pages[i].generic.paragraphs.end());
        for (const std::string& piece : body_pieces(body, &removed[i])) {
            if (wanted.contains(piece) || flat_bodies[i].find(piece) != std::string::npos) {
                continue;
            }
            leftover_on[piece].insert(i);
            const std::size_t colon = std::min(piece.find("："), piece.find(':'));
            if (colon != std::string::npos && colon > 0 && colon <= 18) {
                labels.insert(piece.substr(0, colon + (piece.compare(colon, 3, "：") == 0 ? 3 : 1)));
            }
        }
    }
    for (const std::string& label : labels) {
        const bool starts_article = std::any_of(pages.begin(), pages.end(), [&](const ArticlePage& page) {
            return std::any_of(page.generic.paragraphs.begin(), page.generic.paragraphs.end(),
                               [&](const std::string& p) { return p.starts_with(label); });
        });
        if (!starts_article) {
            site.drop_prefixes.push_back(label);
        }
    }
    // A line a prefix already drops is not listed again.
    for (const auto& [piece, on] : leftover_on) {
        const bool prefixed = std::any_of(site.drop_prefixes.begin(), site.drop_prefixes.end(),
                                          [&](const std::string& prefix) { return piece.starts_with(prefix); });
        if (on.size() >= 2 && !prefixed) {
            site.drop_lines.push_back(piece);
        }
    }
    site.report.push_back({"drop", std::to_string(site.drop.size()) + " selectors, " +
                                       std::to_string(site.drop_lines.size()) + " lines, " +
                                       std::to_string(site.drop_prefixes.size()) + " prefixes",
                           pages.size(), pages.size(), ""});
}

Result<Ok> infer_body(std::vector<ArticlePage>& pages, InferredSite& site) {
    std::vector<std::string> candidates;
    for (ArticlePage& page : pages) {
        locate_body(page);
        if (page.body == nullptr) {
            return make_error(page.sample->file + ": the body the generic extractor found is not in the page's "
                              "elements (read from its scripts?): a declarative site cannot read it",
                              2);
        }
        for (std::string& selector : selector_candidates(*page.document, page.body)) {
            candidates.push_back(std::move(selector));
        }
    }
    const Agreement best = most_agreeing(candidates, pages.size(), [&](std::size_t i, const std::string& selector) {
        const GumboNode* node = first_match(*pages[i].document, selector);
        if (node == nullptr) {
            return false;
        }
        const double f1 = host::char_f1(pages[i].body_text, joined(body_pieces(node, nullptr)));
        return f1 >= std::max(0.5, pages[i].body_f1 - 0.05);
    });
    if (best.agreeing.size() < pages.size()) {
        return layouts_error("body", best, pages);
    }
    site.body = best.selector;
    site.report.push_back({"body", site.body, pages.size(), pages.size(), ""});
    return Ok{};
}

// ---- URLs ----

std::vector<std::string> links_of(const SamplePage& sample) {
    std::vector<std::string> out;
    const auto document = dom::Document::parse(sample.html);
    for (const GumboNode* anchor : select_all(*document, "a[href]")) {
        auto resolved = web::resolve_url(sample.url, dom::attribute(anchor, "href").value_or(""), web::UrlOptions{{}});
        if (resolved) {
            out.push_back(std::move(resolved.value()));
        }
    }
    return out;
}

Result<Ok> infer_urls(const std::vector<SamplePage>& samples, InferredSite& site) {
    std::vector<std::string> article_urls;
    std::vector<std::string> list_urls;
    std::vector<std::string> hosts;
    for (const SamplePage& sample : samples) {
        (sample.list ? list_urls : article_urls).push_back(sample.url);
        const std::string h = host::url_host(sample.url);
        if (std::find(hosts.begin(), hosts.end(), h) == hosts.end()) {
            hosts.push_back(h);
        }
    }
    const std::string hosts_regex = host_pattern(hosts);
    if (hosts.size() == 1) {
        site.hosts = hosts;
    } else {
        site.hosts = {"*." + site_domain(hosts[0]), site_domain(hosts[0])};
    }
    // Links on the list pages shaped like the given articles join the samples when they keep the structure.
    std::vector<std::string> learned = article_urls;
    std::size_t vague = vague_segments(learned);
    std::size_t same_host_links = 0;
    std::size_t taken = 0;
    for (const SamplePage& sample : samples) {
        if (!sample.list) {
            continue;
        }
        for (const std::string& link : links_of(sample)) {
            if (std::find(hosts.begin(), hosts.end(), host::url_host(link)) == hosts.end() &&
                site_domain(host::url_host(link)) != site_domain(hosts[0])) {
                continue;
            }
            ++same_host_links;
            const std::size_t shapes_before = url_patterns(learned, hosts_regex).size();
            std::vector<std::string> trial = learned;
            trial.push_back(link);
            if (url_patterns(trial, hosts_regex).size() == shapes_before && vague_segments(trial) <= vague &&
                std::find(list_urls.begin(), list_urls.end(), link) == list_urls.end()) {
                learned = std::move(trial);
                ++taken;
            }
        }
    }
    site.article_patterns = url_patterns(learned, hosts_regex);
    for (const std::string& url : article_urls) {
        if (!matches_any(site.article_patterns, url)) {
            return make_error("the article URL pattern does not match " + url + " (a bug: please report it)", 1);
        }
    }
    for (const std::string& url : list_urls) {
        if (matches_any(site.article_patterns, url)) {
            return make_error("the list page URL " + url + " has the shape of the article URLs: it cannot be told "
                              "apart from them by its URL",
                              2);
        }
    }
    site.list_patterns = list_urls.empty() ? std::vector<std::string>{"^https?://" + hosts_regex + "/?$"}
                                           : url_patterns(list_urls, hosts_regex);
    site.seeds = list_urls.empty() ? std::vector<std::string>{"https://" + hosts[0] + "/"} : list_urls;
    std::string note = "matches the " + std::to_string(article_urls.size()) + " article URLs";
    if (same_host_links > 0) {
        std::size_t matched = 0;
        for (const SamplePage& sample : samples) {
            if (sample.list) {
                for (const std::string& link : links_of(sample)) {
                    matched += matches_any(site.article_patterns, link) ? 1 : 0;
                }
            }
        }
        note += "; generalised with " + std::to_string(taken) + " links of the list pages; takes " +
                std::to_string(matched) + " of their " + std::to_string(same_host_links) + " same-site links";
    }
    std::string patterns;
    for (const std::string& pattern : site.article_patterns) {
        patterns += (patterns.empty() ? "" : " ") + pattern;
    }
    site.report.push_back({"article URLs", patterns, article_urls.size(), article_urls.size(), note});
    return Ok{};
}

} // namespace

Result<InferredSite> infer_site(const std::string& id, const std::vector<SamplePage>& samples,
                                const plugin_host::Plugin& generic) {
    InferredSite site;
    site.id = id;
    std::vector<ArticlePage> pages;
    std::string first_domain;
    std::string first_url;
    for (const SamplePage& sample : samples) {
        if (!looks_like_html(sample.html)) {
            return make_error(sample.file + ": not an HTML page (it does not start with markup)", 2);
        }
        const auto parts = web::split_components(sample.url);
        if (!parts || (parts->scheme != "http" && parts->scheme != "https") || parts->host.empty()) {
            return make_error(sample.file + ": '" + sample.url + "' is not an http(s) URL", 2);
        }
        if (first_domain.empty()) {
            first_domain = site_domain(parts->host);
            first_url = sample.url;
        } else if (site_domain(parts->host) != first_domain) {
            return make_error("the pages are from different sites: " + first_url + " (" + first_domain + ") and " +
                                  sample.url + " (" + site_domain(parts->host) + "); a site's pages share one domain",
                              2);
        }
        if (sample.list) {
            continue;
        }
        ArticlePage page;
        page.sample = &sample;
        page.document = dom::Document::parse(sample.html);
        host::PageInput input;
        input.url = sample.url;
        input.body = sample.html;
        input.fetched_at = "2026-01-01T00:00:00+08:00";
        page.generic = host::run(generic, input, host::Mode{false, true}, page.document.get());
        if (!page.generic.extracted() || page.generic.field("title").empty()) {
            const std::string status =
                page.generic.extract_status ? std::string(host::status_name(*page.generic.extract_status)) : "not run";
            return make_error(sample.file + ": not an article page: the generic extractor finds no article in it (" +
                                  status + (page.generic.error.empty() ? "" : ": " + page.generic.error) +
                                  "); a list page goes with --list",
                              2);
        }
        page.body_text = joined(page.generic.paragraphs);
        for_each_element(*page.document, [&](const GumboNode* node) {
            // Only elements without a long text are kept (titles, times, bylines): the walk stays linear-ish.
            std::string text = flat_text(node);
            if (!text.empty() && text.size() <= kShortText) {
                page.short_texts.emplace_back(node, std::move(text));
            }
        });
        pages.push_back(std::move(page));
    }
    if (pages.size() < kMinArticles || pages.size() > kMaxArticles) {
        return make_error("give 2 to 10 article pages (--article FILE=URL), not " + std::to_string(pages.size()), 2);
    }
    if (auto urls = infer_urls(samples, site); !urls) {
        return urls.error();
    }
    if (auto title = infer_title(pages, site); !title) {
        return title.error();
    }
    if (auto time = infer_time(pages, site); !time) {
        return time.error();
    }
    infer_author(pages, site);
    if (auto body = infer_body(pages, site); !body) {
        return body.error();
    }
    infer_drops(pages, site);
    return site;
}

} // namespace newsarc::sitegen
