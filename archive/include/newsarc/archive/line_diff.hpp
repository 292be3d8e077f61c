// A small line diff (longest common subsequence) giving unified-diff text, for `newsarc diff`.
#pragma once
#include <string>
#include <string_view>

namespace newsarc::archive {

/// A unified diff ("--- a", "+++ b", "@@ -l,n +l,n @@" hunks with `context` lines around changes) of two texts
/// split at '\n'. Empty when the texts are equal. Lines are compared exactly. Quadratic in the lines outside
/// the common prefix and suffix, which is fine for articles (hundreds of lines).
std::string unified_diff(std::string_view a, std::string_view b, std::string_view a_label, std::string_view b_label,
                         int context = 3);

} // namespace newsarc::archive
