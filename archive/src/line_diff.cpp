// unified_diff: Myers' O(ND) line diff in linear space (the middle-snake split of GNU diff and git's xdiff) with a
// cost bound, then hunks with context lines.
//
// Why not the LCS table it replaces: (n+1)*(m+1) cells, so past 25M cells (5,000 x 5,000 changed lines) it gave
// up and showed the whole middle as removed and re-added. Myers costs O((N+M)*D) time and O(N+M) memory, and
// gives a shortest script too when the texts are close.
//
// Why not dtl (libdtl-dev 1.20): it is Wu's O(NP) algorithm with one 24-byte path coordinate kept per snake, so
// memory grows with (N+M)*P and there is no cost bound (two unrelated 200,000-line texts: P = 200,000); its
// "huge" mode stops at 2M coordinates and starts again from there, which is slow rather than bounded. It also
// writes a changed block's additions before its deletions, and breaks ties its own way (commit 16ecb28: on 5,580
// generated edits of the seeds and tests/clean texts, 140 dtl diffs paired a blank line instead of the edited
// paragraph). The search here prefers removals on ties and writes a block's removals first, as the LCS did; on
// 5,867 generated edits of the seeds (1-3 lines changed, inserted, removed or swapped) its output is the LCS's on
// 5,513; the other 354 are equally short: 291 with as many change blocks, placed differently (mostly an
// inserted paragraph and its blank line shown one line up or down), 50 with fewer blocks than the LCS, 13 more.
#include "newsarc/archive/line_diff.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace newsarc::archive {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    if (text.empty()) {
        return lines;
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

enum class Op : std::uint8_t { equal, remove, insert };

struct Edit {
    Op op;
    std::size_t a; ///< line index in a (for equal/remove; for insert, the a line it goes before)
    std::size_t b; ///< line index in b (for equal/insert; for remove, the b line it goes before)
};

using Index = std::ptrdiff_t;

/// Myers' search over two sequences of line numbers (equal numbers = equal lines), marking the lines to remove
/// from a and to insert from b. Boxes are split at a middle snake (found from both ends at once, so memory is two
/// arrays of N+M+3 diagonals) and worked off an explicit stack, never recursion.
///
/// The cost bound is xdiff's: once a box has cost more than max(256, sqrt(N+M)) edits from each end without the
/// two searches meeting, it is split at the furthest point either search reached. Each box's work is then bounded,
/// and the script stays correct but may not be the shortest; texts closer than the bound get the shortest script.
class MiddleSnakeSearch {
public:
    MiddleSnakeSearch(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b,
                      std::vector<char>& removed, std::vector<char>& inserted)
        : a_(a), b_(b), removed_(removed), inserted_(inserted) {
        const std::size_t diagonals = a.size() + b.size() + 3;
        forward_storage_.assign(diagonals, 0);
        backward_storage_.assign(diagonals, 0);
        // Diagonal k = x - y runs from -(m+1) to n+1.
        offset_ = static_cast<Index>(b.size()) + 1;
        Index root = 1;
        while (root * root < static_cast<Index>(diagonals)) {
            ++root;
        }
        max_cost_ = std::max<Index>(kMinCostBound, root);
    }

    void run() {
        std::vector<Box> boxes{{0, static_cast<Index>(a_.size()), 0, static_cast<Index>(b_.size()), false}};
        while (!boxes.empty()) {
            Box box = boxes.back();
            boxes.pop_back();
            while (box.a_begin < box.a_end && box.b_begin < box.b_end && a_[at(box.a_begin)] == b_[at(box.b_begin)]) {
                ++box.a_begin;
                ++box.b_begin;
            }
            while (box.a_begin < box.a_end && box.b_begin < box.b_end &&
                   a_[at(box.a_end - 1)] == b_[at(box.b_end - 1)]) {
                --box.a_end;
                --box.b_end;
            }
            if (box.a_begin == box.a_end) {
                std::fill(inserted_.begin() + box.b_begin, inserted_.begin() + box.b_end, char{1});
            } else if (box.b_begin == box.b_end) {
                std::fill(removed_.begin() + box.a_begin, removed_.begin() + box.a_end, char{1});
            } else {
                const Split split = split_box(box);
                // The lower box is worked first; the order does not change the marks.
                boxes.push_back({split.a, box.a_end, split.b, box.b_end, split.high_needs_minimal});
                boxes.push_back({box.a_begin, split.a, box.b_begin, split.b, split.low_needs_minimal});
            }
        }
    }

private:
    static constexpr Index kMinCostBound = 256;
    static constexpr Index kFar = PTRDIFF_MAX / 4;

    struct Box {
        Index a_begin;
        Index a_end;
        Index b_begin;
        Index b_end;
        bool needs_minimal; ///< the box was cut off a shortest path, so its own cost is known to be small
    };

    struct Split {
        Index a;
        Index b;
        bool low_needs_minimal;
        bool high_needs_minimal;
    };

    static std::size_t at(Index i) { return static_cast<std::size_t>(i); }
    Index& forward(Index k) { return forward_storage_[at(k + offset_)]; }
    Index& backward(Index k) { return backward_storage_[at(k + offset_)]; }

    /// forward(k): the furthest x that a path from the box's top-left with the current cost reaches on diagonal
    /// k = x - y; backward(k): the smallest x that a path from the bottom-right reaches. The first diagonal where
    /// they cross gives a middle snake of a shortest path.
    Split split_box(const Box& box) {
        const Index lowest_diagonal = box.a_begin - box.b_end;
        const Index highest_diagonal = box.a_end - box.b_begin;
        const Index forward_middle = box.a_begin - box.b_begin;
        const Index backward_middle = box.a_end - box.b_end;
        const bool odd = ((forward_middle - backward_middle) & 1) != 0;
        Index forward_min = forward_middle;
        Index forward_max = forward_middle;
        Index backward_min = backward_middle;
        Index backward_max = backward_middle;
        forward(forward_middle) = box.a_begin;
        backward(backward_middle) = box.a_end;

        for (Index cost = 1;; ++cost) {
            // Widen the diagonal range by one each side, or step back in when the box's edge is reached (the
            // diagonals of one search keep one parity).
            if (forward_min > lowest_diagonal) {
                forward(--forward_min - 1) = -1;
            } else {
                ++forward_min;
            }
            if (forward_max < highest_diagonal) {
                forward(++forward_max + 1) = -1;
            } else {
                --forward_max;
            }
            for (Index k = forward_max; k >= forward_min; k -= 2) {
                // Ties go to the step that removes a line of a (from diagonal k-1), as the LCS diff did.
                Index x = forward(k - 1) >= forward(k + 1) ? forward(k - 1) + 1 : forward(k + 1);
                Index y = x - k;
                while (x < box.a_end && y < box.b_end && a_[at(x)] == b_[at(y)]) {
                    ++x;
                    ++y;
                }
                forward(k) = x;
                if (odd && backward_min <= k && k <= backward_max && backward(k) <= x) {
                    return {x, y, true, true};
                }
            }

            if (backward_min > lowest_diagonal) {
                backward(--backward_min - 1) = kFar;
            } else {
                ++backward_min;
            }
            if (backward_max < highest_diagonal) {
                backward(++backward_max + 1) = kFar;
            } else {
                --backward_max;
            }
            for (Index k = backward_max; k >= backward_min; k -= 2) {
                Index x = backward(k - 1) < backward(k + 1) ? backward(k - 1) : backward(k + 1) - 1;
                Index y = x - k;
                while (x > box.a_begin && y > box.b_begin && a_[at(x - 1)] == b_[at(y - 1)]) {
                    --x;
                    --y;
                }
                backward(k) = x;
                if (!odd && forward_min <= k && k <= forward_max && x <= forward(k)) {
                    return {x, y, true, true};
                }
            }

            if (box.needs_minimal || cost < max_cost_) {
                continue;
            }
            // Too expensive: cut at the point either search got furthest along (largest x + y from the top-left,
            // or smallest from the bottom-right). The part that search covered is a shortest path of small cost.
            Index forward_best = -1;
            Index forward_best_x = box.a_begin;
            for (Index k = forward_max; k >= forward_min; k -= 2) {
                Index x = std::min(forward(k), box.a_end);
                Index y = x - k;
                if (y > box.b_end) {
                    x = box.b_end + k;
                    y = box.b_end;
                }
                if (x + y > forward_best) {
                    forward_best = x + y;
                    forward_best_x = x;
                }
            }
            Index backward_best = kFar;
            Index backward_best_x = box.a_end;
            for (Index k = backward_max; k >= backward_min; k -= 2) {
                Index x = std::max(box.a_begin, backward(k));
                Index y = x - k;
                if (y < box.b_begin) {
                    x = box.b_begin + k;
                    y = box.b_begin;
                }
                if (x + y < backward_best) {
                    backward_best = x + y;
                    backward_best_x = x;
                }
            }
            if ((box.a_end + box.b_end) - backward_best < forward_best - (box.a_begin + box.b_begin)) {
                return {forward_best_x, forward_best - forward_best_x, true, false};
            }
            return {backward_best_x, backward_best - backward_best_x, false, true};
        }
    }

    const std::vector<std::uint32_t>& a_;
    const std::vector<std::uint32_t>& b_;
    std::vector<char>& removed_;
    std::vector<char>& inserted_;
    std::vector<Index> forward_storage_;
    std::vector<Index> backward_storage_;
    Index offset_ = 0;
    Index max_cost_ = kMinCostBound;
};

/// Marks the lines of a[begin, a_end) to remove and of b[begin, b_end) to insert. Lines become numbers first
/// (equal text, equal number: exact, no hash collisions), and a line whose text is not in the other side at all
/// is marked at once and left out of the search, which keeps the script as short and makes unrelated texts cheap
/// (GNU diff and xdiff drop such lines the same way).
void mark_changes(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b, std::size_t begin,
                  std::size_t a_end, std::size_t b_end, std::vector<char>& removed, std::vector<char>& inserted) {
    std::unordered_map<std::string_view, std::uint32_t> numbers;
    numbers.reserve((a_end - begin) + (b_end - begin));
    std::vector<std::uint32_t> a_numbers;
    std::vector<std::uint32_t> b_numbers;
    a_numbers.reserve(a_end - begin);
    b_numbers.reserve(b_end - begin);
    for (std::size_t i = begin; i < a_end; ++i) {
        a_numbers.push_back(numbers.try_emplace(a[i], static_cast<std::uint32_t>(numbers.size())).first->second);
    }
    for (std::size_t j = begin; j < b_end; ++j) {
        b_numbers.push_back(numbers.try_emplace(b[j], static_cast<std::uint32_t>(numbers.size())).first->second);
    }
    std::vector<char> in_a(numbers.size(), 0);
    std::vector<char> in_b(numbers.size(), 0);
    for (const std::uint32_t number : a_numbers) {
        in_a[number] = 1;
    }
    for (const std::uint32_t number : b_numbers) {
        in_b[number] = 1;
    }
    // The kept lines, and where each came from.
    std::vector<std::uint32_t> a_kept;
    std::vector<std::uint32_t> b_kept;
    std::vector<std::size_t> a_origin;
    std::vector<std::size_t> b_origin;
    for (std::size_t i = 0; i < a_numbers.size(); ++i) {
        if (in_b[a_numbers[i]] != 0) {
            a_kept.push_back(a_numbers[i]);
            a_origin.push_back(begin + i);
        } else {
            removed[begin + i] = 1;
        }
    }
    for (std::size_t j = 0; j < b_numbers.size(); ++j) {
        if (in_a[b_numbers[j]] != 0) {
            b_kept.push_back(b_numbers[j]);
            b_origin.push_back(begin + j);
        } else {
            inserted[begin + j] = 1;
        }
    }
    std::vector<char> kept_removed(a_kept.size(), 0);
    std::vector<char> kept_inserted(b_kept.size(), 0);
    MiddleSnakeSearch(a_kept, b_kept, kept_removed, kept_inserted).run();
    for (std::size_t i = 0; i < a_kept.size(); ++i) {
        removed[a_origin[i]] = kept_removed[i];
    }
    for (std::size_t j = 0; j < b_kept.size(); ++j) {
        inserted[b_origin[j]] = kept_inserted[j];
    }
}

std::vector<Edit> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
    // The common prefix and suffix are compared as text once, and never numbered or searched.
    std::size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) {
        ++prefix;
    }
    std::size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
        ++suffix;
    }
    std::vector<char> removed(a.size(), 0);
    std::vector<char> inserted(b.size(), 0);
    mark_changes(a, b, prefix, a.size() - suffix, b.size() - suffix, removed, inserted);

    // Unmarked lines of a and b pair up in order; between two pairs, a changed block's removals come first.
    std::vector<Edit> edits;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() || j < b.size()) {
        if (i < a.size() && j < b.size() && removed[i] == 0 && inserted[j] == 0) {
            edits.push_back({Op::equal, i++, j++});
            continue;
        }
        while (i < a.size() && removed[i] != 0) {
            edits.push_back({Op::remove, i++, j});
        }
        while (j < b.size() && inserted[j] != 0) {
            edits.push_back({Op::insert, i, j++});
        }
    }
    return edits;
}

/// "start,count" of a hunk side, as diff -u writes it: an empty side names the line before it, and a count of
/// one is left out.
std::string range(std::size_t first, std::size_t count) {
    const std::size_t start = count == 0 ? first : first + 1;
    return count == 1 ? std::to_string(start) : std::to_string(start) + "," + std::to_string(count);
}

} // namespace

std::string unified_diff(std::string_view a, std::string_view b, std::string_view a_label, std::string_view b_label,
                         int context) {
    if (a == b) {
        return {};
    }
    const auto a_lines = split_lines(a);
    const auto b_lines = split_lines(b);
    const std::vector<Edit> edits = edit_script(a_lines, b_lines);
    const std::size_t keep = static_cast<std::size_t>(std::max(context, 0));

    std::string out;
    out.append("--- ").append(a_label).append("\n+++ ").append(b_label).append("\n");
    std::size_t k = 0;
    while (k < edits.size()) {
        if (edits[k].op == Op::equal) {
            ++k;
            continue;
        }
        // A hunk: from `keep` lines before this change to `keep` lines after the last change that is no more
        // than 2 * keep equal lines away from the previous one.
        const std::size_t begin = k >= keep ? k - keep : 0;
        std::size_t end = k;
        std::size_t equal_run = 0;
        for (std::size_t scan = k; scan < edits.size(); ++scan) {
            if (edits[scan].op == Op::equal) {
                ++equal_run;
                if (equal_run > 2 * keep) {
                    break;
                }
            } else {
                equal_run = 0;
                end = scan;
            }
        }
        const std::size_t stop = std::min(edits.size(), end + 1 + keep);
        std::size_t a_count = 0;
        std::size_t b_count = 0;
        for (std::size_t i = begin; i < stop; ++i) {
            a_count += edits[i].op != Op::insert ? 1 : 0;
            b_count += edits[i].op != Op::remove ? 1 : 0;
        }
        out.append("@@ -").append(range(edits[begin].a, a_count)).append(" +");
        out.append(range(edits[begin].b, b_count)).append(" @@\n");
        for (std::size_t i = begin; i < stop; ++i) {
            const Edit& edit = edits[i];
            if (edit.op == Op::equal) {
                out.append(" ").append(a_lines[edit.a]);
            } else if (edit.op == Op::remove) {
                out.append("-").append(a_lines[edit.a]);
            } else {
                out.append("+").append(b_lines[edit.b]);
            }
            out.push_back('\n');
        }
        k = stop;
    }
    return out;
}

} // namespace newsarc::archive
