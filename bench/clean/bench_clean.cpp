// Cleaning benchmark: the five seeds replicated to --mb megabytes, cleaned on one thread (MB/s per core of CPU
// time), then SimHash and topic scoring over the cleaned bodies (documents/s).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "newsarc/archive/corpus_format.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/clean/cleaner.hpp"
#include "newsarc/clean/paragraphs.hpp"
#include "newsarc/clean/simhash.hpp"
#include "newsarc/clean/topic_model.hpp"

namespace {

namespace fs = std::filesystem;
using namespace newsarc;

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double wall_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

clean::RawArticle article_of(const std::string& text, std::size_t& bytes) {
    const archive::CorpusRecord record = archive::parse_corpus(text);
    clean::RawArticle article;
    article.title = record.title;
    article.source = record.source;
    article.published_at = archive::corpus_time(record.published_at);
    article.paragraphs = clean::paragraphs_of(record.body);
    bytes = text.size();
    return article;
}

int usage(const char* message) {
    std::fprintf(stderr, "bench_clean: %s\nusage: newsarc_bench_clean [--mb N] [--seeds DIR] [--rules DIR] "
                         "[--topic FILE]\n", message);
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    double megabytes = 4.0;
    fs::path seeds = fs::path(NEWSARC_SHARED_DIR) / "seeds";
    fs::path rules_dir = fs::path(NEWSARC_SOURCE_DIR) / "configs" / "cleaning";
    fs::path topic_file = fs::path(NEWSARC_SOURCE_DIR) / "configs" / "topics" / "ai-industry.toml";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc) {
            return usage(("missing value after " + arg).c_str());
        }
        if (arg == "--mb") {
            megabytes = std::atof(argv[++i]);
        } else if (arg == "--seeds") {
            seeds = argv[++i];
        } else if (arg == "--rules") {
            rules_dir = argv[++i];
        } else if (arg == "--topic") {
            topic_file = argv[++i];
        } else {
            return usage(("unknown option " + arg).c_str());
        }
    }
    try {
        const clean::CleanRules rules = clean::CleanRules::load_directory(rules_dir);
        const clean::TopicModel topic = clean::TopicModel::load_file(topic_file);
        std::vector<std::pair<clean::RawArticle, std::size_t>> originals;
        for (const auto& entry : fs::directory_iterator(seeds)) {
            if (entry.path().extension() == ".txt") {
                std::size_t bytes = 0;
                clean::RawArticle article = article_of(read_text(entry.path()), bytes);
                originals.emplace_back(std::move(article), bytes);
            }
        }
        if (originals.empty()) {
            return usage(("no *.txt seeds in " + seeds.string()).c_str());
        }
        std::vector<const clean::RawArticle*> corpus;
        std::size_t total_bytes = 0;
        const auto target = static_cast<std::size_t>(megabytes * 1024 * 1024);
        while (total_bytes < target) {
            for (const auto& [article, bytes] : originals) {
                corpus.push_back(&article);
                total_bytes += bytes;
            }
        }

        // Cleaning: one thread, so CPU time is the time of one core.
        std::vector<clean::CleanArticle> cleaned;
        cleaned.reserve(corpus.size());
        const double cpu_start = cpu_seconds();
        const double wall_start = wall_seconds();
        for (const clean::RawArticle* article : corpus) {
            cleaned.push_back(clean::clean_article(*article, {}, rules));
        }
        const double clean_cpu = cpu_seconds() - cpu_start;
        const double clean_wall = wall_seconds() - wall_start;
        const double mb = static_cast<double>(total_bytes) / (1024.0 * 1024.0);
        std::printf("clean:   %zu documents, %.2f MB in %.2f s CPU (%.2f s wall): %.1f MB/s per core\n",
                    corpus.size(), mb, clean_cpu, clean_wall, mb / clean_cpu);

        std::vector<std::string> bodies;
        bodies.reserve(cleaned.size());
        std::size_t body_bytes = 0;
        for (const auto& article : cleaned) {
            bodies.push_back(article.body());
            body_bytes += bodies.back().size();
        }
        std::uint64_t sink = 0;
        const double hash_start = cpu_seconds();
        for (const auto& body : bodies) {
            sink += clean::simhash64(body);
        }
        const double hash_cpu = cpu_seconds() - hash_start;
        std::printf("simhash: %zu documents (%.2f MB of cleaned bodies) in %.2f s CPU: %.0f documents/s, %.1f MB/s\n",
                    bodies.size(), static_cast<double>(body_bytes) / (1024.0 * 1024.0), hash_cpu,
                    static_cast<double>(bodies.size()) / hash_cpu,
                    static_cast<double>(body_bytes) / (1024.0 * 1024.0) / hash_cpu);

        double score_sum = 0;
        const double topic_start = cpu_seconds();
        for (std::size_t i = 0; i < bodies.size(); ++i) {
            score_sum += topic.score(cleaned[i].title, bodies[i]);
        }
        const double topic_cpu = cpu_seconds() - topic_start;
        std::printf("topic:   %zu documents in %.2f s CPU: %.0f documents/s (mean score %.1f)\n", bodies.size(),
                    topic_cpu, static_cast<double>(bodies.size()) / topic_cpu,
                    score_sum / static_cast<double>(bodies.size()));
        std::printf("(simhash checksum %016llx)\n", static_cast<unsigned long long>(sink));  // keeps the work
        return 0;
    } catch (const Failure& failure) {
        std::fprintf(stderr, "bench_clean: %s\n", failure.what());
        return failure.exit_code();
    }
}
