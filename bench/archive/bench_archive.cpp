// The archive benchmark: builds a realistic Chinese news corpus (vocabulary taken from the shared seeds,
// Zipf-distributed, so compression behaves as on real text), then times `newsarc import` and `newsarc export`
// on it and reports documents/s and the archive's size against the raw corpus.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zdict.h>
#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "news_text.hpp"
#include "newsarc/archive/store.hpp"

namespace fs = std::filesystem;

namespace {

using newsarc::bench::Generator;
using newsarc::bench::Vocabulary;
using newsarc::bench::learn;
using newsarc::bench::seed_texts;

struct Options {
    long documents = 100000;
    fs::path newsarc;
    fs::path shared = NEWSARC_SHARED_DIR;
    fs::path work;
    bool keep = false;
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "newsarc_bench_archive: " << problem
              << "\nusage: newsarc_bench_archive --newsarc PATH [--docs N] [--shared DIR] [--work DIR] [--keep]\n";
    std::exit(2);
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage(arg + " needs a value");
            }
            return argv[++i];
        };
        if (arg == "--docs") {
            options.documents = std::atol(value().c_str());
        } else if (arg == "--newsarc") {
            options.newsarc = value();
        } else if (arg == "--shared") {
            options.shared = value();
        } else if (arg == "--work") {
            options.work = value();
        } else if (arg == "--keep") {
            options.keep = true;
        } else {
            usage("unknown argument '" + arg + "'");
        }
    }
    if (options.documents <= 0) {
        usage("--docs must be a positive number");
    }
    if (options.newsarc.empty()) {
        usage("--newsarc is required");
    }
    return options;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string doc_id(long index) {
    std::uint64_t x = static_cast<std::uint64_t>(index) + 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    x ^= x >> 31;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(x));
    return hex;
}

/// The file name `newsarc export` gives the index-th of `total` documents.
std::string file_name(long index, long total, const std::string& id) {
    int width = 3;
    for (long last = total - 1; last >= 1000; last /= 10) {
        ++width;
    }
    std::string number = std::to_string(index);
    if (number.size() < static_cast<std::size_t>(width)) {
        number.insert(0, static_cast<std::size_t>(width) - number.size(), '0');
    }
    return number + "_" + id + ".txt";
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Runs `program args...`, output passed through; returns the exit status.
int run(const fs::path& program, const std::vector<std::string>& args) {
    std::vector<std::string> storage{program.string()};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : storage) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}


/// What the machine allows, measured on the same corpus. Import must read every file and compress every body,
/// so it cannot beat the read rate or the compression rate; the archive cannot be smaller than the bodies
/// compressed one by one (each version stays readable alone) at the best level zstd has.
struct Floors {
    double read_files_per_s = 0;
    long compressed = 0; ///< documents in the compression sample
    double level3_docs_per_s = 0;
    double level3_ratio = 0;
    long compressed_level19 = 0;
    double level19_docs_per_s = 0;
    double level19_ratio = 0;
};

Floors measure_floors(const fs::path& corpus, const std::vector<std::string>& names) {
    Floors floors;
    std::vector<char> buffer(1 << 16);
    std::vector<std::string> sample;
    const std::size_t sample_size = std::min<std::size_t>(names.size(), 10000);
    auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < names.size(); ++i) {
        const int fd = ::open((corpus / names[i]).c_str(), O_RDONLY | O_CLOEXEC);
        std::string text;
        ssize_t got = 0;
        while (fd >= 0 && (got = ::read(fd, buffer.data(), buffer.size())) > 0) {
            text.append(buffer.data(), static_cast<std::size_t>(got));
        }
        if (fd >= 0) {
            ::close(fd);
        }
        if (i < sample_size) {
            sample.push_back(std::move(text));
        }
    }
    floors.read_files_per_s = static_cast<double>(names.size()) / seconds_since(start);

    // A dictionary as the archive trains it: the first 1,000 bodies, 112 KB.
    std::string training;
    std::vector<std::size_t> sizes;
    for (std::size_t i = 0; i < sample.size() && i < 1000; ++i) {
        training += sample[i];
        sizes.push_back(sample[i].size());
    }
    std::vector<char> dictionary(112u << 10);
    const std::size_t dictionary_size = ZDICT_trainFromBuffer(dictionary.data(), dictionary.size(), training.data(),
                                                              sizes.data(), static_cast<unsigned>(sizes.size()));
    if (ZDICT_isError(dictionary_size)) {
        return floors;
    }
    ZSTD_CCtx* context = ZSTD_createCCtx();
    std::vector<char> out;
    const auto compress_all = [&](int level, std::size_t count, double& docs_per_s, double& ratio) {
        ZSTD_CDict* prepared = ZSTD_createCDict(dictionary.data(), dictionary_size, level);
        std::size_t raw = 0;
        std::size_t packed = 0;
        const auto begin = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < count; ++i) {
            out.resize(ZSTD_compressBound(sample[i].size()));
            const std::size_t size = ZSTD_compress_usingCDict(context, out.data(), out.size(), sample[i].data(),
                                                              sample[i].size(), prepared);
            raw += sample[i].size();
            packed += ZSTD_isError(size) ? sample[i].size() : size;
        }
        docs_per_s = static_cast<double>(count) / seconds_since(begin);
        ratio = static_cast<double>(packed) / static_cast<double>(raw);
        ZSTD_freeCDict(prepared);
    };
    floors.compressed = static_cast<long>(sample.size());
    compress_all(3, sample.size(), floors.level3_docs_per_s, floors.level3_ratio);
    floors.compressed_level19 = static_cast<long>(std::min<std::size_t>(sample.size(), 1000));
    compress_all(19, static_cast<std::size_t>(floors.compressed_level19), floors.level19_docs_per_s,
                 floors.level19_ratio);
    ZSTD_freeCCtx(context);
    return floors;
}
} // namespace

int main(int argc, char** argv) {
    Options options = parse_options(argc, argv);
    bool made_work = false;
    if (options.work.empty()) {
        std::string pattern = (fs::temp_directory_path() / "newsarc-bench-archive-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            usage("cannot create a temporary folder");
        }
        options.work = pattern;
        made_work = true;
    }
    const fs::path corpus = options.work / "corpus";
    const fs::path exported = options.work / "export";
    const fs::path db = options.work / "archive.db";
    fs::remove_all(exported);
    fs::remove(db);
    fs::create_directories(corpus);

    Vocabulary words;
    Vocabulary terms;
    learn(seed_texts(options.shared / "seeds"), words, terms);
    if (words.size() < 1000) {
        usage("too little text under " + (options.shared / "seeds").string() + " to build a vocabulary");
    }
    Generator generator{words, terms};
    auto start = std::chrono::steady_clock::now();
    std::uintmax_t raw_bytes = 0;
    std::vector<std::string> names;
    names.reserve(static_cast<std::size_t>(options.documents));
    for (long i = 0; i < options.documents; ++i) {
        const std::string text = generator.document(static_cast<std::size_t>(generator.between(4000, 6000)));
        const std::string name = file_name(i, options.documents, doc_id(i));
        std::ofstream(corpus / name, std::ios::binary).write(text.data(), static_cast<std::streamsize>(text.size()));
        raw_bytes += text.size();
        names.push_back(name);
    }
    const double docs = static_cast<double>(options.documents);
    std::printf("archive bench: %ld documents, %.1f MB of corpus text (%.0f bytes/doc; vocabulary %zu units from the "
                "seeds), generated in %.1f s\n",
                options.documents, static_cast<double>(raw_bytes) / 1e6, static_cast<double>(raw_bytes) / docs,
                words.size(), seconds_since(start));
    std::fflush(stdout);

    start = std::chrono::steady_clock::now();
    if (run(options.newsarc, {"--db", db.string(), "import", corpus.string()}) != 0) {
        std::cerr << "newsarc_bench_archive: newsarc import failed\n";
        return 1;
    }
    const double import_seconds = seconds_since(start);

    start = std::chrono::steady_clock::now();
    if (run(options.newsarc, {"--db", db.string(), "export", "--out", exported.string()}) != 0) {
        std::cerr << "newsarc_bench_archive: newsarc export failed\n";
        return 1;
    }
    const double export_seconds = seconds_since(start);

    // The ceiling the file system sets: read every corpus file and write it to a new folder, one file at a time,
    // the file work import and export do without any archive work. Export cannot beat it; import reads only.
    const fs::path copied = options.work / "copy";
    fs::remove_all(copied);
    fs::create_directories(copied);
    start = std::chrono::steady_clock::now();
    for (const std::string& name : names) {
        const std::string text = read_file(corpus / name);
        std::ofstream(copied / name, std::ios::binary).write(text.data(), static_cast<std::streamsize>(text.size()));
    }
    const double copy_seconds = seconds_since(start);
    fs::remove_all(copied);

    const Floors floors = measure_floors(corpus, names);

    std::uintmax_t archive_bytes = 0;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code error;
        const auto size = fs::file_size(db.string() + suffix, error);
        archive_bytes += error ? 0 : size;
    }
    auto store = newsarc::archive::Store::open(db, newsarc::archive::OpenMode::read_only);
    const auto stats = store.stats();

    long compared = 0;
    long different = 0;
    for (std::size_t i = 0; i < names.size(); i += 97) {
        ++compared;
        different += read_file(corpus / names[i]) == read_file(exported / names[i]) ? 0 : 1;
    }

    std::printf("import:  %.0f docs/s (%ld documents in %.2f s)\n", docs / import_seconds, options.documents,
                import_seconds);
    std::printf("export:  %.0f docs/s (%ld documents in %.2f s)\n", docs / export_seconds, options.documents,
                export_seconds);
    std::printf("copy:    %.0f files/s (the corpus read and written again file by file: the file system's ceiling "
                "for export; export reaches %.0f%% of it)\n",
                docs / copy_seconds, 100.0 * copy_seconds / export_seconds);
    std::printf("archive: %.1f MB = %.0f bytes/doc = %.1f%% of the raw corpus (bodies stored at %.1f%% of their "
                "size; %lld versions)\n",
                static_cast<double>(archive_bytes) / 1e6, static_cast<double>(archive_bytes) / docs,
                100.0 * static_cast<double>(archive_bytes) / static_cast<double>(raw_bytes),
                100.0 * static_cast<double>(stats.stored_text_bytes) / static_cast<double>(stats.raw_text_bytes),
                static_cast<long long>(stats.versions));
    std::printf("floors:  reading the corpus files alone %.0f files/s; zstd level 3 with a trained 112 KB dictionary "
                "alone %.0f docs/s at %.1f%% (%ld documents); level 19 %.0f docs/s at %.1f%% (%ld documents)\n",
                floors.read_files_per_s, floors.level3_docs_per_s, 100.0 * floors.level3_ratio, floors.compressed,
                floors.level19_docs_per_s, 100.0 * floors.level19_ratio, floors.compressed_level19);
    std::printf("check:   %ld of %ld sampled exported files differ from the corpus\n", different, compared);
    if (made_work && !options.keep) {
        fs::remove_all(options.work);
    } else {
        std::printf("files kept in %s\n", options.work.string().c_str());
    }
    return different == 0 ? 0 : 1;
}
