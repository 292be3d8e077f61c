// HTML the host did not fetch as a page (an article body held in JSON, a title with entities), read by the
// host's gumbo: the same tokenizer and entity table as the page itself. Each function runs inside a plugin call.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/plugin.h"
#include "newsarc/sdk/context.hpp"
#include "newsarc/sdk/text.hpp"

namespace newsarc::sdk::html {

/// One block-level piece of text, with the innermost block element that holds it. Views live until the
/// plugin call returns.
struct Block {
    std::string_view text;    ///< plain text; "\n" where a <br> stood; white space not yet collapsed
    std::string_view tag;     ///< lower-case tag of the innermost block element ("p", "h2"), or ""
    std::string_view classes; ///< that element's class attribute
    std::string_view label;   ///< that element's label attribute (huxiu marks paragraphs with it)
    bool has_image = false;
};

/// Decides whether an element and everything inside it is left out (by tag and class attribute).
using DropPredicate = bool (*)(std::string_view tag, std::string_view classes);

namespace detail {

inline int call_drop(void* user, newsarc_str tag, newsarc_str classes) {
    // Called from the host's C frames: nothing may unwind through them.
    try {
        return (*static_cast<const DropPredicate*>(user))(to_view(tag), to_view(classes)) ? 1 : 0;
    } catch (...) {
        return 0;
    }
}

} // namespace detail

/// Splits `html` into blocks: block elements start new blocks, <br> is a line break, entities are decoded,
/// script/style/template content and elements for which `drop` returns true are skipped; blank blocks
/// without an image are left out. Malformed markup is read as a browser reads it.
inline std::vector<Block> blocks(std::string_view html, DropPredicate drop = nullptr) {
    const Context& context = context_with(offsetof(newsarc_host_api, html_fragment_blocks), "html_fragment_blocks");
    const newsarc_html_block* found = nullptr;
    std::size_t count = 0;
    void* user = const_cast<DropPredicate*>(&drop);
    if (context.host()->html_fragment_blocks(context.call(), to_c(html), drop == nullptr ? nullptr : &detail::call_drop,
                                             user, &found, &count) != 0) {
        throw Error("html_fragment_blocks failed on a fragment of " + std::to_string(html.size()) + " bytes");
    }
    std::vector<Block> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        out.push_back(Block{to_view(found[i].text), to_view(found[i].tag), to_view(found[i].classes),
                            to_view(found[i].label), found[i].has_image != 0});
    }
    return out;
}

/// The plain text of an HTML fragment, blocks joined by "\n\n".
inline std::string_view text(std::string_view html) {
    const Context& context = context_with(offsetof(newsarc_host_api, html_fragment_text), "html_fragment_text");
    return to_view(context.host()->html_fragment_text(context.call(), to_c(html)));
}

/// `text` with HTML character references decoded.
inline std::string_view decode_entities(std::string_view text) {
    const Context& context = context_with(offsetof(newsarc_host_api, html_decode_entities), "html_decode_entities");
    return to_view(context.host()->html_decode_entities(context.call(), to_c(text)));
}

/// True when the white-space separated list `words` (a class attribute) contains `word`.
inline bool has_word(std::string_view words, std::string_view word) noexcept {
    std::size_t start = 0;
    while (start < words.size()) {
        const std::size_t end = std::min(words.find_first_of(" \t\r\n\f", start), words.size());
        if (end > start && words.substr(start, end - start) == word) {
            return true;
        }
        start = end + 1;
    }
    return false;
}

} // namespace newsarc::sdk::html
