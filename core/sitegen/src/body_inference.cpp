// Inference of the body: the container the generic extractor's paragraphs came from, the selector naming it on
// every page, and the drop rules for what inside it is not article text.
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

namespace newsarc::sitegen {
namespace {

namespace host = newsarc::plugin_host;


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

} // namespace

void infer_drops(std::vector<ArticlePage>& pages, InferredSite& site) {
    std::map<std::string, std::set<std::size_t>> removes_on; // selector -> pages where it removes something
    std::set<std::string> refused;
    std::vector<std::string> flat_bodies;
    for (const ArticlePage& page : pages) {
        flat_bodies.push_back(sdk::collapse_space(joined(page.generic.paragraphs)));
    }
    const auto valid_everywhere = [&](const std::string& selector) {
        for (std::size_t i = 0; i < pages.size(); ++i) {
            const GumboNode* body = body_of(pages[i], site);
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
        const GumboNode* body = body_of(page, site);
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
            const GumboNode* body = body_of(pages[i], site);
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
        const GumboNode* body = body_of(pages[i], site);
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

const GumboNode* body_of(const ArticlePage& page, const InferredSite& site) {
    for (const std::string& selector : site.body) {
        if (const GumboNode* node = first_match(*page.document, selector)) {
            return node;
        }
    }
    return nullptr;
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
    // The reader takes the first alternative that matches: one that matches the wrong block on a page of
    // another layout cannot come before that layout's own.
    const Cover cover = ordered_cover(shortest_first(std::move(candidates)), std::vector<bool>(pages.size(), true),
                                      kMaxAlternatives, [&](std::size_t i, const std::string& selector) {
                                          const GumboNode* node = first_match(*pages[i].document, selector);
                                          if (node == nullptr) {
                                              return Verdict::absent;
                                          }
                                          const double f1 = host::char_f1(pages[i].body_text,
                                                                          joined(body_pieces(node, nullptr)));
                                          return f1 >= std::max(0.5, pages[i].body_f1 - 0.05) ? Verdict::agrees
                                                                                              : Verdict::wrong;
                                      });
    if (!cover.complete()) {
        return layouts_error("body", cover, pages);
    }
    site.body = cover.selectors;
    std::string spelled;
    std::string note;
    for (std::size_t k = 0; k < cover.selectors.size(); ++k) {
        spelled += (spelled.empty() ? "" : " | ") + cover.selectors[k];
        const std::size_t n = cover.reads[k].size();
        note += (note.empty() ? "layouts: " : " | ") + cover.selectors[k] + " (" + std::to_string(n) +
                (n == 1 ? " page)" : " pages)");
    }
    site.report.push_back({"body", spelled, pages.size(), pages.size(), cover.selectors.size() > 1 ? note : ""});
    return Ok{};
}


} // namespace newsarc::sitegen
