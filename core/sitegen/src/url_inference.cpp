// Inference of the hosts and the article and list URL patterns, from the given URLs and the list pages' links.
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
#include "newsarc/sitegen/url_pattern.hpp"
#include "newsarc/web/url.hpp"

namespace newsarc::sitegen {
namespace {

namespace host = newsarc::plugin_host;

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


} // namespace

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
    // The site is its registrable domain: a portal's channels live on subdomains (finance.people.com.cn,
    // health.people.com.cn, pl.ifeng.com), so pages of one host still make a site of all of them; the path
    // patterns say which of their pages are articles.
    const std::string hosts_regex = domain_pattern(hosts[0]);
    site.hosts = {"*." + site_domain(hosts[0]), site_domain(hosts[0])};
    // Links on the list pages shaped like the given articles join the samples when they keep the structure.
    std::vector<std::string> learned = article_urls;
    Generality structure = generality(learned);
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
            std::vector<std::string> trial = learned;
            trial.push_back(link);
            const Generality after = generality(trial);
            if (after.keeps(structure) && std::find(list_urls.begin(), list_urls.end(), link) == list_urls.end()) {
                learned = std::move(trial);
                structure = after;
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


} // namespace newsarc::sitegen
