// <a href> discovery over gumbo's tree (iterative walk: hostile pages can nest deeply).
#include "newsarc/crawl/links.hpp"

#include <gumbo.h>


#include "newsarc/dom/document.hpp"
#include "unique_links.hpp"

namespace newsarc::crawl {
namespace {

const char* attribute(const GumboElement& element, const char* name) {
    const GumboAttribute* found = gumbo_get_attribute(&element.attributes, name);
    return found != nullptr ? found->value : nullptr;
}

} // namespace

void extract_links(const GumboInternalOutput& document, std::string_view page_url, const UrlOptions& options,
                   const std::function<void(std::string&& url)>& each) {
    std::vector<const GumboNode*> hrefs;
    std::string base(page_url);
    bool base_seen = false;
    std::vector<const GumboNode*> stack{document.root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) {
            continue;
        }
        const GumboElement& element = node->v.element;
        if (element.tag == GUMBO_TAG_A || element.tag == GUMBO_TAG_AREA) {
            if (attribute(element, "href") != nullptr) {
                hrefs.push_back(node);
            }
        } else if (element.tag == GUMBO_TAG_BASE && !base_seen) {
            if (const char* href = attribute(element, "href"); href != nullptr) {
                // Only the first <base href> counts, and only if it resolves.
                base_seen = true;
                if (auto resolved = resolve_url(page_url, href, options)) {
                    base = std::move(resolved.value());
                }
            }
        }
        // Children in reverse so the stack pops them in document order.
        for (unsigned i = element.children.length; i > 0; --i) {
            stack.push_back(static_cast<const GumboNode*>(element.children.data[i - 1]));
        }
    }
    auto resolver = web::UrlResolver::for_base(base);
    if (!resolver) {
        return; // no link resolves against a base curl cannot parse
    }
    for (const GumboNode* node : hrefs) {
        if (auto resolved = resolver->resolve(attribute(node->v.element, "href"), options)) {
            each(std::move(resolved.value()));
        }
    }
}

std::vector<std::string> extract_links(const GumboInternalOutput& document, std::string_view page_url,
                                       const UrlOptions& options) {
    return unique_links([&](const auto& each) { extract_links(document, page_url, options, each); });
}

std::vector<std::string> extract_links(std::string_view html_utf8, std::string_view page_url,
                                       const UrlOptions& options) {
    // dom::Document flattens hostile nesting before gumbo sees it.
    const auto document = dom::Document::parse(html_utf8);
    std::vector<std::string> links = extract_links(*document->output(), page_url, options);
    return links;
}

} // namespace newsarc::crawl
