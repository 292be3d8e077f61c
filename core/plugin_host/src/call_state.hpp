// CallState: the host side of one plugin call — the C host API table, the arenas that keep returned strings
// alive until the call ends, and the sink collecting the plugin's output.
#pragma once
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/dom/document.hpp"
#include "newsarc/plugin.h"
#include "newsarc/plugin_host/plugin.hpp"
#include "newsarc/plugin_host/run.hpp"

namespace newsarc::plugin_host {

class CallState {
public:
    /// `document` may be nullptr (not HTML, or no page at all). Output goes to `out`.
    CallState(const Plugin& plugin, const dom::Document* document, PageOutcome& out) noexcept
        : plugin_(plugin), document_(document), out_(out) {}

    /// The host API table (one for the whole process; `call` is this object).
    static const newsarc_host_api* api() noexcept;
    [[nodiscard]] void* handle() noexcept { return this; }

    [[nodiscard]] const dom::Document* document() const noexcept { return document_; }
    [[nodiscard]] const Plugin& plugin() const noexcept { return plugin_; }
    [[nodiscard]] PageOutcome& out() noexcept { return out_; }

    // Output, also used directly by built-in plugins.
    void log(newsarc_log_level level, std::string_view message);
    void set_error(std::string_view message);
    void emit(Request request);
    void set_field(std::string_view name, std::string_view value);
    void add_paragraph(std::string_view text);
    void add_tag(std::string_view tag);

    // Storage that lives until the call ends.
    newsarc_str keep(std::string text);
    const newsarc_node* keep_nodes(std::vector<newsarc_node> nodes);
    const newsarc_html_block* keep_blocks(std::vector<newsarc_html_block> blocks);

private:
    const Plugin& plugin_;
    const dom::Document* document_;
    PageOutcome& out_;
    std::deque<std::string> strings_;
    std::deque<std::vector<newsarc_node>> node_lists_;
    std::deque<std::vector<newsarc_html_block>> block_lists_;
};

} // namespace newsarc::plugin_host
