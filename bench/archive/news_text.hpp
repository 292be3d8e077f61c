// Generated Chinese news text for the archive benchmarks: a Zipf-distributed vocabulary of word-like units and
// Latin terms learnt from real texts (the shared seeds, the plugins' fixture articles), drawn into titles,
// sentences and documents, so that compression and full-text search behave as on real news.
#pragma once
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace newsarc::bench {

/// The whole file as bytes ("" when it cannot be read).
inline std::string read_text_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

/// The texts of every file in `folder` (the seed corpus), by file name.
inline std::vector<std::string> seed_texts(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> texts;
    for (const auto& file : files) {
        texts.push_back(read_text_file(file));
    }
    return texts;
}

/// Decodes one UTF-8 code point at `i` (advancing it); 0xFFFD for a bad byte.
inline char32_t next_code_point(const std::string& text, std::size_t& i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    int length = byte < 0x80 ? 1 : (byte >> 5) == 6 ? 2 : (byte >> 4) == 14 ? 3 : (byte >> 3) == 30 ? 4 : 0;
    if (length == 0 || i + static_cast<std::size_t>(length) > text.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t code = length == 1 ? byte : byte & (0x7F >> length);
    for (int k = 1; k < length; ++k) {
        code = (code << 6) | (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0x3F);
    }
    i += static_cast<std::size_t>(length);
    return code;
}

/// Units of text drawn with Zipf-like frequencies (rank r has weight 1 / (r + 2)).
class Vocabulary {
public:
    void add(const std::string& unit, long count) { counts_[unit] += count; }
    void finish() {
        std::vector<std::pair<long, std::string>> ranked;
        for (auto& [unit, count] : counts_) {
            ranked.emplace_back(count, unit);
        }
        std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        double total = 0;
        for (std::size_t r = 0; r < ranked.size(); ++r) {
            units_.push_back(ranked[r].second);
            total += 1.0 / static_cast<double>(r + 2);
            cumulative_.push_back(total);
        }
        counts_.clear();
    }
    [[nodiscard]] std::size_t size() const { return units_.size(); }
    const std::string& draw(std::mt19937_64& random) const {
        std::uniform_real_distribution<double> uniform(0.0, cumulative_.back());
        const auto found = std::lower_bound(cumulative_.begin(), cumulative_.end(), uniform(random));
        return units_[static_cast<std::size_t>(found - cumulative_.begin())];
    }

private:
    std::map<std::string, long> counts_;
    std::vector<std::string> units_;
    std::vector<double> cumulative_;
};

/// Word-like units (2-4 Chinese characters) and Latin terms, counted over `texts`.
inline void learn(const std::vector<std::string>& texts, Vocabulary& words, Vocabulary& terms) {
    for (const std::string& text : texts) {
        std::vector<std::string> run;
        std::string term;
        const auto flush_run = [&] {
            for (std::size_t n = 2; n <= 4; ++n) {
                for (std::size_t start = 0; start + n <= run.size(); start += 1) {
                    std::string unit;
                    for (std::size_t k = 0; k < n; ++k) {
                        unit += run[start + k];
                    }
                    words.add(unit, 1);
                }
            }
            run.clear();
        };
        std::size_t i = 0;
        while (i < text.size()) {
            const std::size_t start = i;
            const char32_t code = next_code_point(text, i);
            if (code >= 0x4E00 && code <= 0x9FFF) {
                run.push_back(text.substr(start, i - start));
            } else {
                flush_run();
            }
            if ((code >= 'A' && code <= 'Z') || (code >= 'a' && code <= 'z') || (code >= '0' && code <= '9' && !term.empty())) {
                term.push_back(static_cast<char>(code));
            } else if (!term.empty()) {
                if (term.size() >= 2 && term.size() <= 12) {
                    terms.add(term, 1);
                }
                term.clear();
            }
        }
        flush_run();
    }
    words.finish();
    terms.finish();
}

struct Generator {
    const Vocabulary& words;
    const Vocabulary& terms;
    std::mt19937_64 random{20240501};

    int between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(random) < p; }

    std::string number() {
        switch (between(0, 4)) {
        case 0:
            return std::to_string(between(2015, 2025)) + "年";
        case 1:
            return std::to_string(between(1, 99)) + "." + std::to_string(between(0, 9)) + "%";
        case 2:
            return std::to_string(between(2, 900)) + "亿元";
        case 3:
            return std::to_string(between(1, 12)) + "月" + std::to_string(between(1, 28)) + "日";
        default:
            return std::to_string(between(10, 99999));
        }
    }

    std::string sentence() {
        std::string text;
        const int units = between(6, 22);
        int since_comma = 0;
        const bool quoted = chance(0.08);
        if (quoted) {
            text += "“";
        }
        for (int u = 0; u < units; ++u) {
            if (chance(0.06) && terms.size() > 0) {
                text += terms.draw(random);
            } else if (chance(0.04)) {
                text += number();
            } else {
                text += words.draw(random);
            }
            if (++since_comma >= between(3, 7) && u + 1 < units) {
                text += chance(0.15) ? "、" : ",";
                since_comma = 0;
            }
        }
        if (quoted) {
            text += "”";
        }
        text += chance(0.05) ? "?" : "。";
        return text;
    }

    std::string title() {
        std::string text;
        const int units = between(4, 9);
        for (int u = 0; u < units; ++u) {
            text += chance(0.1) && terms.size() > 0 ? terms.draw(random) : words.draw(random);
            if (u == units / 2 && chance(0.4)) {
                text += ",";
            }
        }
        return text;
    }

    /// One corpus file: header + paragraphs, about `target` bytes.
    std::string document(std::size_t target) {
        static const char* const kSources[] = {"观察者网", "虎嗅", "华尔街见闻", "新华社", "澎湃新闻", "界面新闻",
                                               "财新网", "36氪"};
        char when[32];
        std::snprintf(when, sizeof when, "%04d-%02d-%02d %02d:%02d", between(2023, 2025), between(1, 12),
                      between(1, 28), between(0, 23), between(0, 59));
        std::string text = title() + "\n\n" + when + "\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0 " + kSources[between(0, 7)];
        while (text.size() < target) {
            text += "\n\n";
            const int sentences = between(2, 6);
            for (int s = 0; s < sentences; ++s) {
                text += sentence();
            }
        }
        return text;
    }
};

} // namespace newsarc::bench
