// `newsarc serve-fixtures DIR`: serves a folder of fixture pages on 127.0.0.1 (HTTP, or HTTPS with --cert).
#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>

#include <signal.h>

#include "command.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/fixture_server/fixture_server.hpp"

namespace newsarc::cli {
namespace {

Action register_serve_fixtures(Command& program, const GlobalOptions& /*global*/) {
    auto& command = program.subcommand("serve-fixtures",
                                       "Serve a folder of fixture sites (DIR/<host>/<path>) on 127.0.0.1 until "
                                       "SIGINT or SIGTERM");
    auto options = std::make_shared<fixture_server::ServerOptions>();
    auto port_file = std::make_shared<std::string>();
    command.option("DIR", options->root, "Folder with one sub-folder per host name").required();
    command.option("--port", options->port, "Port on 127.0.0.1 (0: pick a free one)");
    command.option("--cert", options->cert_file, "PEM certificate chain: serve HTTPS");
    command.option("--key", options->key_file, "PEM private key for --cert");
    command.option("--port-file", *port_file, "Write the port to this file once listening");
    return [options, port_file] {
        if (!options->cert_file.empty() && options->key_file.empty()) {
            throw usage_failure("--cert needs --key");
        }
        // Block the stop signals before the server thread starts, so only sigwait below sees them.
        sigset_t stop_signals;
        sigemptyset(&stop_signals);
        sigaddset(&stop_signals, SIGINT);
        sigaddset(&stop_signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
        fixture_server::Server server(*options);
        std::cout << "serving " << options->root.string() << " on " << (options->cert_file.empty() ? "http" : "https")
                  << "://127.0.0.1:" << server.port() << std::endl;
        if (!port_file->empty()) {
            std::ofstream(*port_file) << server.port() << "\n";
        }
        int signal = 0;
        sigwait(&stop_signals, &signal);
        server.stop();
        return 0;
    };
}

NEWSARC_COMMAND(95, register_serve_fixtures);

} // namespace
} // namespace newsarc::cli
