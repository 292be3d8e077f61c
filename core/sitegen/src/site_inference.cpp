// Site inference: the generic extractor's reading of each sample page, the nodes it took each field from, and
// the selectors, time format, drop rules and URL patterns that give the same reading on every page.
#include "newsarc/sitegen/site_inference.hpp"

#include <algorithm>

#include "inference_steps.hpp"
#include "newsarc/plugin_host/run.hpp"
#include "newsarc/sitegen/url_pattern.hpp"
#include "newsarc/web/url.hpp"
#include "page_text.hpp"

namespace newsarc::sitegen {
namespace {

namespace host = newsarc::plugin_host;

constexpr std::size_t kMinArticles = 2;
constexpr std::size_t kMaxArticles = 10;

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

} // namespace

Error layouts_error(const std::string& field, const Cover& cover, const std::vector<ArticlePage>& pages) {
    std::vector<std::size_t> read;
    for (const auto& reads : cover.reads) {
        read.insert(read.end(), reads.begin(), reads.end());
    }
    std::sort(read.begin(), read.end());
    if (!cover.blocked.empty()) {
        // Two layouts no list tells apart: what reads one of them finds something else on the other.
        std::string message = "the pages disagree on the " + field + " (two layouts?): ";
        if (!cover.selectors.empty()) {
            message += "after '" + cover.selectors.back() + "' (" + page_list(pages, read) + "), ";
        }
        return make_error(message + "'" + cover.blocked + "' reads it on " + page_list(pages, cover.blocked_reads) +
                              " but finds something else on " + page_list(pages, cover.blocked_wrong) +
                              ", and no selector reads it on one of " + page_list(pages, cover.unread) +
                              " without finding something else on another; give pages of one layout, or make one "
                              "site per layout",
                          2);
    }
    if (read.empty()) {
        return make_error("the pages disagree on the " + field + ": no selector finds it as the generic extractor does "
                          "on any page (" + page_list(pages, cover.unread) + ")", 2);
    }
    std::string selectors;
    for (const std::string& selector : cover.selectors) {
        selectors += (selectors.empty() ? "'" : "', then '") + selector;
    }
    return make_error("the pages disagree on the " + field + " (two layouts?): " + selectors + "' read it on " +
                          page_list(pages, read) + ", but no list of at most " + std::to_string(kMaxAlternatives) +
                          " alternatives also reads it on " + page_list(pages, cover.unread) +
                          " (a selector that finds it there finds something else on the others); give pages of one "
                          "layout, or make one site per layout",
                      2);
}

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
