// A line diff (Myers' O(ND), linear space, cost-bounded) giving unified-diff text, for `newsarc diff`.
#pragma once
#include <string>
#include <string_view>

namespace newsarc::archive {

/// A unified diff ("--- a", "+++ b", "@@ -l,n +l,n @@" hunks with `context` lines around changes) of two texts
/// split at '\n'. Empty when the texts are equal. Lines are compared exactly. Applying the diff to `a` always
/// gives `b`. The script is the shortest when the texts differ in at most 256 lines (more on long texts); past
/// that it may be longer, so that any two texts cost bounded time, and memory linear in their lines.
std::string unified_diff(std::string_view a, std::string_view b, std::string_view a_label, std::string_view b_label,
                         int context = 3);

} // namespace newsarc::archive
