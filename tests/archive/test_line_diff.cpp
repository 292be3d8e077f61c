// Focus: the LCS line diff behind `newsarc diff` (hunks, context, ranges, edge cases).
#include <catch2/catch.hpp>

#include "newsarc/archive/line_diff.hpp"

using newsarc::archive::unified_diff;

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

TEST_CASE("the LCS keeps moved-around common lines", "[archive][diff]") {
    const std::string diff = unified_diff("a\nb\nc\nd", "b\nc\nd\na", "x", "y");
    CHECK(diff == "--- x\n+++ y\n@@ -1,4 +1,4 @@\n-a\n b\n c\n d\n+a\n");
}
