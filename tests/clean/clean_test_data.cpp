// Helpers of the clean tests (see clean_test_data.hpp).
#include "clean_test_data.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "newsarc/archive/corpus_format.hpp"
#include "support/paths.hpp"

namespace newsarc::test {

namespace fs = std::filesystem;

fs::path clean_data_dir() {
    return source_dir() / "tests" / "clean" / "data";
}

std::vector<fs::path> text_files(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.is_regular_file() && entry.path().extension() == ".txt") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<fs::path> seed_files() {
    auto files = text_files(shared_dir() / "seeds");
    REQUIRE(files.size() == 5);
    return files;
}

fs::path seed_file(std::string_view number) {
    for (const auto& file : seed_files()) {
        if (file.filename().string().rfind(std::string(number) + "_", 0) == 0) {
            return file;
        }
    }
    FAIL("no seed " << number << " in " << (shared_dir() / "seeds").string());
    return {};
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

const clean::CleanRules& repo_rules() {
    static const clean::CleanRules rules = clean::CleanRules::load_directory(source_dir() / "configs" / "cleaning");
    return rules;
}

const clean::TopicModel& ai_topic() {
    static const clean::TopicModel topic =
        clean::TopicModel::load_file(source_dir() / "configs" / "topics" / "ai-industry.toml");
    return topic;
}

std::vector<std::string> non_empty_lines(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        if (end > start) {
            lines.emplace_back(text.substr(start, end - start));
        }
        start = end + 1;
    }
    return lines;
}

clean::RawArticle article_from_text(std::string_view text) {
    const archive::CorpusRecord record = archive::parse_corpus(text);
    clean::RawArticle article;
    std::string_view body = text;
    if (!record.title.empty()) {
        article.title = record.title;
        article.source = record.source;
        article.published_at = archive::corpus_time(record.published_at);
        body = text.substr(text.size() - record.body.size());
    } else {
        const std::size_t title_end = text.find('\n');
        if (title_end != std::string_view::npos && title_end > 0 && text.substr(title_end, 2) == "\n\n") {
            article.title = std::string(text.substr(0, title_end));
            body = text.substr(title_end + 2);
        }
    }
    article.paragraphs = non_empty_lines(body);
    return article;
}

clean::CleanArticle clean_text(std::string_view text, const clean::CleanOptions& options) {
    return clean::clean_article(article_from_text(text), options, repo_rules());
}

clean::RawArticle as_raw(const clean::CleanArticle& article) {
    return clean::RawArticle{article.title, article.author, article.source, article.published_at,
                             article.paragraphs};
}

} // namespace newsarc::test
