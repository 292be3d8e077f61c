// The search benchmark: builds (or reuses) an archive of 100,000 generated Chinese news documents through the
// Store API (vocabulary learnt from the shared seeds and the plugins' fixture articles), then prints the time of
// search queries of 1, 2, 3 and 6 characters, common and rare, the search index's size against the alternatives
// (detail=column / none), and the time of the document listing (first and deep pages), its counts, and
// collect_metrics. Prints numbers only; asserts nothing.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "news_text.hpp"
#include "newsarc/archive/browse.hpp"
#include "newsarc/archive/metrics.hpp"
#include "newsarc/archive/search.hpp"
#include "newsarc/archive/store.hpp"

namespace fs = std::filesystem;
namespace archive = newsarc::archive;

namespace {

using newsarc::bench::Generator;
using newsarc::bench::Vocabulary;

struct Options {
    long documents = 100000;
    fs::path shared = NEWSARC_SHARED_DIR;
    fs::path source = NEWSARC_SOURCE_DIR;
    fs::path work = fs::temp_directory_path() / "newsarc-bench-search";
    bool rebuild = false;
    long compare_documents = 10000; ///< documents indexed again with each detail= option for the size comparison
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "newsarc_bench_search: " << problem
              << "\nusage: newsarc_bench_search [--docs N] [--work DIR] [--rebuild] [--compare N] [--shared DIR]\n";
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
        } else if (arg == "--work") {
            options.work = value();
        } else if (arg == "--shared") {
            options.shared = value();
        } else if (arg == "--rebuild") {
            options.rebuild = true;
        } else if (arg == "--compare") {
            options.compare_documents = std::atol(value().c_str());
        } else {
            usage("unknown argument '" + arg + "'");
        }
    }
    if (options.documents <= 0) {
        usage("--docs must be a positive number");
    }
    return options;
}

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

/// The real article texts the vocabulary is learnt from: the seeds and every fixture article's paragraphs.
std::vector<std::string> source_texts(const Options& options) {
    std::vector<std::string> texts = newsarc::bench::seed_texts(options.shared / "seeds");
    const fs::path plugins = options.source / "plugins";
    std::vector<fs::path> fixtures;
    for (const auto& entry : fs::recursive_directory_iterator(plugins)) {
        if (entry.path().filename() == "expected.json") {
            fixtures.push_back(entry.path());
        }
    }
    std::sort(fixtures.begin(), fixtures.end());
    for (const auto& file : fixtures) {
        const auto parsed = nlohmann::json::parse(newsarc::bench::read_text_file(file), nullptr, false);
        if (!parsed.is_object() || !parsed.contains("paragraphs") || !parsed["paragraphs"].is_array()) {
            continue;
        }
        std::string text;
        for (const auto& paragraph : parsed["paragraphs"]) {
            if (paragraph.is_string()) {
                text += paragraph.get<std::string>() + "\n";
            }
        }
        if (!text.empty()) {
            texts.push_back(std::move(text));
        }
    }
    return texts;
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

/// A body of about `target` bytes: paragraphs of generated sentences.
std::string body_text(Generator& generator, std::size_t target) {
    std::string text;
    while (text.size() < target) {
        if (!text.empty()) {
            text += "\n\n";
        }
        const int sentences = generator.between(2, 6);
        for (int s = 0; s < sentences; ++s) {
            text += generator.sentence();
        }
    }
    return text;
}

constexpr const char* kSites[] = {"guancha", "huxiu", "wallstreetcn", "qbitai"};
constexpr const char* kOutcomes[] = {"ok", "ok", "ok", "ok", "ok", "ok", "not_modified", "timeout", "http_error"};

void build_archive(const fs::path& db, const Options& options, Generator& generator) {
    fs::remove(db);
    fs::remove(db.string() + "-wal");
    fs::remove(db.string() + "-shm");
    archive::Store store = archive::Store::open(db);
    const auto start = std::chrono::steady_clock::now();
    std::size_t text_bytes = 0;
    constexpr long kBatch = 2000;
    for (long first = 0; first < options.documents; first += kBatch) {
        store.batch([&] {
            for (long i = first; i < std::min(options.documents, first + kBatch); ++i) {
                const std::string id = doc_id(i);
                const char* site = kSites[generator.between(0, 3)];
                store.ensure_document(id, "https://" + std::string(site) + ".example/a/" + std::to_string(i), site);
                char published[32];
                std::snprintf(published, sizeof published, "%04d-%02d-%02d %02d:%02d", generator.between(2023, 2025),
                              generator.between(1, 12), generator.between(1, 28), generator.between(0, 23),
                              generator.between(0, 59));
                const std::string body = body_text(generator, static_cast<std::size_t>(generator.between(4000, 6000)));
                archive::VersionInput version;
                version.doc_id = id;
                version.title = generator.title();
                version.body = body;
                version.published_at = published;
                version.plugin = site;
                version.topic_score = generator.between(0, 100) / 10.0;
                version.paywalled = generator.chance(0.03);
                store.put_version(version);
                text_bytes += body.size() + version.title.size();
                if (generator.chance(0.05)) {
                    // An edit: the search index replaces the document's texts.
                    std::string edited = body_text(generator, 300) + "\n\n" + body;
                    version.body = edited;
                    store.put_version(version);
                }
                if (generator.chance(0.02)) {
                    store.mark_gone(id, {});
                }
                archive::FetchLogEntry fetch;
                fetch.url = "https://" + std::string(site) + ".example/a/" + std::to_string(i);
                fetch.host = std::string(site) + ".example";
                fetch.outcome = kOutcomes[generator.between(0, 8)];
                fetch.doc_id = id;
                store.record_fetch(fetch);
            }
        });
    }
    // Runs and their site health, as a year of crawls every two hours would leave.
    store.batch([&] {
        for (int run = 0; run < 4000; ++run) {
            archive::RunRecord record;
            record.job = run % 2 == 0 ? "ai-industry" : "finance";
            record.started = archive::from_unix_ms(1700000000000 + run * 7200000LL);
            record.ended = archive::from_unix_ms(1700000000000 + run * 7200000LL + generator.between(30, 900) * 1000LL);
            record.counters_json = "{}";
            const std::int64_t run_id = store.record_run(record);
            std::vector<archive::SiteHealthRecord> health;
            for (const char* site : kSites) {
                health.push_back({run_id, site, record.job, record.started,
                                  R"({"article_pages":20,"extracted":19,"stored":5,"fallbacks":1,)"
                                  R"("failed":{"no_title":1}})"});
            }
            store.record_site_health(health);
        }
    });
    const double seconds = ms_since(start) / 1000.0;
    std::printf("built:   %ld documents (%.1f MB of text) in %.1f s = %.0f docs/s through Store::put_version, "
                "search index included\n",
                options.documents, static_cast<double>(text_bytes) / 1e6, seconds,
                static_cast<double>(options.documents) / seconds);
}

/// Sizes of the tables and indexes whose names start with `prefix`, from dbstat.
std::int64_t stored_bytes(sqlite3* handle, const std::string& prefix) {
    sqlite3_stmt* statement = nullptr;
    const std::string sql = "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE '" + prefix + "%'";
    if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
        return -1;
    }
    const std::int64_t bytes = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
    sqlite3_finalize(statement);
    return bytes;
}

void exec(sqlite3* handle, const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::cerr << "newsarc_bench_search: " << sql.substr(0, 80) << ": " << (error ? error : "?") << "\n";
        sqlite3_free(error);
        std::exit(1);
    }
}

/// The index's size, and what detail=column / none would take on the first documents' texts.
void print_sizes(const fs::path& db, const Options& options, archive::Store& store) {
    sqlite3* handle = nullptr;
    sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
    const std::int64_t index = stored_bytes(handle, "search_index");
    const std::int64_t versions = stored_bytes(handle, "versions");
    const std::int64_t file = stored_bytes(handle, "");
    sqlite3_close(handle);
    const auto stats = store.stats();
    const double docs = static_cast<double>(stats.documents);
    std::printf("size:    search index (FTS5 trigram, detail=full, contentless) %.1f MB = %.0f bytes/doc; "
                "versions table %.1f MB (bodies %.1f MB raw, %.1f MB stored); whole file %.1f MB\n",
                static_cast<double>(index) / 1e6, static_cast<double>(index) / docs,
                static_cast<double>(versions) / 1e6, static_cast<double>(stats.raw_text_bytes) / 1e6,
                static_cast<double>(stats.stored_text_bytes) / 1e6, static_cast<double>(file) / 1e6);
    if (options.compare_documents <= 0) {
        return;
    }
    // The same texts indexed with each option, in a scratch file.
    const fs::path scratch = options.work / "detail-compare.db";
    fs::remove(scratch);
    sqlite3_open(scratch.c_str(), &handle);
    exec(handle, "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF");
    const std::vector<std::pair<std::string, std::string>> variants = {
        {"full_contentless", "content = '', columnsize = 0, detail = full"},
        {"column_contentless", "content = '', columnsize = 0, detail = column"},
        {"none_contentless", "content = '', columnsize = 0, detail = none"},
        {"full_with_content", "detail = full"},
    };
    for (const auto& [name, fts_options] : variants) {
        exec(handle, "CREATE VIRTUAL TABLE " + name + " USING fts5(title, body, tokenize = 'trigram', " +
                         fts_options + ")");
    }
    long done = 0;
    std::vector<sqlite3_stmt*> inserts;
    for (const auto& [name, fts_options] : variants) {
        sqlite3_stmt* insert = nullptr;
        sqlite3_prepare_v2(handle, ("INSERT INTO " + name + "(rowid, title, body) VALUES(?1, ?2, ?3)").c_str(), -1,
                           &insert, nullptr);
        inserts.push_back(insert);
    }
    exec(handle, "BEGIN");
    store.scan({}, [&](const archive::VersionView& view) {
        for (sqlite3_stmt* insert : inserts) {
            sqlite3_bind_int64(insert, 1, view.order);
            sqlite3_bind_text(insert, 2, view.title.data(), static_cast<int>(view.title.size()), SQLITE_STATIC);
            sqlite3_bind_text(insert, 3, view.body.data(), static_cast<int>(view.body.size()), SQLITE_STATIC);
            sqlite3_step(insert);
            sqlite3_reset(insert);
        }
        return ++done < options.compare_documents;
    });
    exec(handle, "COMMIT");
    for (sqlite3_stmt* insert : inserts) {
        sqlite3_finalize(insert);
    }
    std::printf("compare: the first %ld documents indexed with each option (bytes/doc):", done);
    for (const auto& [name, fts_options] : variants) {
        exec(handle, "INSERT INTO " + name + "(" + name + ") VALUES('optimize')");
        const double bytes = static_cast<double>(stored_bytes(handle, name));
        std::printf(" %s %.0f;", name.c_str(), bytes / static_cast<double>(done));
    }
    std::printf("\n");
    sqlite3_close(handle);
    fs::remove(scratch);
}

struct Timing {
    double p50 = 0;
    double max = 0;
};

Timing timing(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    return Timing{samples[samples.size() / 2], samples.back()};
}

/// Substrings of `characters` CJK characters taken from the archive's texts at random places.
std::vector<std::string> candidates(archive::Store& store, std::size_t characters, std::mt19937_64& random) {
    std::vector<std::string> out;
    const auto documents = archive::list_documents(store, {}, {}, 1000).rows;
    for (int attempt = 0; attempt < 2000 && out.size() < 30; ++attempt) {
        const auto& row = documents[random() % documents.size()];
        const auto version = store.version(row.doc_id);
        const std::string& body = version->body;
        // CJK characters are 3 bytes in UTF-8 (U+4E00..U+9FFF start with 0xE4..0xE9).
        std::size_t at = (random() % body.size());
        while (at < body.size() && (static_cast<unsigned char>(body[at]) & 0xC0) == 0x80) {
            ++at;
        }
        std::string piece;
        std::size_t i = at;
        while (i + 3 <= body.size() && piece.size() < characters * 3) {
            const auto lead = static_cast<unsigned char>(body[i]);
            if (lead < 0xE4 || lead > 0xE9) {
                break;
            }
            piece += body.substr(i, 3);
            i += 3;
        }
        if (piece.size() == characters * 3 && std::find(out.begin(), out.end(), piece) == out.end()) {
            out.push_back(piece);
        }
    }
    return out;
}

struct Measured {
    std::string text;
    std::int64_t matches = 0;
    bool fallback = false;
    bool complete = true;
    Timing time;
};

Measured measure_query(archive::Store& store, const std::string& text, int repeats = 7) {
    Measured measured;
    measured.text = text;
    archive::SearchQuery query;
    query.text = text;
    query.count_total = true;
    const auto counted = archive::search(store, query);
    measured.matches = counted.total.value_or(0);
    measured.fallback = counted.fallback_scan;
    measured.complete = counted.scan_complete;
    query.count_total = false;
    std::vector<double> samples;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        const auto result = archive::search(store, query);
        samples.push_back(ms_since(start));
        if (result.hits.empty() && measured.matches > 0) {
            std::fprintf(stderr, "newsarc_bench_search: '%s' found nothing on a timed run\n", text.c_str());
        }
    }
    measured.time = timing(samples);
    return measured;
}

void print_query(const char* label, const Measured& m) {
    std::printf("  %-7s %-14s %7lld matches%s  p50 %6.2f ms  max %6.2f ms\n", label, ("'" + m.text + "'").c_str(),
                static_cast<long long>(m.matches),
                m.fallback ? (m.complete ? " (scan)" : " (scan, bounded)") : "         ", m.time.p50, m.time.max);
}

void bench_search(archive::Store& store, std::mt19937_64& random) {
    std::printf("search:  20 hits a page, each query run 7 times (p50 / max); 'matches' counts every match\n");
    std::vector<double> all_p50;
    std::vector<double> all_max;
    for (const std::size_t characters : {1, 2, 3, 6}) {
        std::vector<Measured> measured;
        for (const auto& text : candidates(store, characters, random)) {
            archive::SearchQuery query;
            query.text = text;
            query.limit = 1;
            query.count_total = true;
            Measured m;
            m.text = text;
            m.matches = archive::search(store, query).total.value_or(0);
            measured.push_back(m);
        }
        std::sort(measured.begin(), measured.end(),
                  [](const Measured& a, const Measured& b) { return a.matches > b.matches; });
        const std::vector<std::pair<const char*, std::string>> picks = {
            {"common", measured.front().text},
            {"median", measured[measured.size() / 2].text},
            {"rare", measured.back().text}};
        std::printf(" %zu character%s:\n", characters, characters == 1 ? "" : "s");
        for (const auto& [label, text] : picks) {
            const Measured m = measure_query(store, text);
            print_query(label, m);
            all_p50.push_back(m.time.p50);
            all_max.push_back(m.time.max);
        }
    }
    std::printf(" absent:\n");
    for (const std::string text : {"龘", "龘靐", "龘靐齉", "龘靐齉齾爩鱻"}) {
        const Measured m = measure_query(store, text);
        print_query("absent", m);
        all_p50.push_back(m.time.p50);
        all_max.push_back(m.time.max);
    }
    std::printf(" site and date filters, total counted:\n");
    {
        archive::SearchQuery query;
        query.text = candidates(store, 3, random).front();
        query.site = "huxiu";
        query.since = archive::parse_time("2024-06-01");
        query.count_total = true;
        std::vector<double> samples;
        std::int64_t total = 0;
        for (int r = 0; r < 7; ++r) {
            const auto start = std::chrono::steady_clock::now();
            total = archive::search(store, query).total.value_or(0);
            samples.push_back(ms_since(start));
        }
        const Timing t = timing(samples);
        std::printf("  '%s' --site huxiu --since 2024-06-01, %lld matches counted: p50 %.2f ms  max %.2f ms\n",
                    query.text.c_str(), static_cast<long long>(total), t.p50, t.max);
    }
    std::printf(" all queries above: worst p50 %.2f ms, worst max %.2f ms (target: < 50 ms)\n",
                *std::max_element(all_p50.begin(), all_p50.end()), *std::max_element(all_max.begin(), all_max.end()));
}

template <typename Work>
Timing time_it(Work&& work, int repeats = 7) {
    std::vector<double> samples;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        work();
        samples.push_back(ms_since(start));
    }
    return timing(samples);
}

void bench_listing(archive::Store& store) {
    std::printf("listing: 50 rows a page (p50 / max of 7 runs)\n");
    const std::vector<std::pair<const char*, archive::DocumentFilter>> filters = [] {
        std::vector<std::pair<const char*, archive::DocumentFilter>> out;
        out.push_back({"all", {}});
        archive::DocumentFilter site;
        site.site = "huxiu";
        out.push_back({"site huxiu", site});
        archive::DocumentFilter scored = site;
        scored.min_topic_score = 8.0;
        scored.since = archive::parse_time("2024-01-01");
        out.push_back({"huxiu, score>=8, since 2024", scored});
        archive::DocumentFilter gone;
        gone.state = archive::DocumentState::gone;
        out.push_back({"gone", gone});
        return out;
    }();
    for (const auto& [label, filter] : filters) {
        const Timing first = time_it([&] { (void)archive::list_documents(store, filter, {}, 50); });
        // Walk to page 1,000 (or the last page), then time that page.
        std::string cursor;
        std::string deep_cursor;
        int pages = 1;
        for (; pages < 1000; ++pages) {
            const auto page = archive::list_documents(store, filter, cursor, 50);
            if (page.next_cursor.empty()) {
                break;
            }
            deep_cursor = cursor;
            cursor = page.next_cursor;
        }
        const Timing deep = time_it([&] { (void)archive::list_documents(store, filter, cursor, 50); });
        std::int64_t count = 0;
        const Timing counted = time_it([&] { count = archive::count_documents(store, filter); });
        std::printf("  %-28s page 1 p50 %.2f ms max %.2f ms; page %d p50 %.2f ms max %.2f ms; count_documents = %lld "
                    "in p50 %.2f ms max %.2f ms\n",
                    label, first.p50, first.max, pages, deep.p50, deep.max, static_cast<long long>(count), counted.p50,
                    counted.max);
    }
    std::size_t sites = 0;
    const Timing listed = time_it([&] { sites = archive::list_sites(store).size(); });
    std::printf("  list_sites (%zu sites) p50 %.2f ms max %.2f ms\n", sites, listed.p50, listed.max);
    archive::ArchiveMetrics metrics;
    const Timing collected = time_it([&] { metrics = archive::collect_metrics(store); });
    std::printf("metrics: collect_metrics p50 %.2f ms max %.2f ms (%zu host/outcome pairs over %lld fetch-log rows, "
                "%lld documents, %zu runs)\n",
                collected.p50, collected.max, metrics.fetches.size(), static_cast<long long>(metrics.fetch_log_rows),
                static_cast<long long>(metrics.documents.documents), metrics.runs.size());
}

} // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    fs::create_directories(options.work);
    const fs::path db = options.work / "search.db";
    const fs::path marker = options.work / "search.db.documents";

    const auto texts = source_texts(options);
    Vocabulary words;
    Vocabulary terms;
    newsarc::bench::learn(texts, words, terms);
    Generator generator{words, terms};
    std::printf("search bench: %ld documents; vocabulary %zu units learnt from %zu real texts (seeds and fixture "
                "articles)\n",
                options.documents, words.size(), texts.size());
    const std::string wanted_marker =
        std::to_string(options.documents) + " v" + std::to_string(archive::Store::latest_schema_version());
    const bool reuse = !options.rebuild && fs::exists(db) && newsarc::bench::read_text_file(marker) == wanted_marker;
    if (reuse) {
        std::printf("reused:  %s (--rebuild to make it again)\n", db.c_str());
    } else {
        std::fflush(stdout);
        build_archive(db, options, generator);
        std::ofstream(marker) << wanted_marker;
    }
    archive::Store store = archive::Store::open(db, archive::OpenMode::read_only);
    std::mt19937_64 random(20261204);
    print_sizes(db, options, store);
    std::fflush(stdout);
    bench_search(store, random);
    bench_listing(store);
    std::printf("archive kept in %s\n", options.work.c_str());
    return 0;
}
