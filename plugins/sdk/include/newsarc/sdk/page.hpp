// Page: a fetched page or API answer as the host hands it to discover and extract.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsarc/plugin.h"
#include "newsarc/sdk/context.hpp"
#include "newsarc/sdk/json.hpp"
#include "newsarc/sdk/node.hpp"
#include "newsarc/sdk/status.hpp"
#include "newsarc/sdk/text.hpp"
#include "newsarc/sdk/url.hpp"

namespace newsarc::sdk {

/// A fetched page as the host hands it to discover/extract. Valid only during the call.
class Page {
public:
    Page(const newsarc_page* page, const Context* context) noexcept : page_(page), context_(context) {}

    [[nodiscard]] std::string_view url() const noexcept { return to_view(page_->url); }
    /// The document this fetch is for (equals url() unless the request named another document).
    [[nodiscard]] std::string_view document_url() const noexcept {
        const std::string_view document = to_view(page_->document_url);
        return document.empty() ? url() : document;
    }
    [[nodiscard]] int status() const noexcept { return page_->http_status; }
    [[nodiscard]] std::string_view content_type() const noexcept { return to_view(page_->content_type); }
    [[nodiscard]] std::string_view body() const noexcept { return to_view(page_->body); }
    [[nodiscard]] std::string_view fetched_at() const noexcept {
        return page_->struct_size >= offsetof(newsarc_page, fetched_at) + sizeof(newsarc_str)
                   ? to_view(page_->fetched_at)
                   : std::string_view{};
    }
    /// True when the body was parsed as HTML (root() is not empty).
    [[nodiscard]] bool is_html() const noexcept { return page_->root != nullptr; }
    [[nodiscard]] const newsarc_page* c_page() const noexcept { return page_; }
    [[nodiscard]] const Context& context() const noexcept { return *context_; }
    [[nodiscard]] const Context& log() const noexcept { return *context_; }

    /// The document node (empty when the body is not HTML).
    [[nodiscard]] Node root() const noexcept { return Node(context_, page_->root); }
    [[nodiscard]] std::vector<Node> select(std::string_view selector) const { return root().select(selector); }
    [[nodiscard]] Node select_first(std::string_view selector) const { return root().select_first(selector); }

    /// The content attribute of <meta name=NAME> or <meta property=NAME>, or nullopt.
    [[nodiscard]] std::optional<std::string_view> meta(std::string_view name) const {
        const std::string quoted = "\"" + std::string(name) + "\"";
        for (const char* key : {"property", "name", "itemprop"}) {
            const Node node = select_first("meta[" + std::string(key) + "=" + quoted + "]");
            if (node) {
                if (const auto content = node.attr("content")) {
                    return content;
                }
            }
        }
        return std::nullopt;
    }

    /// `href` resolved against the page URL and normalized by the host (see url::resolve); empty when it
    /// names no http(s) URL.
    [[nodiscard]] std::string resolve(std::string_view href) const { return url::resolve(url(), href); }

    /// The body parsed as JSON; throws sdk::Error naming the URL when it is not JSON.
    [[nodiscard]] nlohmann::json json() const {
        nlohmann::json value = nlohmann::json::parse(body(), nullptr, false);
        if (value.is_discarded()) {
            throw Error("page " + std::string(url()) + " is not valid JSON");
        }
        return value;
    }

    /// Embedded JSON state. With `marker` "#some_id": the body of <script id="some_id"> parsed as JSON (e.g.
    /// "#__NUXT_DATA__", "#__NEXT_DATA__"). Otherwise: the first JSON object or array that follows `marker`
    /// inside a <script> (e.g. "window.__INITIAL_STATE__" for `window.__INITIAL_STATE__ = {...};`), or inside
    /// the body when the page is not HTML. nullopt when nothing parses.
    [[nodiscard]] std::optional<nlohmann::json> script_json(std::string_view marker) const {
        if (marker.starts_with("#")) {
            const std::string selector = "script[id=\"" + std::string(marker.substr(1)) + "\"]";
            const Node script = select_first(selector);
            if (!script) {
                return std::nullopt;
            }
            nlohmann::json value = nlohmann::json::parse(trim(script.raw_text()), nullptr, false);
            return value.is_discarded() ? std::nullopt : std::optional<nlohmann::json>(std::move(value));
        }
        if (!is_html()) {
            return json_after(body(), marker);
        }
        for (const Node& script : select("script")) {
            const std::string_view code = script.raw_text();
            if (code.find(marker) != std::string_view::npos) {
                if (auto value = json_after(code, marker)) {
                    return value;
                }
            }
        }
        return std::nullopt;
    }

private:
    const newsarc_page* page_;
    const Context* context_;
};

} // namespace newsarc::sdk
