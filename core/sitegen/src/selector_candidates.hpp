// CSS selectors that could name an element found on one page, built from its own and its ancestors' tag, id
// and classes (never positions), and the choice among them: the ordered list of alternatives that reads every
// page the way the declarative reader reads a list (the first alternative found on a page decides).
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

/// What a candidate reads on one page, as the reader sees it: nothing there (the next alternative is read),
/// the right value, or a wrong one (which the reader would take, hiding every later alternative).
enum class Verdict { absent = 1, agrees = 2, wrong = 3 };

/// The ordered alternatives chosen, and for each the pages it reads (the first is the one most pages agree on).
struct Cover {
    std::vector<std::string> selectors;
    std::vector<std::vector<std::size_t>> reads; ///< per selector, the page indexes it reads right
    std::vector<std::size_t> unread;             ///< required pages no list of alternatives reads
    /// When the list stopped short: the candidate that read right the most pages left but read others wrong
    /// (it would hide their own alternative), for the message.
    std::string blocked;
    std::vector<std::size_t> blocked_reads;
    std::vector<std::size_t> blocked_wrong;
    [[nodiscard]] bool complete() const noexcept { return unread.empty(); }
};

/// Builds the list greedily: each next alternative is the candidate that reads right the most required pages
/// not read yet, among those reading no such page (nor any optional page) wrong; ties go to the earlier
/// candidate (callers order them, shortest first). So on every page the first alternative found is a right one.
/// Stops at `max_alternatives`; `cover.unread` then names the pages left. `required[page]` false: a page whose
/// value may stay unread (the generic extractor found none), where an alternative must still not read wrong.
Cover ordered_cover(const std::vector<std::string>& candidates, const std::vector<bool>& required,
                    std::size_t max_alternatives,
                    const std::function<Verdict(std::size_t page, const std::string& candidate)>& verdict);

/// `candidates` shortest first, without duplicates: the order ordered_cover prefers.
std::vector<std::string> shortest_first(std::vector<std::string> candidates);

/// At most this many layouts per field: more alternatives than that is not one site.
inline constexpr std::size_t kMaxAlternatives = 3;

} // namespace newsarc::sitegen
