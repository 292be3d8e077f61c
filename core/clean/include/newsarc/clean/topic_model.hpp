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
/// Full-width ASCII in the text (ＡＩ, ＧＰＵ, as Taiwanese and Japanese-style layouts write them) matches as
/// ASCII.
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
///   title = title_weight * sum(weight of each term in the title)
///   body  = sum(weight * (1 + ln count) per body term), times passing_mention_weight when the title has no term
///           and the body only mentions the topic in passing: fewer than 3 distinct terms, or none twice, or all
///           in one of several paragraphs (lines)
///   score = (title + body) / sqrt(max(1, body_characters / length_reference))
/// Repeats count less than new terms, title hits count more, and a long text needs proportionally more
/// evidence; a short page that mentions "AI" once scores about that term's weight. A term occurrence that
/// starts inside an occurrence of a not-term does not count: "智能体育" (smart sports) and "智能体验" (smart
/// experience) are not "智能体" (agent). Immutable after loading; safe to share between threads.
class TopicModel {
public:
    /// Loads a topic file. Throws newsarc::Failure (usage) naming the file, line and key of the first problem.
    static TopicModel load_file(const std::filesystem::path& path);

    /// Builds a model from terms (weights must be > 0). Throws newsarc::Failure (usage) on a bad argument.
    TopicModel(std::string name, std::vector<TopicTerm> terms, double threshold, double title_weight = 3.0,
               double length_reference = 3000.0, std::vector<std::string> not_terms = {},
               double passing_mention_weight = 1.0);

    [[nodiscard]] double score(std::string_view title, std::string_view body) const;
    [[nodiscard]] bool relevant(std::string_view title, std::string_view body) const {
        return score(title, body) >= threshold_;
    }
    /// Every term that occurred, in the order of terms().
    [[nodiscard]] std::vector<TopicHit> hits(std::string_view title, std::string_view body) const;

    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    [[nodiscard]] double threshold() const noexcept { return threshold_; }
    [[nodiscard]] const std::vector<TopicTerm>& terms() const noexcept { return terms_; }
    [[nodiscard]] const std::vector<std::string>& not_terms() const noexcept { return not_terms_; }

private:
    struct Index;
    /// Counts every term in `text`; returns how many lines of it hold at least one.
    std::size_t count(std::string_view text, std::vector<int>& counts) const;

    std::string name_;
    std::vector<TopicTerm> terms_;
    std::vector<std::string> not_terms_;
    double threshold_;
    double title_weight_;
    double length_reference_;
    double passing_mention_weight_;
    std::shared_ptr<const Index> index_;
};

} // namespace newsarc::clean
