// Focus: the Myers line diff behind `newsarc diff` and version diffs (hunks, context, ranges, edge cases), that
// its script turns a into b on any input, is the shortest on close texts, and covers texts of any size.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/archive/line_diff.hpp"
#include "fuzz/unified_patch.hpp"
#include "support/paths.hpp"

using newsarc::archive::unified_diff;
using newsarc::test::apply_unified_diff;
using newsarc::test::joined;
using newsarc::test::lines_of;

namespace {

/// Empty when applying `diff` to `a` gives `b`; else a short reason (texts here run to megabytes, and Catch would
/// print them whole).
std::string apply_failure(std::string_view a, std::string_view diff, std::string_view b) {
    const std::optional<std::string> result = apply_unified_diff(a, diff);
    if (!result) {
        return "the diff does not apply to a";
    }
    if (*result == b) {
        return {};
    }
    const std::size_t at = static_cast<std::size_t>(
        std::mismatch(result->begin(), result->end(), b.begin(), b.end()).first - result->begin());
    return "the result has " + std::to_string(result->size()) + " bytes, b " + std::to_string(b.size()) +
           "; first difference at byte " + std::to_string(at) + ": '" + result->substr(at, 40) + "'";
}

/// Empty when `got` is `want`; else a short reason (a failing diff can list 100,000 lines).
std::string differences(const std::vector<std::string>& got, const std::vector<std::string>& want) {
    if (got == want) {
        return {};
    }
    std::string reason = std::to_string(got.size()) + " lines, expected " + std::to_string(want.size());
    for (std::size_t i = 0; i < got.size() && i < want.size(); ++i) {
        if (got[i] != want[i]) {
            return reason + "; line " + std::to_string(i) + " is '" + got[i].substr(0, 60) + "', expected '" +
                   want[i].substr(0, 60) + "'";
        }
    }
    return reason;
}

struct Changes {
    std::vector<std::string> removed;
    std::vector<std::string> inserted;
};

Changes changes_of(std::string_view diff) {
    Changes changes;
    const std::vector<std::string> lines = lines_of(diff);
    for (std::size_t i = 2; i < lines.size(); ++i) {
        if (lines[i].starts_with("-")) {
            changes.removed.push_back(lines[i].substr(1));
        } else if (lines[i].starts_with("+")) {
            changes.inserted.push_back(lines[i].substr(1));
        }
    }
    return changes;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The five seed articles (real texts: paragraphs with blank lines between them, many equal lines).
std::vector<std::string> seed_texts() {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(newsarc::test::shared_dir() / "seeds")) {
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> texts;
    for (const auto& file : files) {
        texts.push_back(read_file(file));
    }
    REQUIRE(texts.size() == 5);
    return texts;
}

/// Random edits to `lines`: lines changed, inserted (paragraph + blank line, or a copy of another line),
/// removed, and swapped with a line two below.
std::vector<std::string> edited(std::vector<std::string> lines, std::mt19937& random, int edits) {
    for (int e = 0; e < edits && !lines.empty(); ++e) {
        const std::size_t at = random() % lines.size();
        switch (random() % 5) {
        case 0:
            lines[at] += "（更新）";
            break;
        case 1:
            lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), {"新增一段。", ""});
            break;
        case 2:
            lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(at));
            break;
        case 3:
            lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), lines[random() % lines.size()]);
            break;
        default:
            if (at + 2 < lines.size()) {
                std::swap(lines[at], lines[at + 2]);
            }
        }
    }
    return lines;
}

} // namespace

TEST_CASE("equal texts give an empty diff", "[archive][diff]") {
    CHECK(unified_diff("a\nb", "a\nb", "x", "y").empty());
}

TEST_CASE("one changed line in the middle gives one hunk with context", "[archive][diff]") {
    const std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n9";
    const std::string b = "1\n2\n3\n4\nFIVE\n6\n7\n8\n9";
    CHECK(unified_diff(a, b, "a", "b") == "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+FIVE\n 6\n 7\n 8\n");
}

TEST_CASE("far-apart changes give separate hunks, near ones merge", "[archive][diff]") {
    std::string a;
    std::string b;
    for (int i = 1; i <= 20; ++i) {
        a += std::to_string(i) + (i < 20 ? "\n" : "");
        b += (i == 2 ? std::string("two") : i == 18 ? std::string("eighteen") : std::to_string(i)) + (i < 20 ? "\n" : "");
    }
    const std::string diff = unified_diff(a, b, "a", "b");
    CHECK(diff.find("@@ -1,5 +1,5 @@") != std::string::npos);
    CHECK(diff.find("@@ -15,6 +15,6 @@") != std::string::npos);
    CHECK(diff.find("-2\n+two\n") != std::string::npos);
    CHECK(diff.find("-18\n+eighteen\n") != std::string::npos);

    const std::string near = unified_diff("1\n2\n3\n4\n5", "x\n2\n3\n4\ny", "a", "b");
    CHECK(near == "--- a\n+++ b\n@@ -1,5 +1,5 @@\n-1\n+x\n 2\n 3\n 4\n-5\n+y\n");
}

TEST_CASE("insertions into and deletions to an empty text", "[archive][diff]") {
    CHECK(unified_diff("", "a\nb", "a", "b") == "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n");
    CHECK(unified_diff("a\nb", "", "a", "b") == "--- a\n+++ b\n@@ -1,2 +0,0 @@\n-a\n-b\n");
    CHECK(unified_diff("a\nc", "a\nb\nc", "a", "b", 0) == "--- a\n+++ b\n@@ -1,0 +2 @@\n+b\n");
}

TEST_CASE("the diff keeps moved-around common lines", "[archive][diff]") {
    const std::string diff = unified_diff("a\nb\nc\nd", "b\nc\nd\na", "x", "y");
    CHECK(diff == "--- x\n+++ y\n@@ -1,4 +1,4 @@\n-a\n b\n c\n d\n+a\n");
}

TEST_CASE("a changed block shows its removed lines before its added ones", "[archive][diff]") {
    CHECK(unified_diff("p\n\nold one\nold two\n\nq", "p\n\nnew one\nnew two\n\nq", "a", "b", 1) ==
          "--- a\n+++ b\n@@ -2,4 +2,4 @@\n \n-old one\n-old two\n+new one\n+new two\n \n");
}

TEST_CASE("applying the diff to a gives b, on random and real texts", "[archive][diff]") {
    std::mt19937 random(20261203);
    SECTION("random texts over a few distinct lines (many equally short scripts)") {
        for (int round = 0; round < 300; ++round) {
            std::vector<std::string> a(random() % 60);
            std::vector<std::string> b(random() % 60);
            for (auto* lines : {&a, &b}) {
                for (std::string& line : *lines) {
                    line = std::string(1, static_cast<char>('a' + random() % 4));
                }
            }
            const int context = static_cast<int>(random() % 4);
            const std::string diff = unified_diff(joined(a), joined(b), "a", "b", context);
            INFO("round " << round << ", context " << context);
            CHECK(apply_failure(joined(a), diff, joined(b)) == "");
        }
    }
    SECTION("edits of the seed articles") {
        for (const std::string& seed : seed_texts()) {
            for (int round = 0; round < 100; ++round) {
                const std::string b = joined(edited(lines_of(seed), random, 1 + round % 4));
                INFO("seed of " << seed.size() << " bytes, round " << round);
                CHECK(apply_failure(seed, unified_diff(seed, b, "a", "b"), b) == "");
            }
        }
    }
}

TEST_CASE("small edits of a 100,000-line text give exactly the lines inserted and removed", "[archive][diff]") {
    // The seeds again and again, each line numbered so that an edit has one right answer.
    std::vector<std::string> a;
    const std::vector<std::string> seeds = seed_texts();
    for (std::size_t copy = 0; a.size() < 100'000; ++copy) {
        for (const std::string& line : lines_of(seeds[copy % seeds.size()])) {
            a.push_back(std::to_string(a.size()) + " " + line);
        }
    }
    a.resize(100'000);
    std::vector<std::string> b = a;
    // From the back, so the positions named stay those of a.
    b.erase(b.begin() + 97'001);
    b.insert(b.begin() + 50'000, {"插入的第一行", "插入的第二行"});
    b.erase(b.begin() + 12'345, b.begin() + 12'348);
    b.insert(b.begin() + 10, "开头附近插入");

    const std::string diff = unified_diff(joined(a), joined(b), "a", "b");
    const Changes changes = changes_of(diff);
    CHECK(differences(changes.removed, {a[12'345], a[12'346], a[12'347], a[97'001]}) == "");
    CHECK(differences(changes.inserted, {"开头附近插入", "插入的第一行", "插入的第二行"}) == "");
    CHECK(apply_failure(joined(a), diff, joined(b)) == "");
}

TEST_CASE("texts past the old 25M-cell table get their shortest diff", "[archive][diff]") {
    // 10,000 x 10,000 lines changed all through (every 7th line replaced, a line added after every 5th), so the
    // common prefix and suffix are short. The LCS table had 10^8 cells, over its cap, and showed all 9,997 lines
    // of the middle removed and 11,997 added.
    std::vector<std::string> a;
    std::vector<std::string> b;
    for (int i = 0; i < 10'000; ++i) {
        a.push_back("line " + std::to_string(i));
        b.push_back(i % 7 == 0 ? "changed " + std::to_string(i) : a.back());
        if (i % 5 == 0) {
            b.push_back("added after " + std::to_string(i));
        }
    }
    const std::string diff = unified_diff(joined(a), joined(b), "a", "b");
    const Changes changes = changes_of(diff);
    CHECK(changes.removed.size() == 1'429);
    CHECK(changes.inserted.size() == 3'429);
    CHECK(apply_failure(joined(a), diff, joined(b)) == "");

    // 200,000 lines with one edit near each end and one in the middle: 4 * 10^10 cells for the table.
    std::vector<std::string> long_a;
    for (int i = 0; i < 200'000; ++i) {
        long_a.push_back("第" + std::to_string(i) + "行");
    }
    std::vector<std::string> long_b = long_a;
    long_b[5] = "改了开头";
    long_b[100'000] = "改了中间";
    long_b[199'990] = "改了结尾";
    const std::string long_diff = unified_diff(joined(long_a), joined(long_b), "a", "b");
    const Changes long_changes = changes_of(long_diff);
    CHECK(differences(long_changes.removed, {long_a[5], long_a[100'000], long_a[199'990]}) == "");
    CHECK(differences(long_changes.inserted, {"改了开头", "改了中间", "改了结尾"}) == "");
}

TEST_CASE("unrelated and adversarial texts still get a diff that turns a into b", "[archive][diff]") {
    // Past the cost bound the script need not be the shortest; it must still be right, in bounded time.
    SECTION("two 200,000-line texts with no line in common") {
        std::string a;
        std::string b;
        for (int i = 0; i < 200'000; ++i) {
            a += "旧" + std::to_string(i) + "\n";
            b += "新" + std::to_string(i) + "\n";
        }
        const std::string diff = unified_diff(a, b, "a", "b");
        const Changes changes = changes_of(diff);
        // 200,000 lines and the empty line after the last newline, which both share.
        CHECK(changes.removed.size() == 200'000);
        CHECK(changes.inserted.size() == 200'000);
        CHECK(apply_failure(a, diff, b) == "");
    }
    SECTION("two 30,000-line random texts over 20 distinct lines (thousands of edits, every line matchable)") {
        std::mt19937 random(7);
        std::string a;
        std::string b;
        for (int i = 0; i < 30'000; ++i) {
            a += "l" + std::to_string(random() % 20) + "\n";
            b += "l" + std::to_string(random() % 20) + "\n";
        }
        const std::string diff = unified_diff(a, b, "a", "b");
        CHECK(apply_failure(a, diff, b) == "");
        // Not the whole replacement the old table fell back to (19,535 removed lines today).
        CHECK(changes_of(diff).removed.size() < 30'000);
    }
}
