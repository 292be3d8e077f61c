// Extraction quality of one plugin over its fixtures, through the real .so and the fixture runner: per site
// (the fixture name without "dev_" and its trailing number) the share of exact titles and publish times, the
// body's character precision, recall and F1 (white space ignored, as the fixture runner's body_f1), and the
// share of article pages that gave no article; list pages (expected status no_content) are counted apart.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsarc/plugin_host/fixture.hpp"
#include "newsarc/plugin_host/registry.hpp"

namespace host = newsarc::plugin_host;
using nlohmann::json;

namespace {

struct Options {
    std::string plugin = "generic";
    std::string plugin_dir = NEWSARC_PLUGIN_DIR;
    bool details = false;
};

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// Code points of `text` without white space, counted.
std::unordered_map<char32_t, long> code_points(std::string_view text, long& total) {
    std::unordered_map<char32_t, long> counts;
    total = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto b0 = static_cast<unsigned char>(text[i]);
        std::size_t length = b0 < 0x80 ? 1 : (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 1;
        length = i + length > text.size() ? 1 : length;
        char32_t c = length == 1 ? b0 : (b0 & (0x7F >> length));
        for (std::size_t k = 1; k < length; ++k) {
            c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        }
        i += length;
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != 0xA0 && c != 0x3000 && c != 0xFEFF) {
            ++counts[c];
            ++total;
        }
    }
    return counts;
}

struct Overlap {
    double precision = 0.0;
    double recall = 0.0;
    double f1 = 0.0;
};

Overlap overlap(std::string_view expected, std::string_view found) {
    long expected_total = 0;
    long found_total = 0;
    const auto want = code_points(expected, expected_total);
    const auto got = code_points(found, found_total);
    long common = 0;
    for (const auto& [c, count] : got) {
        if (const auto other = want.find(c); other != want.end()) {
            common += std::min(count, other->second);
        }
    }
    Overlap result;
    result.precision = found_total == 0 ? 0.0 : static_cast<double>(common) / static_cast<double>(found_total);
    result.recall = expected_total == 0 ? 0.0 : static_cast<double>(common) / static_cast<double>(expected_total);
    const double sum = result.precision + result.recall;
    result.f1 = sum == 0.0 ? 0.0 : 2.0 * result.precision * result.recall / sum;
    return result;
}

std::string joined(const std::vector<std::string>& paragraphs) {
    std::string out;
    for (const std::string& paragraph : paragraphs) {
        out += (out.empty() ? "" : "\n") + paragraph;
    }
    return out;
}

// "dev_sina_2" -> "sina", "home_guancha_2020_07" -> "home_guancha", "163_1" -> "163".
std::string site_of(std::string name) {
    if (name.starts_with("dev_")) {
        name.erase(0, 4);
    }
    while (!name.empty()) {
        const std::size_t underscore = name.rfind('_');
        const std::string tail = underscore == std::string::npos ? name : name.substr(underscore + 1);
        const bool number = !tail.empty() && tail.find_first_not_of("0123456789") == std::string::npos;
        if (!number || underscore == std::string::npos) {
            break;
        }
        name.erase(underscore);
    }
    return name;
}

struct Tally {
    int articles = 0;
    int titles = 0;
    int times = 0;
    int missing = 0; // article pages that gave no article
    double precision = 0.0;
    double recall = 0.0;
    double f1 = 0.0;
    int lists = 0;
    int lists_empty = 0; // list pages that gave no article (as they should)

    void add(const Tally& other) {
        articles += other.articles;
        titles += other.titles;
        times += other.times;
        missing += other.missing;
        precision += other.precision;
        recall += other.recall;
        f1 += other.f1;
        lists += other.lists;
        lists_empty += other.lists_empty;
    }
};

double percent(int part, int whole) {
    return whole == 0 ? 0.0 : 100.0 * part / whole;
}

void print_row(const std::string& name, const Tally& t) {
    if (t.articles > 0) {
        std::printf("%-16s %4d %7.1f %7.1f %7.1f %7.1f %7.1f %8.1f", name.c_str(), t.articles, percent(t.titles, t.articles),
                    percent(t.times, t.articles), 100.0 * t.precision / t.articles, 100.0 * t.recall / t.articles,
                    100.0 * t.f1 / t.articles, percent(t.missing, t.articles));
    } else {
        std::printf("%-16s %4d %7s %7s %7s %7s %7s %8s", name.c_str(), 0, "-", "-", "-", "-", "-", "-");
    }
    if (t.lists > 0) {
        std::printf("   %d/%d", t.lists_empty, t.lists);
    }
    std::printf("\n");
}

} // namespace

int main(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--plugin" && i + 1 < argc) {
            options.plugin = argv[++i];
        } else if (arg == "--plugin-dir" && i + 1 < argc) {
            options.plugin_dir = argv[++i];
        } else if (arg == "--details") {
            options.details = true;
        } else {
            std::fprintf(stderr, "usage: %s [--plugin ID] [--plugin-dir DIR] [--details]\n", argv[0]);
            return 2;
        }
    }
    host::PluginRegistry registry;
    for (const auto& error : registry.load({options.plugin_dir})) {
        std::fprintf(stderr, "refused: %s\n", error.message.c_str());
    }
    if (registry.by_id(options.plugin) == nullptr) {
        std::fprintf(stderr, "no plugin '%s' in %s\n", options.plugin.c_str(), options.plugin_dir.c_str());
        return 1;
    }
    std::map<std::string, Tally> sites;
    for (const host::FixtureCase& fixture : host::find_fixtures(NEWSARC_SOURCE_DIR)) {
        if (fixture.plugin_id != options.plugin) {
            continue;
        }
        const json expected = json::parse(read_file(fixture.dir / "expected.json"), nullptr, false);
        if (!expected.is_object()) {
            std::fprintf(stderr, "%s: expected.json is not a JSON object\n", fixture.dir.c_str());
            continue;
        }
        const host::FixtureResult result = host::run_fixture(registry, fixture, NEWSARC_SHARED_DIR);
        const host::PageOutcome& outcome = result.outcome;
        Tally& tally = sites[site_of(fixture.name)];
        if (expected.value("status", std::string("ok")) == "no_content") {
            ++tally.lists;
            tally.lists_empty += outcome.extracted() ? 0 : 1;
            if (options.details && outcome.extracted()) {
                std::printf("  %s: a list page gave an article ('%s')\n", fixture.name.c_str(),
                            std::string(outcome.field("title")).c_str());
            }
            continue;
        }
        ++tally.articles;
        if (!outcome.extracted()) {
            ++tally.missing;
            if (options.details) {
                std::printf("  %s: no article (%s)\n", fixture.name.c_str(), outcome.error.c_str());
            }
            continue;
        }
        const std::string want_title = expected.value("title", std::string());
        const std::string want_time =
            expected.contains("published_at") && expected["published_at"].is_string() ? expected["published_at"].get<std::string>() : "";
        const bool title_ok = outcome.field("title") == want_title;
        const bool time_ok = outcome.field("published_at") == want_time;
        tally.titles += title_ok ? 1 : 0;
        tally.times += time_ok ? 1 : 0;
        const Overlap body =
            overlap(joined(expected.value("paragraphs", std::vector<std::string>{})), joined(outcome.paragraphs));
        tally.precision += body.precision;
        tally.recall += body.recall;
        tally.f1 += body.f1;
        if (options.details && (!title_ok || !time_ok || body.f1 < 0.95)) {
            std::printf("  %s:", fixture.name.c_str());
            if (!title_ok) {
                std::printf(" title '%s' (want '%s')", std::string(outcome.field("title")).c_str(), want_title.c_str());
            }
            if (!time_ok) {
                std::printf(" time '%s' (want '%s')", std::string(outcome.field("published_at")).c_str(), want_time.c_str());
            }
            if (body.f1 < 0.95) {
                std::printf(" body P %.3f R %.3f", body.precision, body.recall);
            }
            std::printf("\n");
        }
    }
    std::printf("%-16s %4s %7s %7s %7s %7s %7s %8s   %s\n", "site", "n", "title%", "time%", "body P", "body R",
                "body F1", "no art.%", "lists→none");
    Tally overall;
    for (const auto& [site, tally] : sites) {
        print_row(site, tally);
        overall.add(tally);
    }
    print_row("ALL", overall);
    return 0;
}
