// Reading a parsed page as the declarative-site reader does (see page_text.hpp).
#include "page_text.hpp"

#include "newsarc/dom/selector.hpp"
#include "newsarc/dom/text.hpp"
#include "newsarc/sdk/text.hpp"

namespace newsarc::sitegen {

std::string flat_text(const GumboNode* node) {
    return sdk::collapse_space(dom::text(node));
}

std::vector<std::string> body_pieces(const GumboNode* node, const std::unordered_set<const GumboNode*>* skip) {
    dom::TextOptions options;
    options.skip = skip;
    std::vector<std::string> out;
    // The text outlives the loop: split_trimmed's views point into it (a temporary in the range-for's
    // initialiser would be destroyed before the loop body runs).
    const std::string text = dom::text(node, options);
    for (const std::string_view piece : sdk::split_trimmed(text, "\n\n")) {
        std::string paragraph = sdk::collapse_space(piece);
        if (!paragraph.empty()) {
            out.push_back(std::move(paragraph));
        }
    }
    return out;
}

void for_each_element(const dom::Document& document, const std::function<void(const GumboNode*)>& visit) {
    // Iterative pre-order walk: pages nest up to dom::kMaxDepth levels.
    std::vector<const GumboNode*> stack{document.root()};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (dom::is_element(node)) {
            const std::string_view tag = document.tag_name(node);
            // <head> shows nothing on the page: its <title> is read as a fallback by name, never as "head".
            if (tag == "script" || tag == "style" || tag == "noscript" || tag == "template" || tag == "head") {
                continue;
            }
            visit(node);
        }
        const GumboVector* children = dom::child_nodes(node);
        if (children == nullptr) {
            continue;
        }
        for (unsigned i = children->length; i > 0; --i) {
            const auto* child = static_cast<const GumboNode*>(children->data[i - 1]);
            if (dom::is_element(child) || child->type == GUMBO_NODE_DOCUMENT) {
                stack.push_back(child);
            }
        }
    }
}

std::vector<const GumboNode*> select_all(const dom::Document& document, const std::string& selector,
                                         const GumboNode* scope) {
    std::vector<const GumboNode*> found;
    const auto compiled = dom::compile_cached(selector);
    if (compiled) {
        compiled.value()->select(document, scope, found);
    }
    return found;
}

std::string first_value(const dom::Document& document, const std::string& selector, const std::string& attr) {
    const auto found = select_all(document, selector);
    if (found.empty()) {
        return {};
    }
    if (!attr.empty()) {
        return sdk::collapse_space(dom::attribute(found.front(), attr).value_or(""));
    }
    return flat_text(found.front());
}

std::string joined(const std::vector<std::string>& paragraphs) {
    std::string out;
    for (const std::string& paragraph : paragraphs) {
        out += out.empty() ? "" : "\n";
        out += paragraph;
    }
    return out;
}

} // namespace newsarc::sitegen
