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

// The ordered alternatives among sources (selector@attr, in the caller's order of preference) that read every
// page as the generic extractor did; `verdict` judges the source's value on a page.
struct SourceCover {
    std::vector<SourceCandidate> sources;
    Cover cover;
};
SourceCover source_cover(const std::vector<SourceCandidate>& candidates, const std::vector<ArticlePage>& pages,
                         const std::vector<bool>& required,
                         const std::function<Verdict(std::size_t, const std::string&)>& verdict) {
    std::map<std::string, SourceCandidate> by_text;
    std::vector<std::string> texts;
    for (const SourceCandidate& candidate : candidates) {
        const std::string text = spelled(candidate);
        if (by_text.emplace(text, candidate).second) {
            texts.push_back(text);
        }
    }
    SourceCover out;
    out.cover = ordered_cover(texts, required, kMaxAlternatives, [&](std::size_t page, const std::string& text) {
        const SourceCandidate& source = by_text.at(text);
        return verdict(page, first_value(*pages[page].document, source.selector, source.attr));
    });
    for (const std::string& text : out.cover.selectors) {
        out.sources.push_back(by_text.at(text));
    }
    return out;
}

// Element candidates shortest first (as the page shows the value), then `fallbacks` in their order.
std::vector<SourceCandidate> by_preference(std::vector<std::string> selectors, const std::vector<SourceCandidate>& fallbacks) {
    std::vector<SourceCandidate> out;
    for (std::string& selector : shortest_first(std::move(selectors))) {
        out.push_back({std::move(selector), ""});
    }
    out.insert(out.end(), fallbacks.begin(), fallbacks.end());
    return out;
}

// "h1 (2 pages) | h2 (1 page)": what the report shows for a list of alternatives.
std::string cover_note(const SourceCover& found) {
    if (found.sources.size() < 2) {
        return "";
    }
    std::string out = "layouts: ";
    for (std::size_t i = 0; i < found.sources.size(); ++i) {
        const std::size_t n = found.cover.reads[i].size();
        out += (i == 0 ? "" : " | ") + spelled(found.sources[i]) + " (" + std::to_string(n) + (n == 1 ? " page)" : " pages)");
    }
    return out;
}

std::string spelled_all(const std::vector<SourceCandidate>& sources) {
    std::string out;
    for (const SourceCandidate& source : sources) {
        out += (out.empty() ? "" : " | ") + spelled(source);
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
    std::vector<std::string> selectors;
    for (const ArticlePage& page : pages) {
        const std::string title(page.generic.field("title"));
        for (const auto& [node, text] : page.short_texts) {
            if (text == title && page.document->tag_name(node) != "title") {
                for (std::string& selector : selector_candidates(*page.document, node)) {
                    selectors.push_back(std::move(selector));
                }
            }
        }
    }
    // The page's own headings first, one per layout; the title meta and <title> only after them, and as the
    // source only when no list of headings reads every page: their site suffix varies by channel
    // ("--健康·生活--人民网"), so a layout the samples did not show is read better by its heading.
    const std::vector<SourceCandidate> metas = {{"meta[property='og:title']", "content"}, {"title", ""}};
    const auto verdict = [&](std::size_t page, const std::string& value) {
        if (value.empty()) {
            return Verdict::absent;
        }
        return strip_suffixes(value, site.title_suffixes) == pages[page].generic.field("title") ? Verdict::agrees
                                                                                                 : Verdict::wrong;
    };
    const std::vector<bool> every(pages.size(), true);
    SourceCover found = source_cover(by_preference(selectors, {}), pages, every, verdict);
    if (!found.cover.complete()) {
        found = source_cover(by_preference(std::move(selectors), metas), pages, every, verdict);
    }
    if (!found.cover.complete()) {
        return layouts_error("title", found.cover, pages);
    }
    for (const SourceCandidate& source : found.sources) {
        site.title.push_back({source.selector, source.attr, ""});
    }
    for (const SourceCandidate& fallback : metas) {
        if (std::none_of(found.sources.begin(), found.sources.end(),
                         [&](const SourceCandidate& source) { return spelled(source) == spelled(fallback); })) {
            site.title.push_back({fallback.selector, fallback.attr, ""});
        }
    }
    site.report.push_back({"title", spelled_all(found.sources), pages.size(), pages.size(), cover_note(found)});
    return Ok{};
}


Result<Ok> infer_time(std::vector<ArticlePage>& pages, InferredSite& site) {
    std::vector<bool> timed(pages.size(), false);
    for (std::size_t i = 0; i < pages.size(); ++i) {
        timed[i] = !pages[i].generic.field("published_at").empty();
    }
    if (std::none_of(timed.begin(), timed.end(), [](bool t) { return t; })) {
        site.report.push_back({"time", "", 0, pages.size(), "the generic extractor found no time on any page"});
        return Ok{};
    }
    std::vector<std::string> selectors;
    std::vector<SourceCandidate> metas;
    std::vector<std::size_t> timed_pages;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        if (!timed[i]) {
            continue;
        }
        timed_pages.push_back(i);
        const ArticlePage& page = pages[i];
        const std::string target(page.generic.field("published_at"));
        for (const auto& [node, text] : page.short_texts) {
            const auto time = normalised_time(text);
            if (time && time->substr(0, 16) == target.substr(0, 16)) {
                for (std::string& selector : selector_candidates(*page.document, node)) {
                    selectors.push_back(std::move(selector));
                }
            }
        }
        for (const auto& [selector, content] : meta_values(*page.document)) {
            const auto time = normalised_time(content);
            if (time && time->substr(0, 16) == target.substr(0, 16)) {
                metas.push_back({selector, "content"});
            }
        }
    }
    // The printed time and the meta tags are tried alike, shortest first (a meta tag often has the seconds a
    // byline leaves out). Agreement to the second first, else to the minute. A page without a time may be
    // read by any alternative (the reader takes what it finds there).
    std::vector<SourceCandidate> candidates = by_preference(std::move(selectors), {});
    candidates.insert(candidates.end(), metas.begin(), metas.end());
    std::sort(metas.begin(), metas.end(), [](const SourceCandidate& a, const SourceCandidate& b) {
        return spelled(a) < spelled(b);
    });
    metas.erase(std::unique(metas.begin(), metas.end(),
                            [](const SourceCandidate& a, const SourceCandidate& b) { return spelled(a) == spelled(b); }),
                metas.end());
    std::stable_sort(candidates.begin(), candidates.end(), [](const SourceCandidate& a, const SourceCandidate& b) {
        return spelled(a).size() < spelled(b).size();
    });
    const auto cover_to = [&](std::size_t length) {
        return source_cover(candidates, pages, timed, [&, length](std::size_t page, const std::string& value) {
            const auto time = value.empty() ? std::nullopt : normalised_time(value);
            if (!time) {
                return Verdict::absent; // the reader goes on to the next alternative
            }
            const std::string target(pages[page].generic.field("published_at"));
            if (target.empty()) {
                return Verdict::agrees;
            }
            if (value.size() > kShortText) {
                return Verdict::wrong; // a large block holding a date somewhere (the first <div>) is not where it is printed
            }
            return time->substr(0, length) == target.substr(0, length) ? Verdict::agrees : Verdict::wrong;
        });
    };
    SourceCover found = cover_to(std::string("YYYY-MM-DDTHH:MM:SS").size());
    if (!found.cover.complete()) {
        SourceCover minute = cover_to(std::string("YYYY-MM-DDTHH:MM").size());
        if (minute.cover.unread.size() < found.cover.unread.size()) {
            found = std::move(minute);
        }
    }
    if (!found.cover.complete()) {
        return layouts_error("time", found.cover, pages);
    }
    // Each alternative's format: the one its pages print alike (per layout).
    std::string formats_note;
    for (std::size_t k = 0; k < found.sources.size(); ++k) {
        const SourceCandidate& source = found.sources[k];
        std::string format;
        if (source.attr.empty()) {
            std::set<std::string> formats;
            for (const std::size_t i : found.cover.reads[k]) {
                const std::string value = first_value(*pages[i].document, source.selector, "");
                const auto printed = web::find_time(value);
                formats.insert(printed ? time_format_of(std::string_view(value).substr(printed->position, printed->length))
                                       : "");
            }
            if (formats.size() == 1) {
                format = *formats.begin();
            }
        }
        if (!format.empty()) {
            formats_note += (formats_note.empty() ? "format " : ", ") + format;
        }
        site.time.push_back({source.selector, source.attr, format});
    }
    // The same elements without their format after them: a page of the layout that prints its time another
    // way ("2022-06-02 09:52:19" where the samples print "2024年01月25日 18:03:35") is still read, by the
    // reader's own date finder (the one the alternatives were checked with).
    const std::size_t formatted = site.time.size();
    for (std::size_t k = 0; k < formatted; ++k) {
        if (!site.time[k].format.empty()) {
            site.time.push_back({site.time[k].selector, site.time[k].attr, ""});
        }
    }
    // Then the meta tags that state the same time on every sample page (to the minute): they do not depend on
    // the layout, so a page whose byline sits elsewhere (pl.ifeng.com's commentary pages) still has a time.
    std::set<std::string> listed;
    for (const FieldSource& source : site.time) {
        listed.insert(spelled({source.selector, source.attr}));
    }
    std::stable_sort(metas.begin(), metas.end(), [](const SourceCandidate& a, const SourceCandidate& b) {
        return spelled(a).size() < spelled(b).size();
    });
    for (const SourceCandidate& meta : metas) {
        const bool everywhere = std::all_of(timed_pages.begin(), timed_pages.end(), [&](std::size_t i) {
            const auto time = normalised_time(first_value(*pages[i].document, meta.selector, meta.attr));
            return time && time->substr(0, 16) == std::string(pages[i].generic.field("published_at")).substr(0, 16);
        });
        if (everywhere && listed.insert(spelled(meta)).second) {
            site.time.push_back({meta.selector, meta.attr, ""});
        }
    }
    const std::string layouts = cover_note(found);
    site.report.push_back({"time", spelled_all(found.sources), pages.size(), pages.size(),
                           formats_note + (formats_note.empty() || layouts.empty() ? "" : "; ") + layouts});
    return Ok{};
}


void infer_author(std::vector<ArticlePage>& pages, InferredSite& site) {
    std::vector<std::string> selectors;
    std::vector<bool> with_author(pages.size(), false);
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const ArticlePage& page = pages[i];
        const std::string author(page.generic.field("author"));
        if (author.empty()) {
            continue;
        }
        with_author[i] = true;
        for (const auto& [node, text] : page.short_texts) {
            if (text == author) {
                for (std::string& selector : selector_candidates(*page.document, node)) {
                    selectors.push_back(std::move(selector));
                }
            }
        }
    }
    const std::size_t authored = static_cast<std::size_t>(std::count(with_author.begin(), with_author.end(), true));
    if (authored == 0) {
        site.report.push_back({"author", "", 0, pages.size(), "the generic extractor found no author: left out"});
        return;
    }
    // A page without an author must not get one from an alternative.
    const SourceCover found = source_cover(by_preference(std::move(selectors), {}), pages, with_author,
                                           [&](std::size_t page, const std::string& value) {
                                               if (value.empty()) {
                                                   return Verdict::absent;
                                               }
                                               return value == pages[page].generic.field("author") ? Verdict::agrees
                                                                                                   : Verdict::wrong;
                                           });
    if (!found.cover.complete()) {
        site.report.push_back({"author", "", authored - found.cover.unread.size(), pages.size(),
                               "no selector list agrees on every page: left out"});
        return;
    }
    for (const SourceCandidate& source : found.sources) {
        site.author.push_back({source.selector, source.attr, ""});
    }
    site.report.push_back({"author", spelled_all(found.sources), pages.size(), pages.size(), cover_note(found)});
}


} // namespace newsarc::sitegen
