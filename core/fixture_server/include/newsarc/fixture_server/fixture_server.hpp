// A local web of fixture files, served on 127.0.0.1 over HTTP or HTTPS, standing in for real news sites
// (`newsarc serve-fixtures`): the offline demo and the end-to-end tests crawl it with real host names mapped to it.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace newsarc::fixture_server {

/// Where a request is looked up, under the served folder ROOT (files are read on every request, so editing a
/// file changes what the next request gets, and deleting one turns it into a 404):
/// - `GET https://HOST/a/b.shtml`            -> ROOT/HOST/a/b.shtml
/// - `GET https://HOST/` or `/dir/`          -> ROOT/HOST/index.html, ROOT/HOST/dir/index.html
/// - `GET https://HOST/api/list?x=1&y=2`     -> ROOT/HOST/api/list?x=1&y=2 (the query, as sent, is part of
///                                              the file name), else ROOT/HOST/api/list
/// - `POST https://HOST/api/list` body `b=1` -> ROOT/HOST/api/list?b=1, else ROOT/HOST/api/list
/// The Content-Type comes from the body's first bytes ('{' or '[': JSON, '<?xml' or '<rss': XML), else from the
/// file name (.json; .xml, .rss; .txt), else HTML. A file
/// `X.status` beside X holding a number answers with that status (e.g. 410 for a removed article).
struct ServerOptions {
    std::filesystem::path root;
    std::uint16_t port = 0;            ///< 0: the system picks a free port (see Server::port())
    std::filesystem::path cert_file;   ///< PEM certificate chain; empty: plain HTTP
    std::filesystem::path key_file;    ///< PEM private key, with cert_file
    /// Called for every request served, with method, host, target and status (from the server's thread).
    std::function<void(const std::string&, const std::string&, const std::string&, int)> on_request;
};

/// A running server on 127.0.0.1 with its own thread. Throws newsarc::Failure when the folder, the port or
/// the certificate cannot be used, naming which and why.
class Server {
public:
    explicit Server(ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    [[nodiscard]] std::uint16_t port() const noexcept;
    /// Stops accepting, closes connections and joins the thread. Called by the destructor.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace newsarc::fixture_server
