// `newsarc extract FILE [--url URL] [--plugin NAME] [--json]`: a plugin's article from a saved page (in any
// charset the crawl reads), in the corpus text format or as JSON.
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "newsarc/archive/corpus_format.hpp"
#include "newsarc/plugin_host/run.hpp"
#include "saved_page.hpp"

namespace newsarc::cli {
namespace {

namespace host = newsarc::plugin_host;

struct ExtractOptions : SavedPageOptions {
    bool json = false;
};

// The article in the corpus format, rendered as the archive renders it.
std::string corpus_text(const host::PageOutcome& outcome) {
    std::string body;
    for (const std::string& paragraph : outcome.paragraphs) {
        body += body.empty() ? "" : "\n\n";
        body += paragraph;
    }
    std::string out;
    archive::render_corpus_to(outcome.field("title"), outcome.field("published_at"), outcome.field("source"), body,
                              out);
    return out;
}

nlohmann::json json_of(const host::PageOutcome& outcome, const std::string& url) {
    nlohmann::json out;
    out["url"] = url;
    out["site"] = host::url_host(url);
    out["plugin"] = outcome.plugin_id;
    out["plugin_version"] = outcome.plugin_version;
    out["status"] = outcome.extract_status ? host::status_name(*outcome.extract_status) : "not_run";
    for (const char* name : {"title", "author", "source", "published_at", "canonical_url"}) {
        const auto found = outcome.fields.find(name);
        out[name] = found == outcome.fields.end() ? nlohmann::json(nullptr) : nlohmann::json(found->second);
    }
    out["paragraphs"] = outcome.paragraphs;
    out["tags"] = outcome.tags;
    return out;
}

int run_extract(const ExtractOptions& options) {
    const SavedPageRun run = run_on_saved_page(options, host::Mode{false, true});
    const host::PageOutcome& outcome = run.outcome;
    if (const std::string warning = decoding_warning(run, options.file); !warning.empty()) {
        std::cerr << "newsarc extract: " << warning << "\n";
    }
    if (outcome.plugin_id.empty()) {
        std::cerr << "newsarc extract: " << no_plugin_message(run, options.file) << "\n";
        return 1;
    }
    if (!outcome.extract_status) {
        std::cerr << "newsarc extract: plugin '" << outcome.plugin_id << "' classifies " << run.url << " as "
                  << host::kind_name(outcome.kind) << ", not an article\n";
        return 1;
    }
    for (const host::LogLine& line : outcome.log) {
        if (line.level >= NEWSARC_LOG_WARN) {
            std::cerr << "plugin " << outcome.plugin_id << ": " << line.message << "\n";
        }
    }
    const newsarc_status status = *outcome.extract_status;
    if (status == NEWSARC_FAILED || status == NEWSARC_NO_CONTENT || status == NEWSARC_NOT_MINE) {
        std::cerr << "newsarc extract: plugin '" << outcome.plugin_id << "' found no article in " << options.file
                  << " (" << host::status_name(status) << (outcome.error.empty() ? "" : ": " + outcome.error)
                  << ")\n";
        if (options.json) {
            std::cout << json_of(outcome, run.url).dump(2) << "\n";
        }
        return 1;
    }
    if (status == NEWSARC_PAYWALLED) {
        std::cerr << "newsarc extract: the article is paywalled; only its public part was extracted\n";
    }
    if (options.json) {
        std::cout << json_of(outcome, run.url).dump(2) << "\n";
    } else {
        std::cout << corpus_text(outcome);
    }
    return 0;
}

Action register_extract(Command& program, const GlobalOptions&) {
    auto options = std::make_shared<ExtractOptions>();
    Command& command = program.subcommand("extract", "Extract the article of a saved page with its plugin");
    add_saved_page_options(command, *options);
    command.flag("--json", options->json, "Print JSON instead of the corpus text format");
    return [options]() { return run_extract(*options); };
}

} // namespace

NEWSARC_COMMAND(90, register_extract);

} // namespace newsarc::cli
