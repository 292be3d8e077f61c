// Shared helpers of the clean tests: where the seeds and test texts are, the rule and topic files of configs/,
// and turning a corpus text into the RawArticle an extraction would hand to cleaning.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/clean/cleaner.hpp"
#include "newsarc/clean/topic_model.hpp"

namespace newsarc::test {

/// tests/clean/data in the source tree.
std::filesystem::path clean_data_dir();

/// The five seeds of ../shared/seeds, in name order.
std::vector<std::filesystem::path> seed_files();

/// The seed whose name starts with `number` ("000" .. "004").
std::filesystem::path seed_file(std::string_view number);

/// The *.txt files of `dir`, in name order.
std::vector<std::filesystem::path> text_files(const std::filesystem::path& dir);

/// The whole file; a missing file fails the test.
std::string read_text(const std::filesystem::path& path);

/// configs/cleaning and configs/topics/ai-industry.toml, loaded once.
const clean::CleanRules& repo_rules();
const clean::TopicModel& ai_topic();

/// A corpus text as extraction would give it: the corpus header when it has one; else, when line 1 is
/// followed by an empty line (the seeds' "title without a time line"), line 1 as the title; the remaining
/// non-empty lines are the paragraphs.
clean::RawArticle article_from_text(std::string_view text);

/// The non-empty lines of `text`.
std::vector<std::string> non_empty_lines(std::string_view text);

/// clean_article over article_from_text(text) with default options and the repository's rules.
clean::CleanArticle clean_text(std::string_view text, const clean::CleanOptions& options = {});

/// A cleaned article fed back to cleaning as it is.
clean::RawArticle as_raw(const clean::CleanArticle& article);

} // namespace newsarc::test
