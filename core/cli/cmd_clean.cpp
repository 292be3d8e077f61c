// `newsarc clean IN_DIR OUT_DIR`: cleans every *.txt corpus file of IN_DIR into OUT_DIR under the same name
// (header fields and body), with the rules of the data folder's cleaning/; a bad file is reported and skipped.
#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "file_io.hpp"
#include "newsarc/archive/corpus_format.hpp"
#include "newsarc/archive/time.hpp"
#include "newsarc/base/install_layout.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/base/utf8.hpp"
#include "newsarc/clean/cleaner.hpp"
#include "newsarc/clean/paragraphs.hpp"

namespace newsarc::cli {
namespace {

namespace fs = std::filesystem;

struct CleanArgs {
    std::string in_dir;
    std::string out_dir;
    std::string rules_dir = data_path("cleaning").string();  // the data folder's rules, from any folder
    std::vector<std::string> skip;
    std::string convert;
    bool force = false;
    bool verbose = false;
};

/// The article of a corpus text: header fields when it has a header, the body's lines as paragraphs.
clean::RawArticle article_of(const archive::CorpusRecord& record) {
    clean::RawArticle article;
    article.title = record.title;
    article.source = record.source;
    article.published_at = archive::corpus_time(record.published_at);
    article.paragraphs = clean::paragraphs_of(record.body);
    return article;
}

void check_folders(const CleanArgs& args) {
    std::error_code error;
    if (!fs::is_directory(args.in_dir, error)) {
        throw usage_failure("IN_DIR '" + args.in_dir + "' is not a folder");
    }
    if (fs::exists(args.out_dir, error)) {
        if (!fs::is_directory(args.out_dir, error)) {
            throw usage_failure("OUT_DIR '" + args.out_dir + "' exists and is not a folder");
        }
        if (fs::equivalent(args.in_dir, args.out_dir, error)) {
            throw usage_failure("OUT_DIR '" + args.out_dir + "' is IN_DIR; give another folder");
        }
        if (!fs::is_empty(args.out_dir, error) && !args.force) {
            throw usage_failure("OUT_DIR '" + args.out_dir +
                                "' is not empty; give an empty or new folder, or --force to overwrite files in it");
        }
    } else if (!fs::create_directories(args.out_dir, error)) {
        throw Failure("cannot create OUT_DIR '" + args.out_dir + "': " + error.message());
    }
}

int run_clean(const CleanArgs& args) {
    // Everything that can be refused is checked before OUT_DIR is created.
    std::error_code error;
    if (!fs::is_directory(args.in_dir, error)) {
        throw usage_failure("IN_DIR '" + args.in_dir + "' is not a folder");
    }
    clean::CleanOptions options;
    for (const auto& step : args.skip) {
        if (!options.set_step(step, false)) {
            std::string names;
            for (const auto& name : clean::CleanOptions::step_names()) {
                names += names.empty() ? name : ", " + name;
            }
            throw usage_failure("--skip '" + step + "' is not a cleaning step (one of: " + names + ")");
        }
    }
    options.convert = args.convert;
    if (!options.convert.empty()) {
        (void)clean::convert_script("测试", options.convert);  // a bad configuration fails here, before any file
    }
    const clean::CleanRules rules = clean::CleanRules::load_directory(args.rules_dir);
    check_folders(args);

    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(args.in_dir)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && name.size() > 4 && name.compare(name.size() - 4, 4, ".txt") == 0) {
            names.push_back(name);
        }
    }
    std::sort(names.begin(), names.end());

    std::size_t cleaned = 0;
    std::size_t failed = 0;
    std::size_t dropped = 0;
    std::string text;
    for (const auto& name : names) {
        const fs::path in_path = fs::path(args.in_dir) / name;
        std::string problem = read_whole_file(in_path, text);
        if (problem.empty()) {
            const std::size_t bad = utf8::first_invalid(text);
            if (bad != std::string::npos) {
                problem = "not valid UTF-8 (first bad byte at offset " + std::to_string(bad) + ")";
            }
        }
        if (!problem.empty()) {
            std::cerr << "clean: " << in_path.string() << ": " << problem << " - skipped\n";
            ++failed;
            continue;
        }
        const archive::CorpusRecord record = archive::parse_corpus(text);
        const clean::CleanArticle article = clean::clean_article(article_of(record), options, rules);
        std::string out;
        if (record.title.empty()) {
            out = article.body();
        } else {
            archive::render_corpus_to(article.title.empty() ? record.title : article.title, article.published_at,
                                      article.source, article.body(), out);
        }
        const fs::path out_path = fs::path(args.out_dir) / name;
        problem = write_whole_file(out_path, out);
        if (!problem.empty()) {
            std::cerr << "clean: " << out_path.string() << ": " << problem << " - skipped\n";
            ++failed;
            continue;
        }
        ++cleaned;
        dropped += article.dropped.size();
        if (args.verbose) {
            for (const auto& line : article.dropped) {
                std::cout << name << "\t" << clean::to_string(line.reason) << "\t" << line.rule << "\t" << line.text
                          << "\n";
            }
        }
    }
    std::cout << "clean: " << names.size() << " files from " << args.in_dir << " into " << args.out_dir << ": "
              << cleaned << " cleaned (" << dropped << " lines dropped), " << failed << " failed\n";
    return failed > 0 ? 1 : 0;
}

Action register_clean(Command& program, const GlobalOptions&) {
    auto args = std::make_shared<CleanArgs>();
    Command& sub = program.subcommand(
        "clean", "Clean every *.txt corpus file of IN_DIR into OUT_DIR (same names): Unicode, pinyin annotations, "
                 "boilerplate, spam and the chrome around the article");
    sub.option("IN_DIR", args->in_dir, "Folder of corpus text files").required();
    sub.option("OUT_DIR", args->out_dir, "Folder for the cleaned files (new or empty)").required();
    sub.option("--rules", args->rules_dir, "Folder of cleaning rule files (*.toml)").show_default();
    sub.option("--skip", args->skip,
               "A cleaning step to switch off (repeatable): unicode, pinyin, repairs, boilerplate, seo_spam, "
               "title_repeat, repeated_lines, fill_fields, main_block");
    sub.option("--convert", args->convert, "OpenCC script conversion, e.g. t2s (off by default)");
    sub.flag("--force", args->force, "Write into a non-empty OUT_DIR, overwriting files of the same name");
    sub.flag("--verbose,-v", args->verbose, "List every dropped line: file, reason, rule, text");
    return [args] { return run_clean(*args); };
}

} // namespace

NEWSARC_COMMAND(70, register_clean);

} // namespace newsarc::cli
