// Discovery: the links and requests discover, prepare and seeds emit.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "newsarc/plugin.h"
#include "newsarc/sdk/context.hpp"
#include "newsarc/sdk/status.hpp"
#include "newsarc/sdk/text.hpp"
#include "newsarc/sdk/url.hpp"

namespace newsarc::sdk {

/// A request to make (see newsarc_request in plugin.h).
struct Request {
    std::string url;
    PageKind kind = PageKind::article;
    int priority = 0;
    std::string method = "GET";
    std::string body;
    std::string headers;      ///< "Name: value" lines separated by '\n'
    std::string document_url; ///< the article's own URL when this request fetches it through another URL
};

/// Discovery output: links and requests to follow. Relative URLs are resolved against the base (the page
/// URL in discover, the URL being prepared in prepare) and normalized by the host as the crawler keys pages
/// (fragments dropped); anything that is not http(s) after resolving (javascript:, mailto:, empty) is
/// skipped silently.
class Discovery {
public:
    Discovery(const Context* context, std::string_view base) : context_(context), base_(base) {}

    /// Emits a GET of `href` expected to be of `kind`. Returns false when the link was skipped.
    bool link(std::string_view href, PageKind kind = PageKind::article, int priority = 0) {
        const std::string absolute = absolute_url(href);
        if (absolute.empty()) {
            return false;
        }
        context_->host()->emit_link(context_->call(), to_c(absolute), static_cast<newsarc_page_kind>(kind),
                                    priority);
        ++count_;
        return true;
    }

    /// Emits a full request (POST, headers, an API URL standing for another document).
    bool request(const Request& request) {
        const std::string absolute = absolute_url(request.url);
        if (absolute.empty()) {
            return false;
        }
        newsarc_request c_request{};
        c_request.struct_size = sizeof(newsarc_request);
        c_request.method = to_c(request.method);
        c_request.url = to_c(absolute);
        c_request.body = to_c(request.body);
        c_request.headers = to_c(request.headers);
        c_request.kind = static_cast<newsarc_page_kind>(request.kind);
        c_request.priority = request.priority;
        c_request.document_url = to_c(request.document_url);
        context_->host()->emit_request(context_->call(), &c_request);
        ++count_;
        return true;
    }

    /// How many links and requests were emitted.
    [[nodiscard]] std::size_t count() const noexcept { return count_; }
    [[nodiscard]] std::string_view base() const noexcept { return base_; }
    [[nodiscard]] const Context& log() const noexcept { return *context_; }

private:
    std::string absolute_url(std::string_view href) const {
        href = trim(href);
        if (href.empty()) {
            return {};
        }
        // The host resolves and normalizes (fragment dropped); a non-http(s) link resolves to nothing.
        return base_.empty() ? url::normalize(href) : url::resolve(base_, href);
    }

    const Context* context_;
    std::string base_;
    std::size_t count_ = 0;
};

} // namespace newsarc::sdk
