// TopicModel: a weighted term list (configs/topics/*.toml) that scores how relevant an article is to a topic.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace newsarc::clean {

/// One term of a topic. ASCII letters match case-insensitively and only as a whole word ("AI" does not match
/// in "OpenAI" or "MAIL"); any other text matches as written (list traditional variants as terms of their own).
struct TopicTerm {
    std::string text;
    double weight = 1.0;
};

/// How often one term occurred, for explaining a score.
struct TopicHit {
    std::string term;
    int title_count = 0;
    int body_count = 0;
};

/// Scores title + body against weighted terms:
///   raw   = title_weight * sum(weight of each term in the title) + sum(weight * (1 + ln count) per body term)
///   score = raw / sqrt(max(1, body_characters / length_reference))
/// Repeats count less than new terms, title hits count more, and a long text needs proportionally more
/// evidence; a short page that mentions "AI" once scores about that term's weight. Immutable after loading;
/// safe to share between threads.
class TopicModel {
public:
    /// Loads a topic file. Throws newsarc::Failure (usage) naming the file, line and key of the first problem.
    static TopicModel load_file(const std::filesystem::path& path);

    /// Builds a model from terms (weights must be > 0). Throws newsarc::Failure (usage) on a bad argument.
    TopicModel(std::string name, std::vector<TopicTerm> terms, double threshold, double title_weight = 3.0,
               double length_reference = 3000.0);

    [[nodiscard]] double score(std::string_view title, std::string_view body) const;
    [[nodiscard]] bool relevant(std::string_view title, std::string_view body) const {
        return score(title, body) >= threshold_;
    }
    /// Every term that occurred, in the order of terms().
    [[nodiscard]] std::vector<TopicHit> hits(std::string_view title, std::string_view body) const;

    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    [[nodiscard]] double threshold() const noexcept { return threshold_; }
    [[nodiscard]] const std::vector<TopicTerm>& terms() const noexcept { return terms_; }

private:
    struct Index;
    void count(std::string_view text, std::vector<int>& counts) const;

    std::string name_;
    std::vector<TopicTerm> terms_;
    double threshold_;
    double title_weight_;
    double length_reference_;
    std::shared_ptr<const Index> index_;
};

} // namespace newsarc::clean
