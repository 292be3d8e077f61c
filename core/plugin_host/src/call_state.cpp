// The host API a plugin calls back into: logging, output, and DOM queries over the host's one parse.
// Every callback is noexcept: no exception may unwind through a plugin's C frames.
#include "call_state.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <utility>

#include "newsarc/base/log.hpp"
#include "newsarc/dom/selector.hpp"
#include "newsarc/dom/text.hpp"

namespace newsarc::plugin_host {
namespace {

// Bounds on what one call may accumulate, so a runaway plugin cannot exhaust memory through the log.
constexpr std::size_t kMaxLogLines = 1000;
constexpr std::size_t kMaxLogMessage = 4000;

std::string_view view(newsarc_str text) noexcept {
    return text.data == nullptr ? std::string_view{} : std::string_view(text.data, text.size);
}

CallState& state(void* call) noexcept {
    return *static_cast<CallState*>(call);
}

const GumboNode* as_node(newsarc_node node) noexcept {
    return static_cast<const GumboNode*>(node);
}

spdlog::level::level_enum spdlog_level(newsarc_log_level level) noexcept {
    switch (level) {
    case NEWSARC_LOG_TRACE:
        return spdlog::level::trace;
    case NEWSARC_LOG_DEBUG:
        return spdlog::level::debug;
    case NEWSARC_LOG_INFO:
        return spdlog::level::info;
    case NEWSARC_LOG_WARN:
        return spdlog::level::warn;
    case NEWSARC_LOG_ERROR:
        return spdlog::level::err;
    }
    return spdlog::level::info;
}

void api_log(void* call, newsarc_log_level level, newsarc_str message) noexcept {
    try {
        state(call).log(level, view(message));
    } catch (...) {
        // Logging must never fail a plugin call.
    }
}

void api_set_error(void* call, newsarc_str message) noexcept {
    try {
        state(call).set_error(view(message));
    } catch (...) {
    }
}

void api_emit_link(void* call, newsarc_str url, newsarc_page_kind kind, int32_t priority) noexcept {
    try {
        Request request;
        request.url = std::string(view(url));
        request.kind = kind;
        request.priority = priority;
        state(call).emit(std::move(request));
    } catch (...) {
    }
}

void api_emit_request(void* call, const newsarc_request* c_request) noexcept {
    try {
        if (c_request == nullptr || c_request->struct_size < offsetof(newsarc_request, priority) + sizeof(int32_t)) {
            state(call).log(NEWSARC_LOG_WARN, "emit_request: a request struct smaller than the ABI 1.0 one, ignored");
            return;
        }
        // Read only the fields the plugin's struct has.
        newsarc_request copy{};
        std::memcpy(&copy, c_request, std::min<std::size_t>(c_request->struct_size, sizeof copy));
        Request request;
        request.url = std::string(view(copy.url));
        request.kind = copy.kind;
        request.priority = copy.priority;
        request.method = copy.method.size == 0 ? std::string("GET") : std::string(view(copy.method));
        request.body = std::string(view(copy.body));
        request.headers = std::string(view(copy.headers));
        request.document_url = std::string(view(copy.document_url));
        state(call).emit(std::move(request));
    } catch (...) {
    }
}

void api_set_field(void* call, newsarc_str name, newsarc_str value) noexcept {
    try {
        state(call).set_field(view(name), view(value));
    } catch (...) {
    }
}

void api_add_paragraph(void* call, newsarc_str text) noexcept {
    try {
        state(call).add_paragraph(view(text));
    } catch (...) {
    }
}

void api_add_tag(void* call, newsarc_str tag) noexcept {
    try {
        state(call).add_tag(view(tag));
    } catch (...) {
    }
}

int api_select(void* call, newsarc_node scope, newsarc_str selector, const newsarc_node** matches,
               size_t* count) noexcept {
    try {
        CallState& s = state(call);
        if (matches != nullptr) {
            *matches = nullptr;
        }
        if (count != nullptr) {
            *count = 0;
        }
        const auto compiled = dom::compile_cached(view(selector));
        if (!compiled) {
            s.log(NEWSARC_LOG_ERROR, compiled.error().message);
            return -1;
        }
        if (s.document() == nullptr) {
            return 0;
        }
        std::vector<const GumboNode*> found;
        compiled.value()->select(*s.document(), as_node(scope), found);
        std::vector<newsarc_node> nodes(found.begin(), found.end());
        if (count != nullptr) {
            *count = nodes.size();
        }
        if (matches != nullptr) {
            *matches = s.keep_nodes(std::move(nodes));
        }
        return 0;
    } catch (...) {
        return -1;
    }
}

newsarc_str api_text(void* call, newsarc_node node) noexcept {
    try {
        return state(call).keep(dom::text(as_node(node)));
    } catch (...) {
        return newsarc_str{nullptr, 0};
    }
}

newsarc_str api_attr(void* call, newsarc_node node, newsarc_str name) noexcept {
    (void)call;
    // Attribute values live in the parse, which outlives the call.
    const auto value = dom::attribute(as_node(node), view(name));
    if (!value) {
        return newsarc_str{nullptr, 0};
    }
    return newsarc_str{value->data(), value->size()};
}

newsarc_str api_tag(void* call, newsarc_node node) noexcept {
    try {
        const dom::Document* document = state(call).document();
        if (document == nullptr) {
            return newsarc_str{"", 0};
        }
        const std::string_view name = document->tag_name(as_node(node));
        return newsarc_str{name.data(), name.size()};
    } catch (...) {
        return newsarc_str{"", 0};
    }
}

newsarc_str api_raw_text(void* call, newsarc_node node) noexcept {
    try {
        return state(call).keep(dom::raw_text(as_node(node)));
    } catch (...) {
        return newsarc_str{nullptr, 0};
    }
}

newsarc_node api_parent(void* call, newsarc_node node) noexcept {
    (void)call;
    const GumboNode* gumbo = as_node(node);
    return gumbo == nullptr ? nullptr : gumbo->parent;
}

int api_children(void* call, newsarc_node node, const newsarc_node** children, size_t* count) noexcept {
    try {
        if (children != nullptr) {
            *children = nullptr;
        }
        if (count != nullptr) {
            *count = 0;
        }
        const GumboVector* list = dom::child_nodes(as_node(node));
        if (list == nullptr) {
            return 0;
        }
        std::vector<newsarc_node> elements;
        for (unsigned i = 0; i < list->length; ++i) {
            const auto* child = static_cast<const GumboNode*>(list->data[i]);
            if (dom::is_element(child)) {
                elements.push_back(child);
            }
        }
        if (count != nullptr) {
            *count = elements.size();
        }
        if (children != nullptr) {
            *children = state(call).keep_nodes(std::move(elements));
        }
        return 0;
    } catch (...) {
        return -1;
    }
}

const newsarc_host_api kHostApi = {
    sizeof(newsarc_host_api),
    NEWSARC_PLUGIN_ABI_MAJOR,
    NEWSARC_PLUGIN_ABI_MINOR,
    api_log,
    api_set_error,
    api_emit_link,
    api_emit_request,
    api_set_field,
    api_add_paragraph,
    api_add_tag,
    api_select,
    api_text,
    api_attr,
    api_tag,
    api_raw_text,
    api_parent,
    api_children,
};

} // namespace

const newsarc_host_api* CallState::api() noexcept {
    return &kHostApi;
}

void CallState::log(newsarc_log_level level, std::string_view message) {
    if (message.size() > kMaxLogMessage) {
        message = message.substr(0, kMaxLogMessage);
    }
    newsarc::log::get("plugin:" + plugin_.id())->log(spdlog_level(level), "{}", message);
    if (out_.log.size() < kMaxLogLines) {
        out_.log.push_back(LogLine{level, std::string(message)});
    }
}

void CallState::set_error(std::string_view message) {
    if (!out_.error.empty()) {
        out_.error += "; ";
    }
    out_.error.append(message.substr(0, kMaxLogMessage));
}

void CallState::emit(Request request) {
    out_.links.push_back(std::move(request));
}

void CallState::set_field(std::string_view name, std::string_view value) {
    out_.fields[std::string(name)] = std::string(value);
}

void CallState::add_paragraph(std::string_view text) {
    out_.paragraphs.emplace_back(text);
}

void CallState::add_tag(std::string_view tag) {
    out_.tags.emplace_back(tag);
}

newsarc_str CallState::keep(std::string text) {
    const std::string& kept = strings_.emplace_back(std::move(text));
    return newsarc_str{kept.data(), kept.size()};
}

const newsarc_node* CallState::keep_nodes(std::vector<newsarc_node> nodes) {
    return node_lists_.emplace_back(std::move(nodes)).data();
}

} // namespace newsarc::plugin_host
