// libFuzzer target: any bytes as a page go through the depth limiter, gumbo, selectors, text and the real
// generic plugin (.so) without crashing, leaking or tripping a sanitizer.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "newsarc/dom/document.hpp"
#include "newsarc/dom/selector.hpp"
#include "newsarc/dom/text.hpp"
#include "newsarc/plugin_host/registry.hpp"
#include "newsarc/plugin_host/run.hpp"

namespace {

const newsarc::plugin_host::Plugin* generic() {
    static newsarc::plugin_host::PluginRegistry registry;
    static const newsarc::plugin_host::Plugin* plugin = [] {
        auto loaded = registry.load_file(std::filesystem::path(NEWSARC_PLUGIN_DIR) / "newsarc_generic.so");
        return loaded ? loaded.value() : nullptr;
    }();
    return plugin;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view html(reinterpret_cast<const char*>(data), size);
    const auto document = newsarc::dom::Document::parse(html);
    static const auto selector = newsarc::dom::Selector::compile("div p, a[href$=.html], li:nth-child(odd) > *").value();
    std::vector<const GumboNode*> found;
    selector.select(*document, nullptr, found);
    for (const GumboNode* node : found) {
        (void)newsarc::dom::text(node);
    }
    (void)newsarc::dom::text(document->root());
    if (const auto* plugin = generic()) {
        newsarc::plugin_host::PageInput page;
        page.url = "https://fuzz.example.com/a.html";
        page.body = html;
        (void)newsarc::plugin_host::run(*plugin, page, {}, document.get());
    }
    return 0;
}
