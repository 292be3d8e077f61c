// Helpers for the crawl tests: a job file per test, an in-process crawl, and reads of what the archive and the
// frontier recorded (straight from SQLite, as a person inspecting the files would).
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "newsarc/crawl/engine.hpp"
#include "newsarc/crawl/job_config.hpp"
#include "support/http_server.hpp"
#include "support/temp_dir.hpp"

namespace newsarc::test {

/// Job-file settings: "table.key" (or "key" for the top level) -> the TOML value as written ("200", "true",
/// "[\"a\"]", "\"text\"").
using Settings = std::map<std::string, std::string>;

/// A job for `seeds` served by `server`: every name in `hosts` is mapped to the server's first port
/// (connect_to) and is in scope, private addresses are allowed, politeness, robots and sitemap discovery are off
/// and retries are quick; `overrides` replace or add settings.
std::string job_toml(const HttpServer& server, const std::vector<std::string>& hosts,
                     const std::vector<std::string>& seeds, const std::filesystem::path& archive,
                     const Settings& overrides = {});

/// A TOML array of strings.
std::string toml_list(const std::vector<std::string>& items);

/// The message of the Failure that parsing the job text `text` throws (checked to be exit code 2), or "" when it
/// parses.
std::string job_error(const std::string& text);

/// Parses `toml` and runs the crawl in this process (no signal handling) on `workers` page threads (0: one per
/// core).
crawl::CrawlStats run_job(const std::string& toml, int workers = 0);

/// One fetch-log row.
struct FetchRow {
    std::string url;
    std::string outcome;
    int http_status = 0;
    std::string detail;
    int attempt = 0;
    std::int64_t bytes = 0;
};

/// Every fetch-log row of the archive, in insertion order.
std::vector<FetchRow> fetch_log(const std::filesystem::path& archive);
/// The rows for one URL.
std::vector<FetchRow> fetch_log_for(const std::filesystem::path& archive, const std::string& url);
/// How many captures the archive holds for `url`.
std::int64_t capture_count(const std::filesystem::path& archive, const std::string& url);
/// A single integer from an SQL query on any SQLite file.
std::int64_t query_int(const std::filesystem::path& database, const std::string& sql);

/// A page linking to `links` (hrefs as written).
std::string html_page(const std::string& title, const std::vector<std::string>& links,
                      const std::string& head_extra = "");

/// Requests the server received for `host` + `target`.
std::size_t hits(const HttpServer& server, const std::string& host, const std::string& target);

/// Starts the built `newsarc` CLI with `args` without waiting; stdout and stderr go to `output`.
int spawn_cli(const std::vector<std::string>& args, const std::filesystem::path& output);
/// Waits for a child started by spawn_cli: its exit status, or 128 + the signal that killed it.
int wait_child(int pid);

} // namespace newsarc::test
