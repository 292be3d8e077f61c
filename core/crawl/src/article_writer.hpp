// The article stage of the crawl: what a plugin extracted becomes a cleaned, scored version in the archive
// (or is left out, when it is empty after cleaning or off the job's topic).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "newsarc/archive/store.hpp"
#include "newsarc/clean/clean_rules.hpp"
#include "newsarc/clean/topic_model.hpp"
#include "newsarc/crawl/job_config.hpp"
#include "newsarc/plugin_host/run.hpp"

namespace newsarc::crawl {

/// What became of one extracted article.
struct ArticleResult {
    enum class State : std::uint8_t {
        stored = 1,    ///< a new version was written
        unchanged = 2, ///< the cleaned content equals the latest version: nothing written
        off_topic = 3, ///< scored below the job's topic threshold: not archived
        empty = 4,     ///< no paragraph survived cleaning: not archived
        gone = 5,      ///< an archived article answered 404 or 410: marked gone, its versions kept
    };
    State state = State::empty;
    std::string doc_id;
    int version = 0;                  ///< the new or unchanged latest version
    std::optional<double> topic_score;
    std::string detail;               ///< one line for the fetch log
};

/// "stored", "unchanged", "off_topic", "empty", "gone".
const char* to_string(ArticleResult::State state) noexcept;

/// An article cleaned and scored, not yet written.
struct CleanedArticle {
    ArticleResult result;         ///< state: empty or off_topic (not to be archived), or stored (to be written)
    std::string body;             ///< the cleaned body, paragraphs separated by "\n\n"
    archive::VersionInput version; ///< everything but the capture; its body views `body`

    /// True when the article is to be archived.
    [[nodiscard]] bool keep() const noexcept { return result.state == ArticleResult::State::stored; }
};

class ArticleWriter {
public:
    /// Loads the job's cleaning rules and topic. Throws newsarc::Failure (usage) naming the file for a missing
    /// or bad rules folder or topic file, or an OpenCC configuration that does not exist.
    explicit ArticleWriter(const JobConfig& job);

    /// Cleans what the plugin extracted for the document of `document_url` and scores it against the topic.
    /// Only reads the writer's state, so any thread may call it.
    /// `fallback_for`: the site plugin the extractor stood in for (recorded in the version's extra JSON).
    [[nodiscard]] CleanedArticle prepare(const plugin_host::PageOutcome& extracted, const std::string& document_url,
                                         std::string_view fallback_for = {}) const;

    /// Writes a kept article as a version of its document (which must exist: Store::ensure_document) made
    /// from capture `capture_id`; the result says whether the content was new. The article's `version` is
    /// moved from.
    ArticleResult write(archive::Store& store, CleanedArticle& article, std::int64_t capture_id,
                        archive::TimePoint observed) const;

private:
    bool clean_enabled_;
    clean::CleanOptions options_;
    clean::CleanRules rules_;
    std::optional<clean::TopicModel> topic_;
    double threshold_ = 0;
};

} // namespace newsarc::crawl
