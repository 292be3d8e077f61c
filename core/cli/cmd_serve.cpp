// `newsarc serve [--port 8080] [--bind 127.0.0.1]`: the archive as a local web app, read-only, until SIGINT or
// SIGTERM.
#include <signal.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "newsarc/archive/store.hpp"
#include "newsarc/base/log.hpp"
#include "newsarc/base/result.hpp"
#include "newsarc/serve/app.hpp"
#include "newsarc/serve/http_server.hpp"

namespace newsarc::cli {
namespace {

struct ServeArgs {
    std::uint16_t port = 8080;
    std::string bind = "127.0.0.1";
    std::vector<std::string> allow_hosts;
    std::size_t threads = 4;
    std::string port_file;
};

/// Opens the archive once before listening, so a wrong --db is a clear error at start, not a 500 per page.
serve::App open_app(const serve::AppOptions& options) {
    try {
        return serve::App(options);
    } catch (const archive::ArchiveError& error) {
        if (error.code() == archive::ArchiveErrc::read_only) {
            throw usage_failure(std::string(error.what()) + " (serve never writes: run `newsarc --db " +
                                options.archive.string() + " stats` once to migrate it)");
        }
        throw;
    }
}

int run_serve(const ServeArgs& args, const GlobalOptions& global) {
    serve::AppOptions app_options;
    app_options.archive = global.db_path;
    open_app(app_options);

    // Block the stop signals before the server threads start, so only sigwait below sees them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    serve::HttpServerOptions options;
    options.bind_address = args.bind;
    options.port = args.port;
    options.threads = args.threads;
    options.allowed_hosts = args.allow_hosts;
    options.make_handler = [app_options]() -> serve::RequestHandler {
        auto app = std::make_shared<serve::App>(app_options);
        return [app](const serve::HttpRequest& request) { return app->handle(request); };
    };
    serve::HttpServer server(std::move(options));
    const bool ipv6 = args.bind.find(':') != std::string::npos;
    const std::string host = ipv6 ? "[" + args.bind + "]" : args.bind;
    std::cout << "serving " << global.db_path << " read-only on http://" << host << ":" << server.port() << "/"
              << std::endl;
    if (args.bind != "127.0.0.1" && args.bind != "::1") {
        log::get("serve")->warn("event=serving_beyond_loopback bind={} reason=\"--bind was given: other machines "
                                "may reach the archive\"",
                                args.bind);
    }
    if (!args.port_file.empty()) {
        std::ofstream(args.port_file) << server.port() << "\n";
    }
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
    return 0;
}

Action register_serve(Command& program, const GlobalOptions& global) {
    auto args = std::make_shared<ServeArgs>();
    Command& sub = program.subcommand(
        "serve", "Browse the archive in a web browser: documents, search, versions and diffs, captures, snapshots, "
                 "runs, health and /metrics (read-only; until SIGINT or SIGTERM)");
    sub.option("--port", args->port, "Port to listen on (0: pick a free one)").show_default();
    sub.option("--bind", args->bind, "Address to listen on (loopback unless you mean to share the archive)")
        .show_default();
    sub.option("--allow-host", args->allow_hosts,
               "Host header names to answer besides localhost and the bind address (against DNS rebinding)");
    sub.option("--threads", args->threads, "Worker threads, each with its own read-only archive connection")
        .show_default()
        .check(Check::integer_range(1, 64));
    sub.option("--port-file", args->port_file, "Write the port to this file once listening");
    return [args, &global] { return run_serve(*args, global); };
}

} // namespace

NEWSARC_COMMAND(67, register_serve);

} // namespace newsarc::cli
