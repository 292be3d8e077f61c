// CSS selectors that could name an element found on one page, built from its own and its ancestors' tag, id
// and classes (never positions), and the choice of the one that agrees on the most pages.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <gumbo.h>

#include "newsarc/dom/document.hpp"

namespace newsarc::sitegen {

/// Selectors for `element`: "tag", "#id", ".class", "tag.class", "tag.a.b", and each of those under an
/// ancestor's id or class ("div.article h1", "div.main > p.time"). Ids and classes that look generated (long,
/// or holding runs of digits) are not used. Unordered, without duplicates.
std::vector<std::string> selector_candidates(const dom::Document& document, const GumboNode* element);

/// The selector that agrees on the most of `pages` pages: candidates are tried shortest first, and the first
/// that agrees on every page wins at once.
struct Agreement {
    std::string selector;
    std::vector<std::size_t> agreeing; ///< page indexes where it agreed
};
Agreement most_agreeing(std::vector<std::string> candidates, std::size_t pages,
                        const std::function<bool(std::size_t page, const std::string& selector)>& agrees);

} // namespace newsarc::sitegen
