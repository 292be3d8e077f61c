// Node: an element of the page's DOM, queried through the host (CSS selectors, text, attributes).
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/plugin.h"
#include "newsarc/sdk/context.hpp"
#include "newsarc/sdk/status.hpp"
#include "newsarc/sdk/text.hpp"

namespace newsarc::sdk {

/// A node of the page's DOM (an element, usually). A default-constructed Node is "empty": every query on it
/// returns nothing (no matches, empty text, no attributes), so chains such as
/// `page.select_first("h1").text()` need no checks. Valid only during the plugin call that produced it.
class Node {
public:
    Node() noexcept = default;
    Node(const Context* context, newsarc_node node) noexcept : context_(context), node_(node) {}

    [[nodiscard]] bool empty() const noexcept { return node_ == nullptr || context_ == nullptr; }
    explicit operator bool() const noexcept { return !empty(); }
    [[nodiscard]] newsarc_node handle() const noexcept { return node_; }

    /// Every element under this node matching the CSS selector, in document order. Throws sdk::Error when
    /// the selector does not parse (a bug in the plugin, reported as NEWSARC_FAILED naming the selector).
    [[nodiscard]] std::vector<Node> select(std::string_view selector) const {
        std::vector<Node> nodes;
        if (empty()) {
            return nodes;
        }
        const newsarc_node* matches = nullptr;
        std::size_t count = 0;
        if (context_->host()->select(context_->call(), node_, to_c(selector), &matches, &count) != 0) {
            throw Error("CSS selector does not parse: '" + std::string(selector) + "'");
        }
        nodes.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            nodes.emplace_back(context_, matches[i]);
        }
        return nodes;
    }

    /// The first match of `selector` under this node, or an empty Node.
    [[nodiscard]] Node select_first(std::string_view selector) const {
        std::vector<Node> nodes = select(selector);
        return nodes.empty() ? Node() : nodes.front();
    }

    /// The node's text: block elements become paragraph breaks ("\n\n"), <br> a line break ("\n"), runs of
    /// white space one space; script, style, noscript and template content are skipped; trimmed.
    [[nodiscard]] std::string_view text() const noexcept {
        return empty() ? std::string_view{} : to_view(context_->host()->text(context_->call(), node_));
    }

    /// text() cut at its paragraph breaks, each piece trimmed, empty pieces dropped.
    [[nodiscard]] std::vector<std::string_view> paragraphs() const { return split_trimmed(text(), "\n\n"); }

    /// An attribute's value, or nullopt when the attribute is absent.
    [[nodiscard]] std::optional<std::string_view> attr(std::string_view name) const noexcept {
        if (empty()) {
            return std::nullopt;
        }
        const newsarc_str value = context_->host()->attr(context_->call(), node_, to_c(name));
        if (value.data == nullptr) {
            return std::nullopt;
        }
        return std::string_view(value.data, value.size);
    }

    /// An attribute's value, or `fallback` when absent.
    [[nodiscard]] std::string_view attr_or(std::string_view name, std::string_view fallback = {}) const noexcept {
        return attr(name).value_or(fallback);
    }

    /// True when the class attribute contains `name` as a whole word.
    [[nodiscard]] bool has_class(std::string_view name) const noexcept {
        const std::string_view classes = attr_or("class");
        std::size_t start = 0;
        while (start < classes.size()) {
            const std::size_t end = std::min(classes.find_first_of(" \t\r\n\f", start), classes.size());
            if (classes.substr(start, end - start) == name) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /// Lower-case tag name ("div"); empty for text, comment and document nodes and for an empty Node.
    [[nodiscard]] std::string_view tag() const noexcept {
        return empty() ? std::string_view{} : to_view(context_->host()->tag(context_->call(), node_));
    }

    /// The children's text exactly as in the source (for <script> bodies with embedded JSON).
    [[nodiscard]] std::string_view raw_text() const noexcept {
        return empty() ? std::string_view{} : to_view(context_->host()->raw_text(context_->call(), node_));
    }

    /// The parent element (empty at the document node).
    [[nodiscard]] Node parent() const noexcept {
        return empty() ? Node() : Node(context_, context_->host()->parent(context_->call(), node_));
    }

    /// Element children, in order.
    [[nodiscard]] std::vector<Node> children() const {
        std::vector<Node> nodes;
        if (empty()) {
            return nodes;
        }
        const newsarc_node* list = nullptr;
        std::size_t count = 0;
        if (context_->host()->children(context_->call(), node_, &list, &count) != 0) {
            return nodes;
        }
        nodes.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            nodes.emplace_back(context_, list[i]);
        }
        return nodes;
    }

    friend bool operator==(const Node& a, const Node& b) noexcept { return a.node_ == b.node_; }

private:
    const Context* context_ = nullptr;
    newsarc_node node_ = nullptr;
};

} // namespace newsarc::sdk
