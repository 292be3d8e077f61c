// Cleaning benchmark: the five seeds replicated to --mb megabytes, cleaned on one thread (MB/s per core of CPU
// time), then SimHash and topic scoring over the cleaned bodies (documents/s). Each measurement is repeated
// --passes times and reported as the best and the median pass: on a shared virtual machine a pass is only ever
// slowed by others (steal time), never sped up, so the best pass is the code's own speed and the median shows the
// spread.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
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

/// CPU seconds of each pass of `work`, sorted (fastest first).
template <typename Work>
std::vector<double> timed_passes(int passes, Work&& work) {
    std::vector<double> seconds;
    for (int pass = 0; pass < passes; ++pass) {
        const double start = cpu_seconds();
        work();
        seconds.push_back(std::max(cpu_seconds() - start, 1e-6));
    }
    std::sort(seconds.begin(), seconds.end());
    return seconds;
}

double median(const std::vector<double>& sorted) {
    return sorted[sorted.size() / 2];
}

/// Ticks the virtual machine's host took from this machine's CPUs (the "steal" column of /proc/stat).
long long steal_ticks() {
    std::ifstream stat("/proc/stat");
    std::string cpu;
    long long values[8] = {};
    stat >> cpu;
    for (long long& value : values) {
        stat >> value;
    }
    return values[7];
}

int usage(const char* message) {
    std::fprintf(stderr, "bench_clean: %s\nusage: newsarc_bench_clean [--mb N] [--seeds DIR] [--rules DIR] "
                         "[--topic FILE] [--passes N]\n", message);
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    double megabytes = 4.0;
    int passes = 9;
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
        } else if (arg == "--passes") {
            passes = std::max(1, std::atoi(argv[++i]));
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
        const long long steal_start = steal_ticks();
        std::vector<clean::CleanArticle> cleaned;
        const auto clean_seconds = timed_passes(passes, [&] {
            cleaned.clear();
            cleaned.reserve(corpus.size());
            for (const clean::RawArticle* article : corpus) {
                cleaned.push_back(clean::clean_article(*article, {}, rules));
            }
        });
        const double mb = static_cast<double>(total_bytes) / (1024.0 * 1024.0);
        std::printf("clean:   %zu documents, %.2f MB per pass, %d passes: best %.1f MB/s per core, median %.1f MB/s\n",
                    corpus.size(), mb, passes, mb / clean_seconds.front(), mb / median(clean_seconds));

        std::vector<std::string> bodies;
        bodies.reserve(cleaned.size());
        std::size_t body_bytes = 0;
        for (const auto& article : cleaned) {
            bodies.push_back(article.body());
            body_bytes += bodies.back().size();
        }
        const double documents = static_cast<double>(bodies.size());
        const double body_mb = static_cast<double>(body_bytes) / (1024.0 * 1024.0);
        std::uint64_t sink = 0;
        const auto hash_seconds = timed_passes(passes, [&] {
            for (const auto& body : bodies) {
                sink += clean::simhash64(body);
            }
        });
        std::printf("simhash: %zu documents (%.2f MB of cleaned bodies): best %.0f documents/s (%.1f MB/s), "
                    "median %.0f documents/s\n",
                    bodies.size(), body_mb, documents / hash_seconds.front(), body_mb / hash_seconds.front(),
                    documents / median(hash_seconds));

        double score_sum = 0;
        const auto topic_seconds = timed_passes(passes, [&] {
            score_sum = 0;
            for (std::size_t i = 0; i < bodies.size(); ++i) {
                score_sum += topic.score(cleaned[i].title, bodies[i]);
            }
        });
        std::printf("topic:   %zu documents: best %.0f documents/s (%.1f MB/s), median %.0f documents/s "
                    "(mean score %.1f)\n",
                    bodies.size(), documents / topic_seconds.front(), body_mb / topic_seconds.front(),
                    documents / median(topic_seconds), score_sum / documents);
        std::printf("steal:   the host took %.2f CPU s from this machine during the passes (/proc/stat)\n",
                    static_cast<double>(steal_ticks() - steal_start) / static_cast<double>(sysconf(_SC_CLK_TCK)));
        std::printf("(simhash checksum %016llx)\n", static_cast<unsigned long long>(sink));  // keeps the work
        return 0;
    } catch (const Failure& failure) {
        std::fprintf(stderr, "bench_clean: %s\n", failure.what());
        return failure.exit_code();
    }
}
