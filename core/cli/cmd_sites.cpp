// `newsarc sites new ID --article FILE=URL ... [--list FILE=URL ...] [--out DIR] [--fetch]`: a declarative site inferred
// from a few saved pages with the generic extractor (core/sitegen), written with its fixtures and README.
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "file_io.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/base/utf8.hpp"
#include "newsarc/crawl/charset.hpp"
#include "newsarc/crawl/fetch_once.hpp"
#include "newsarc/plugin_host/registry.hpp"
#include "newsarc/sitegen/site_files.hpp"
#include "newsarc/sitegen/site_inference.hpp"

namespace newsarc::cli {
namespace {

namespace host = newsarc::plugin_host;

struct SitesNewOptions {
    std::string id;
    std::vector<std::string> articles;
    std::vector<std::string> lists;
    std::string out_dir;
    std::vector<std::string> plugin_dirs;
    std::vector<std::string> site_dirs;
    bool fetch = false;         ///< a bare URL is fetched
    bool allow_private = false; ///< and may be on a private or loopback address
};

bool valid_id(const std::string& id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

// URL alone, with --fetch: the page fetched now, decoded as the crawl decodes a body.
sitegen::SamplePage fetched_sample(const std::string& url, bool list, bool allow_private) {
    auto fetched = crawl::fetch_once(url, allow_private);
    if (!fetched) {
        throw Failure(fetched.error().message + "; nothing written");
    }
    sitegen::SamplePage page;
    page.file = url;
    page.url = url;
    page.list = list;
    page.html = crawl::decode_to_utf8(fetched->body, fetched->content_type, true).text;
    return page;
}

// FILE=URL: the page as saved, decoded as `newsarc extract` decodes it (valid UTF-8 stays UTF-8, else the
// page's declaration or detection). A URL alone is fetched when --fetch is given.
sitegen::SamplePage sample_of(const std::string& argument, bool list, const SitesNewOptions& options) {
    if (argument.starts_with("http://") || argument.starts_with("https://")) {
        if (!options.fetch) {
            throw usage_failure("'" + argument + "': a URL without a saved FILE (FILE=URL) is fetched only with --fetch");
        }
        return fetched_sample(argument, list, options.allow_private);
    }
    const std::size_t equals = argument.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == argument.size()) {
        throw usage_failure("'" + argument + "': expected FILE=URL (the saved page and the URL it was fetched from)");
    }
    sitegen::SamplePage page;
    page.file = argument.substr(0, equals);
    page.url = argument.substr(equals + 1);
    page.list = list;
    std::string raw;
    if (const std::string error = read_whole_file(page.file, raw); !error.empty()) {
        throw usage_failure("'" + page.file + "': " + error);
    }
    const bool utf8_bytes = utf8::is_valid(raw);
    page.html = crawl::decode_to_utf8(raw, utf8_bytes ? "text/html; charset=utf-8" : "", true).text;
    return page;
}

int sites_new(const SitesNewOptions& options) {
    if (!valid_id(options.id)) {
        throw usage_failure("site ID '" + options.id + "': use lower-case letters, digits and '_' (it names the file)");
    }
    if (options.articles.size() < 2 || options.articles.size() > 10) {
        throw usage_failure("give 2 to 10 article pages with --article FILE=URL (got " +
                            std::to_string(options.articles.size()) + ")");
    }
    host::PluginRegistry registry;
    registry.load_defaults({options.plugin_dirs.begin(), options.plugin_dirs.end()},
                           {options.site_dirs.begin(), options.site_dirs.end()});
    if (const host::Plugin* existing = registry.by_id(options.id)) {
        throw usage_failure("a plugin named '" + options.id + "' exists (" + existing->file().string() +
                            "): choose another ID");
    }
    const host::Plugin* generic = registry.by_id("generic");
    if (generic == nullptr) {
        throw Failure("the generic extractor (newsarc_generic.so) is not loaded: check --plugin-dir or "
                      "$NEWSARC_PLUGIN_PATH");
    }
    std::vector<sitegen::SamplePage> pages;
    for (const std::string& argument : options.articles) {
        pages.push_back(sample_of(argument, false, options));
    }
    for (const std::string& argument : options.lists) {
        pages.push_back(sample_of(argument, true, options));
    }
    // A host another plugin claims would make the registry refuse the new site when it loads.
    for (const sitegen::SamplePage& page : pages) {
        const host::Plugin* owner = registry.find(page.url);
        if (owner != nullptr && owner->id() != "generic") {
            throw usage_failure("the host of " + page.url + " is claimed by plugin '" + owner->id() + "' (" +
                                owner->file().string() + "): a second plugin for it would be refused; change that "
                                "plugin instead, or test it with `newsarc plugins test " + owner->id() + "`");
        }
    }
    auto inferred = sitegen::infer_site(options.id, pages, *generic);
    if (!inferred) {
        std::cerr << "newsarc sites new: " << inferred.error().message << "\nnothing written\n";
        return inferred.error().code == 2 ? 2 : 1;
    }
    std::filesystem::path out_dir = options.out_dir;
    if (out_dir.empty()) {
        std::error_code error;
        out_dir = std::filesystem::is_directory("configs/sites", error) ? "configs/sites" : ".";
    }
    auto written = sitegen::write_site(inferred.value(), pages, out_dir);
    if (!written) {
        std::cerr << "newsarc sites new: " << written.error().message << "\nnothing written\n";
        return written.error().code == 2 ? 2 : 1;
    }
    std::cout << "FIELD\tPAGES\tSELECTOR\tNOTE\n";
    for (const sitegen::FieldReport& report : inferred->report) {
        std::cout << report.field << "\t" << report.agreed << "/" << report.pages << "\t"
                  << (report.selector.empty() ? "-" : report.selector) << "\t" << report.note << "\n";
    }
    std::cout << "wrote " << written->site_file.string() << ", " << written->fixtures.size() << " fixtures under "
              << (written->folder / "fixtures").string() << " and " << (written->folder / "README.md").string()
              << "\n";
    return 0;
}

Action register_sites(Command& program, const GlobalOptions&) {
    auto options = std::make_shared<SitesNewOptions>();
    Command& sites = program.subcommand("sites", "Declarative sites: infer one from saved pages");
    sites.require_subcommand(1, 1);
    Command& create = sites.subcommand("new", "Infer a declarative site from 2 to 10 saved article pages");
    create.option("id", options->id, "The new site's id (its file name: [a-z0-9_]+)").required();
    create.option("--article", options->articles, "An article page as FILE=URL, or URL with --fetch (2 to 10; repeatable)").required();
    create.option("--list", options->lists, "A list page as FILE=URL (its links refine the URL pattern; repeatable)");
    create.option("--out", options->out_dir,
                  "Folder for ID.toml and ID/ (default: configs/sites when it exists here, else the current folder)");
    create.flag("--fetch", options->fetch, "Fetch a page given as a URL alone (--article URL) instead of FILE=URL");
    create.flag("--allow-private", options->allow_private,
                "With --fetch: allow private and loopback addresses (as a job's network.allow_private)");
    create.option("--plugin-dir", options->plugin_dirs, "Extra plugin folder (searched first; repeatable)");
    create.option("--sites-dir", options->site_dirs, "Extra declarative-site folder (repeatable)");
    return [options, &create]() -> int { return create.parsed() ? sites_new(*options) : 2; };
}

} // namespace

NEWSARC_COMMAND(75, register_sites);

} // namespace newsarc::cli
