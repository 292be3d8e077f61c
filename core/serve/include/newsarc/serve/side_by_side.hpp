// A side-by-side view of two texts for /doc/<id>/diff, built from the archive's line diff (Myers): rows of
// old and new lines, and inside a changed line the differing middle marked as <del> and <ins>.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsarc::serve {

struct DiffRow {
    enum class Kind : unsigned char { same = 1, changed = 2, removed = 3, added = 4 };
    Kind kind = Kind::same;
    std::optional<std::size_t> old_line; ///< 1-based; nullopt for an added line
    std::optional<std::size_t> new_line; ///< 1-based; nullopt for a removed line
    std::string old_text;
    std::string new_text;
};

/// Every line of `a` and `b` as rows: equal lines side by side, a run of removed lines beside the run of added
/// lines that replaced it (paired as changed, the rest removed or added).
std::vector<DiffRow> side_by_side(std::string_view a, std::string_view b);

/// The old and new line of a changed row as HTML: the common start and end escaped as they are, the part that
/// differs wrapped in <del> (old) and <ins> (new); split at character boundaries, never inside a UTF-8 sequence.
std::pair<std::string, std::string> mark_change(std::string_view old_text, std::string_view new_text);

} // namespace newsarc::serve
