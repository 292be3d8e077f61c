// Inference of the title, time and author fields: the elements holding the generic extractor's values, and the
// selector (or meta tag) that reads the same value on every page.
#include "inference_steps.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

#include "newsarc/dom/document.hpp"
#include "newsarc/plugin_host/fixture.hpp"
#include "newsarc/plugin_host/run.hpp"
#include "newsarc/sdk/text.hpp"
#include "page_text.hpp"
#include "selector_candidates.hpp"
#include "newsarc/web/printed_time.hpp"
#include "newsarc/sitegen/time_format.hpp"

namespace newsarc::sitegen {
namespace {

namespace host = newsarc::plugin_host;

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


std::optional<std::string> normalised_time(const std::string& value) {
    const auto found = web::find_datetime(value);
    return found ? host::normalize_china_time(*found) : std::nullopt;
}


} // namespace

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


} // namespace newsarc::sitegen
