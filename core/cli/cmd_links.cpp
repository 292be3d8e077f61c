// `newsarc links FILE [--url URL] [--plugin NAME]`: the links and requests a plugin discovers in a saved page.
#include <iostream>
#include <memory>

#include "command.hpp"
#include "newsarc/plugin_host/run.hpp"
#include "saved_page.hpp"

namespace newsarc::cli {
namespace {

namespace host = newsarc::plugin_host;

int run_links(const SavedPageOptions& options) {
    const SavedPageRun run = run_on_saved_page(options, host::Mode{true, false});
    const host::PageOutcome& outcome = run.outcome;
    if (const std::string warning = decoding_warning(run, options.file); !warning.empty()) {
        std::cerr << "newsarc links: " << warning << "\n";
    }
    if (outcome.plugin_id.empty()) {
        std::cerr << "newsarc links: " << no_plugin_message(run, options.file) << "\n";
        return 1;
    }
    if (!outcome.discover_status) {
        std::cerr << "newsarc links: plugin '" << outcome.plugin_id << "' classifies " << run.url << " as "
                  << host::kind_name(outcome.kind) << ", which has no links to discover\n";
        return 1;
    }
    for (const host::Request& link : outcome.links) {
        std::cout << host::kind_name(link.kind) << "\t" << link.url << "\n";
    }
    if (*outcome.discover_status == NEWSARC_FAILED) {
        std::cerr << "newsarc links: plugin '" << outcome.plugin_id << "' failed: " << outcome.error << "\n";
        return 1;
    }
    return 0;
}

Action register_links(Command& program, const GlobalOptions&) {
    auto options = std::make_shared<SavedPageOptions>();
    Command& command = program.subcommand("links", "Print the links a plugin finds in a saved page (kind, URL)");
    add_saved_page_options(command, *options);
    return [options]() { return run_links(*options); };
}

} // namespace

NEWSARC_COMMAND(80, register_links);

} // namespace newsarc::cli
