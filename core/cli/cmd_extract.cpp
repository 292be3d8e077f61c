// `newsarc extract FILE --url URL [--plugin NAME] [--json]`: a plugin's article from a saved page, in the
// corpus text format or as JSON.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/plugin_host/registry.hpp"
#include "newsarc/plugin_host/run.hpp"

namespace newsarc::cli {
namespace {

namespace host = newsarc::plugin_host;

struct ExtractOptions {
    std::string file;
    std::string url;
    std::string plugin;
    bool json = false;
    std::vector<std::string> plugin_dirs;
    std::vector<std::string> site_dirs;
};

// The corpus format: title, blank, "YYYY-MM-DD HH:MM" + four U+00A0 + " " + source, blank, paragraphs
// separated by blank lines, no trailing newline.
std::string corpus_text(const host::PageOutcome& outcome) {
    const std::string published(outcome.field("published_at"));
    std::string out(outcome.field("title"));
    out += "\n\n";
    if (published.size() >= 16) {
        out += published.substr(0, 10) + " " + published.substr(11, 5);
    }
    out += "\u00a0\u00a0\u00a0\u00a0 ";
    out += outcome.field("source");
    out += "\n\n";
    for (std::size_t i = 0; i < outcome.paragraphs.size(); ++i) {
        if (i > 0) {
            out += "\n\n";
        }
        out += outcome.paragraphs[i];
    }
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
    std::ifstream in(options.file, std::ios::binary);
    if (!in) {
        throw usage_failure("cannot read '" + options.file + "'");
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string body = buffer.str();

    host::PluginRegistry registry;
    registry.load_defaults({options.plugin_dirs.begin(), options.plugin_dirs.end()},
                           {options.site_dirs.begin(), options.site_dirs.end()});
    host::PageInput page;
    page.url = options.url;
    page.body = body;
    page.content_type = std::filesystem::path(options.file).extension() == ".json" ? "application/json" : "text/html";
    host::PageOutcome outcome;
    if (!options.plugin.empty()) {
        const host::Plugin* plugin = registry.by_id(options.plugin);
        if (plugin == nullptr) {
            throw usage_failure("no plugin named '" + options.plugin + "' is loaded (see `newsarc plugins list`)");
        }
        outcome = host::run(*plugin, page, host::Mode{false, true});
    } else {
        outcome = host::run_best(registry, page, host::Mode{false, true});
        if (outcome.plugin_id.empty()) {
            std::cerr << "newsarc extract: no plugin claims the host of " << options.url << "\n";
            return 1;
        }
    }
    if (!outcome.extract_status) {
        std::cerr << "newsarc extract: plugin '" << outcome.plugin_id << "' classifies " << options.url << " as "
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
            std::cout << json_of(outcome, options.url).dump(2) << "\n";
        }
        return 1;
    }
    if (status == NEWSARC_PAYWALLED) {
        std::cerr << "newsarc extract: the article is paywalled; only its public part was extracted\n";
    }
    if (options.json) {
        std::cout << json_of(outcome, options.url).dump(2) << "\n";
    } else {
        std::cout << corpus_text(outcome);
    }
    return 0;
}

Action register_extract(CLI::App& app, const GlobalOptions&) {
    auto options = std::make_shared<ExtractOptions>();
    CLI::App* command = app.add_subcommand("extract", "Extract the article of a saved page with its plugin");
    command->add_option("file", options->file, "The saved page (HTML, or JSON for API answers)")->required();
    command->add_option("--url", options->url, "The URL the page was fetched from")->required();
    command->add_option("--plugin", options->plugin, "Plugin id (default: the plugin claiming the URL's host)");
    command->add_flag("--json", options->json, "Print JSON instead of the corpus text format");
    command->add_option("--plugin-dir", options->plugin_dirs, "Extra plugin folder (searched first; repeatable)");
    command->add_option("--sites-dir", options->site_dirs, "Extra declarative-site folder (repeatable)");
    return [options]() { return run_extract(*options); };
}

} // namespace

NEWSARC_COMMAND(90, register_extract);

} // namespace newsarc::cli
