// libFuzzer target: any byte string as a CSS selector must compile or fail cleanly, and a compiled one must
// match over a fixed document without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "newsarc/dom/document.hpp"
#include "newsarc/dom/selector.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto document = newsarc::dom::Document::parse(
        "<html><body><div id=a class='x y'><p lang=en>1</p><p>2<a href='/u.html'>l</a></p><ul><li>a<li>b<li>c</ul>"
        "<section><div><span data-k='v-w'>s</span></div></section></div></body></html>");
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto selector = newsarc::dom::Selector::compile(text);
    if (selector) {
        std::vector<const GumboNode*> found;
        selector->select(*document, nullptr, found);
    }
    return 0;
}
