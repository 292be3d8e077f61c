// The host API a plugin calls back into: logging, output, DOM queries over the host's one parse, and (ABI 1.1)
// the web tools of newsarc::web, so plugins read URLs, times and HTML with the crawler's own code.
// Every callback is noexcept: no exception may unwind through a plugin's C frames.
#include "call_state.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <utility>

#include "newsarc/base/log.hpp"
#include "newsarc/dom/selector.hpp"
#include "newsarc/dom/text.hpp"
#include "newsarc/web/html_fragment.hpp"
#include "newsarc/web/printed_time.hpp"
#include "newsarc/web/url.hpp"

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

// ABI 1.1 web tools.

/// Sets *error (when given) to a copy of `message` kept for the call; returns -1 for the caller's return.
int fail(CallState& s, newsarc_str* error, std::string message) {
    if (error != nullptr) {
        *error = s.keep(std::move(message));
    }
    return -1;
}

/// Plugins get normalization without the crawl job's stripped query parameters (utm_*, spm): which
/// parameters name the same page is the job's policy, applied when the crawler takes the link.
const web::UrlOptions& plugin_url_options() {
    static const web::UrlOptions options{std::vector<std::string>{}};
    return options;
}

int api_url_resolve(void* call, newsarc_str base, newsarc_str reference, newsarc_str* absolute,
                    newsarc_str* error) noexcept {
    try {
        CallState& s = state(call);
        if (absolute == nullptr) {
            return fail(s, error, "url_resolve: the output pointer is NULL");
        }
        *absolute = newsarc_str{nullptr, 0};
        auto resolved = web::resolve_url(view(base), view(reference), plugin_url_options());
        if (!resolved) {
            return fail(s, error, "url_resolve: " + resolved.error().message + " (base '" +
                                      std::string(view(base).substr(0, 200)) + "')");
        }
        *absolute = s.keep(std::move(resolved).value());
        return 0;
    } catch (...) {
        return -1;
    }
}

int api_url_normalize(void* call, newsarc_str url, newsarc_str* normalized, newsarc_str* error) noexcept {
    try {
        CallState& s = state(call);
        if (normalized == nullptr) {
            return fail(s, error, "url_normalize: the output pointer is NULL");
        }
        *normalized = newsarc_str{nullptr, 0};
        auto result = web::normalize_url(view(url), plugin_url_options());
        if (!result) {
            return fail(s, error, "url_normalize: " + result.error().message);
        }
        *normalized = s.keep(std::move(result).value());
        return 0;
    } catch (...) {
        return -1;
    }
}

int api_url_split(void* call, newsarc_str url, newsarc_url_parts* parts, newsarc_str* error) noexcept {
    try {
        CallState& s = state(call);
        if (parts == nullptr || parts->struct_size < offsetof(newsarc_url_parts, scheme) + sizeof(newsarc_str)) {
            return fail(s, error, "url_split: no newsarc_url_parts, or its struct_size is too small");
        }
        const auto split = web::split_components(view(url));
        if (!split) {
            return fail(s, error, "url_split: " + split.error().message);
        }
        const web::UrlComponents& c = split.value();
        newsarc_url_parts out{};
        out.struct_size = parts->struct_size;
        out.scheme = s.keep(c.scheme);
        out.host = s.keep(c.host);
        out.port = c.port.empty() ? newsarc_str{nullptr, 0} : s.keep(c.port);
        out.path = s.keep(c.path);
        out.query = c.has_query ? s.keep(c.query) : newsarc_str{nullptr, 0};
        out.fragment = c.has_fragment ? s.keep(c.fragment) : newsarc_str{nullptr, 0};
        // Fill only what the plugin's struct has (it may be an older, shorter one).
        std::memcpy(parts, &out, std::min<std::size_t>(parts->struct_size, sizeof out));
        return 0;
    } catch (...) {
        return -1;
    }
}

int api_parse_time(void* call, newsarc_str text, const newsarc_time_options* options, newsarc_time* found,
                   newsarc_str* error) noexcept {
    try {
        CallState& s = state(call);
        if (found == nullptr || found->struct_size < offsetof(newsarc_time, iso)) {
            return fail(s, error, "parse_time: no newsarc_time, or its struct_size is too small");
        }
        newsarc_time_options o{};
        if (options != nullptr) {
            if (options->struct_size < offsetof(newsarc_time_options, flags) + sizeof(uint32_t)) {
                return fail(s, error, "parse_time: newsarc_time_options.struct_size is too small");
            }
            std::memcpy(&o, options, std::min<std::size_t>(options->struct_size, sizeof o));
        }
        web::TimeContext context;
        if ((o.flags & NEWSARC_TIME_HAS_YEAR) != 0) {
            context.year = o.year;
        }
        if ((o.flags & NEWSARC_TIME_HAS_NOW) != 0) {
            context.now = o.now;
        }
        if ((o.flags & NEWSARC_TIME_HAS_ZONE) != 0) {
            if (o.zone_offset_minutes < -14 * 60 || o.zone_offset_minutes > 14 * 60) {
                return fail(s, error, "parse_time: zone offset " + std::to_string(o.zone_offset_minutes) +
                                          " minutes is outside -14:00..+14:00");
            }
            context.zone_offset_minutes = o.zone_offset_minutes;
        }
        std::optional<web::PrintedTime> time;
        switch (o.form) {
        case NEWSARC_TIME_IN_TEXT:
            time = web::find_time(view(text), context);
            break;
        case NEWSARC_TIME_URL_PATH:
            time = web::date_from_url(view(text));
            break;
        case NEWSARC_TIME_UNIX:
            time = web::time_from_unix_text(view(text), context.zone_offset_minutes);
            break;
        default:
            return fail(s, error, "parse_time: unknown form " + std::to_string(static_cast<int>(o.form)));
        }
        if (!time) {
            return 1;
        }
        const std::chrono::year_month_day ymd{time->date};
        newsarc_time out{};
        out.struct_size = found->struct_size;
        out.flags = (time->has_clock ? NEWSARC_TIME_HAS_CLOCK : 0u) |
                    (time->has_seconds ? NEWSARC_TIME_HAS_SECONDS : 0u) | (time->relative ? NEWSARC_TIME_RELATIVE : 0u);
        out.text = s.keep(time->text());
        out.iso = s.keep(time->iso());
        out.unix_seconds = time->unix_seconds();
        out.year = static_cast<int32_t>(ymd.year());
        out.month = static_cast<int32_t>(static_cast<unsigned>(ymd.month()));
        out.day = static_cast<int32_t>(static_cast<unsigned>(ymd.day()));
        out.hour = time->hour;
        out.minute = time->minute;
        out.second = time->second;
        out.offset_minutes = time->offset_minutes;
        out.position = time->position;
        out.length = time->length;
        std::memcpy(found, &out, std::min<std::size_t>(found->struct_size, sizeof out));
        return 0;
    } catch (...) {
        return -1;
    }
}

newsarc_str api_html_decode_entities(void* call, newsarc_str text) noexcept {
    try {
        return state(call).keep(web::decode_entities(view(text)));
    } catch (...) {
        return newsarc_str{nullptr, 0};
    }
}

/// The plugin's drop callback as a web::BlockFilter.
class PluginDropFilter final : public web::BlockFilter {
public:
    PluginDropFilter(newsarc_html_drop callback, void* user) noexcept : drop_(callback), user_(user) {}
    bool drop(std::string_view tag, std::string_view classes) const override {
        return drop_(user_, newsarc_str{tag.data(), tag.size()}, newsarc_str{classes.data(), classes.size()}) != 0;
    }

private:
    newsarc_html_drop drop_;
    void* user_;
};

int api_html_fragment_blocks(void* call, newsarc_str html, newsarc_html_drop drop, void* drop_user,
                             const newsarc_html_block** blocks, size_t* count) noexcept {
    try {
        CallState& s = state(call);
        if (blocks != nullptr) {
            *blocks = nullptr;
        }
        if (count != nullptr) {
            *count = 0;
        }
        const PluginDropFilter filter(drop, drop_user);
        const std::vector<web::HtmlBlock> found = web::html_blocks(view(html), drop == nullptr ? nullptr : &filter);
        std::vector<newsarc_html_block> out;
        out.reserve(found.size());
        for (const web::HtmlBlock& block : found) {
            out.push_back(newsarc_html_block{s.keep(block.text), s.keep(block.tag), s.keep(block.classes),
                                             s.keep(block.label), block.has_image ? 1 : 0});
        }
        if (count != nullptr) {
            *count = out.size();
        }
        if (blocks != nullptr) {
            *blocks = s.keep_blocks(std::move(out));
        }
        return 0;
    } catch (...) {
        return -1;
    }
}

newsarc_str api_html_fragment_text(void* call, newsarc_str html) noexcept {
    try {
        return state(call).keep(web::html_text(view(html)));
    } catch (...) {
        return newsarc_str{nullptr, 0};
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
    api_url_resolve,
    api_url_normalize,
    api_url_split,
    api_parse_time,
    api_html_decode_entities,
    api_html_fragment_blocks,
    api_html_fragment_text,
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

const newsarc_html_block* CallState::keep_blocks(std::vector<newsarc_html_block> blocks) {
    return block_lists_.emplace_back(std::move(blocks)).data();
}

} // namespace newsarc::plugin_host
