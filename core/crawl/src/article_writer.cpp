// Cleaning, topic scoring, near-duplicate hashing and the version write, for every extracted article.
#include "article_writer.hpp"

#include <cstdio>
#include <system_error>

#include <nlohmann/json.hpp>

#include "newsarc/archive/time.hpp"
#include "newsarc/base/ids.hpp"
#include "newsarc/base/install_layout.hpp"
#include "newsarc/base/log.hpp"
#include "newsarc/clean/cleaner.hpp"
#include "newsarc/clean/simhash.hpp"

namespace newsarc::crawl {
namespace {

/// The rules folder a job gets when it names none: the data folder's cleaning/ (beside the program, or
/// $NEWSARC_DATA_DIR); when that is missing, only the built-in steps run, and the log says where it looked.
std::filesystem::path default_rules_dir() {
    std::error_code error;
    const std::filesystem::path dir = data_path("cleaning");
    if (!dir.empty() && std::filesystem::is_directory(dir, error)) {
        return dir;
    }
    return {};
}

clean::CleanRules load_rules(const JobConfig& job) {
    if (!job.clean.enabled) {
        return {};
    }
    std::filesystem::path dir = job.clean.rules;
    if (dir.empty()) {
        dir = default_rules_dir();
        if (dir.empty()) {
            log::get("clean")->warn("event=no_rules data_dir=\"{}\" reason=\"the data folder has no cleaning/; set "
                                    "[clean] rules or NEWSARC_DATA_DIR\"",
                                    describe_data_dir());
            return {};
        }
    }
    return clean::CleanRules::load_directory(dir);
}

std::string format_score(double score) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", score);
    return text;
}

} // namespace

const char* to_string(ArticleResult::State state) noexcept {
    switch (state) {
    case ArticleResult::State::stored: return "stored";
    case ArticleResult::State::unchanged: return "unchanged";
    case ArticleResult::State::off_topic: return "off_topic";
    case ArticleResult::State::empty: return "empty";
    case ArticleResult::State::gone: return "gone";
    }
    return "empty";
}

ArticleWriter::ArticleWriter(const JobConfig& job)
    : clean_enabled_(job.clean.enabled), options_(job.clean.options), rules_(load_rules(job)) {
    if (clean_enabled_ && !options_.convert.empty()) {
        (void)clean::convert_script("测试", options_.convert); // an unknown configuration fails now, not per page
    }
    if (!job.topic.file.empty()) {
        topic_.emplace(clean::TopicModel::load_file(job.topic.file));
        threshold_ = job.topic.threshold.value_or(topic_->threshold());
    }
}

CleanedArticle ArticleWriter::prepare(const plugin_host::PageOutcome& extracted, const std::string& document_url,
                                      std::string_view fallback_for) const {
    clean::RawArticle raw;
    raw.title = std::string(extracted.field("title"));
    raw.author = std::string(extracted.field("author"));
    raw.source = std::string(extracted.field("source"));
    raw.published_at = std::string(extracted.field("published_at"));
    raw.paragraphs = extracted.paragraphs;
    clean::CleanArticle article;
    if (clean_enabled_) {
        article = clean::clean_article(raw, options_, rules_);
    } else {
        article.title = std::move(raw.title);
        article.author = std::move(raw.author);
        article.source = std::move(raw.source);
        article.published_at = std::move(raw.published_at);
        for (auto& paragraph : raw.paragraphs) {
            if (!paragraph.empty()) {
                article.paragraphs.push_back(std::move(paragraph));
            }
        }
    }

    CleanedArticle out;
    ArticleResult& result = out.result;
    result.doc_id = doc_id_for_url(document_url);
    // A paywalled page is archived with what it showed (title, time, a teaser if any), marked as paywalled,
    // so a user sees that the article exists; its full text is never there to store.
    const bool paywalled = extracted.extract_status && *extracted.extract_status == NEWSARC_PAYWALLED;
    if (article.paragraphs.empty() && !paywalled) {
        result.state = ArticleResult::State::empty;
        result.detail = "article " + result.doc_id + " empty after cleaning (" +
                        std::to_string(article.dropped.size()) + " lines dropped): not archived";
        return out;
    }
    out.body = article.body();
    if (topic_) {
        result.topic_score = topic_->score(article.title, out.body);
        if (*result.topic_score < threshold_) {
            result.state = ArticleResult::State::off_topic;
            result.detail = "article " + result.doc_id + " off topic '" + topic_->name() + "' (score " +
                            format_score(*result.topic_score) + " < " + format_score(threshold_) +
                            "): not archived";
            return out;
        }
    }
    result.state = ArticleResult::State::stored;

    archive::VersionInput& version = out.version;
    version.doc_id = result.doc_id;
    version.title = std::move(article.title);
    version.author = std::move(article.author);
    version.source = std::move(article.source);
    version.published_at = archive::normalize_published_at(article.published_at).value_or(std::string());
    version.plugin = extracted.plugin_id;
    version.plugin_version = extracted.plugin_version;
    version.topic_score = result.topic_score;
    version.simhash = clean::simhash64(out.body);
    version.paywalled = paywalled;
    nlohmann::json extra = nlohmann::json::object();
    if (!extracted.tags.empty()) {
        extra["tags"] = extracted.tags;
    }
    if (const auto canonical = extracted.field("canonical_url"); !canonical.empty()) {
        extra["canonical_url"] = canonical;
    }
    if (!fallback_for.empty()) {
        extra["fallback_for"] = fallback_for;
    }
    if (!extra.empty()) {
        version.extra_json = extra.dump();
    }
    return out;
}

ArticleResult ArticleWriter::write(archive::Store& store, CleanedArticle& article, std::int64_t capture_id,
                                   archive::TimePoint observed) const {
    archive::VersionInput& version = article.version;
    version.body = article.body;
    version.capture_id = capture_id;
    version.created_at = observed;
    const archive::PutVersionResult written = store.put_version(version);
    ArticleResult result = article.result;
    result.version = written.number;
    result.state = written.created ? ArticleResult::State::stored : ArticleResult::State::unchanged;
    result.detail = "article " + result.doc_id + " v" + std::to_string(written.number) +
                    (written.created ? " stored" : " unchanged") + " (" + version.plugin +
                    (version.paywalled ? ", paywalled" : "") +
                    (result.topic_score ? ", topic " + format_score(*result.topic_score) : std::string()) + ")";
    return result;
}

} // namespace newsarc::crawl
