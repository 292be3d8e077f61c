// The crawl job file (TOML): seeds, scope, politeness, network and archive settings, parsed strictly.
#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/clean/clean_options.hpp"
#include "newsarc/crawl/health.hpp"

namespace newsarc::crawl {

/// [scope]: which URLs belong to the crawl.
struct ScopeConfig {
    /// Host names the crawl may fetch ("www.guancha.cn", "*.guancha.cn" = the domain and any subdomain).
    /// Empty: the seeds' hosts.
    std::vector<std::string> hosts;
    int max_depth = 3;              ///< links followed from a seed (the seeds are depth 0)
    std::int64_t max_pages = 10000; ///< pages fetched per crawl (robots.txt fetches do not count)
    /// Query parameters removed from every URL; a trailing '*' matches a prefix ("utm_*").
    std::vector<std::string> strip_params = {"utm_*", "spm", "scm", "gclid", "fbclid", "yclid", "msclkid",
                                             "mc_cid", "mc_eid", "igshid"};
};

/// [politeness]: how hard one host is pushed.
struct PolitenessConfig {
    int per_host = 2;    ///< requests in flight per host at most
    int delay_ms = 1000; ///< minimum time between two request starts to one host (raised to Crawl-delay)
    int global = 64;     ///< requests in flight across all hosts at most
    bool robots = true;  ///< fetch and obey robots.txt
};

/// [network]: transfer settings.
struct NetworkConfig {
    /// curl CONNECT_TO entries "HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT".
    std::vector<std::string> connect_to;
    bool allow_private = false; ///< allow private, loopback and link-local addresses
    /// Private ranges allowed even when allow_private is false ("10.1.2.0/24", "127.0.0.1"): an intranet host or
    /// a local mirror, while a redirect or a DNS answer pointing at any other private address is still refused.
    std::vector<std::string> allow_private_ranges;
    std::string user_agent = "newsarc/0.1";
    int timeout_s = 30;        ///< whole transfer, redirects included
    int connect_timeout_s = 10;
    int low_speed_bytes = 1;   ///< abort when fewer bytes per second than this arrive ...
    int low_speed_s = 30;      ///< ... for this many seconds
    double max_body_mb = 10;   ///< body limit after decompression, in MiB
    std::string ca_file;       ///< extra CA bundle (PEM); empty: the system's
    int max_redirects = 5;     ///< hops of one redirect chain; each hop is admitted like a discovered link
    int retries = 3;           ///< retries after the first attempt (timeouts, connection errors, 5xx, 429)
    int retry_base_ms = 1000;  ///< first retry delay; doubled each attempt, with jitter
    int max_retry_after_s = 600; ///< a longer Retry-After gives up instead of waiting
    bool http2 = true;         ///< offer HTTP/2 over TLS
};

/// [discovery]: how a crawl finds the pages of a site no plugin claims.
struct DiscoveryConfig {
    /// Read the site's sitemaps (robots.txt Sitemap lines, /sitemap.xml, /sitemap_index.xml, gzipped too; news
    /// sitemaps) and the RSS/Atom feeds its pages link to, following the newest entries first.
    bool sitemaps = true;
};

/// [archive]
struct ArchiveConfig {
    std::string path = "newsarc.db"; ///< the archive; the crawl state lives beside it in "<path>.frontier"
};

/// [frontier]: where the crawl's work list lives. "sqlite" (the default): "<archive>.frontier", one crawl process.
/// "redis": a Redis server shared by any number of `newsarc crawl` workers (newsarc/crawl/frontier_redis.hpp).
struct FrontierConfig {
    std::string backend = "sqlite"; ///< "sqlite" or "redis"
    std::string url;                ///< redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]; needed for "redis"
    std::string key_prefix;         ///< prefix of every Redis key of this crawl; empty: the job's name
    int lease_s = 60;               ///< a lease not acknowledged by then is handed out again (its worker died)
};

/// Top-level plugin keys: which site plugins serve the crawl and how they are set up.
struct PluginsConfig {
    /// `plugin_dirs`: folders searched for plugin libraries before $NEWSARC_PLUGIN_PATH and the folder next
    /// to the executable.
    std::vector<std::filesystem::path> dirs;
    /// `site_dirs`: folders of declarative-site files, searched before $NEWSARC_SITES_PATH.
    std::vector<std::filesystem::path> site_dirs;
    /// `plugins`: the plugins this job uses, by id; each must load (a missing one is a usage error) and adds
    /// its start requests to the seeds. Empty: every plugin found is used and only `seeds` start the crawl.
    std::vector<std::string> use;
    /// `plugin_seeds`: false keeps the plugins' own start requests (home pages, feeds, list APIs) out, so that
    /// only `seeds` start the crawl while the plugins still classify, discover and extract.
    bool seeds = true;
    /// Where each `plugins` entry was written ("job.toml:4:13"), for naming a missing plugin.
    std::vector<std::string> use_positions;
    /// `[plugin_settings.<id>]`: each table, as a JSON object text, handed to that plugin's configure().
    std::map<std::string, std::string> settings;
};

/// [clean]: the cleaning every extracted article goes through before it is archived.
struct CleanConfig {
    bool enabled = true;
    /// Folder of cleaning rule files; empty: the data folder's cleaning/ (newsarc/base/install_layout.hpp).
    std::filesystem::path rules;
    clean::CleanOptions options; ///< one boolean key per step ("pinyin = false"), and `convert`
};

/// [topic]: relevance filtering. Without `file`, every article is kept and none is scored.
struct TopicConfig {
    std::filesystem::path file;       ///< a topic file (configs/topics/*.toml)
    std::optional<double> threshold;  ///< articles scoring below it are not archived; default: the file's
};

/// [recrawl]: revisiting archived articles to catch edits and deletions. A fresh run (not a resumed one) fetches
/// again every article of the job's hosts whose next revisit time (publish time + each step of `after`) has
/// come since it was last fetched; list pages are fetched on every run anyway.
struct RecrawlConfig {
    bool enabled = true;
    std::vector<std::string> after = {"1h", "6h", "24h", "7d"}; ///< "<N>s|m|h|d" after the publish time
    std::vector<std::chrono::seconds> steps;                    ///< `after`, parsed (filled by the parser)
};

/// A parsed job file. Every table has a row in the parser's schema (job_config.cpp): to add a table, add a
/// struct here and its keys there.
struct JobConfig {
    std::filesystem::path file; ///< where it was read from ("" when parsed from text)
    std::string name;
    std::vector<std::string> seeds;
    ScopeConfig scope;
    PolitenessConfig politeness;
    NetworkConfig network;
    ArchiveConfig archive;
    PluginsConfig plugins;
    CleanConfig clean;
    TopicConfig topic;
    RecrawlConfig recrawl;
    HealthConfig health; ///< [health]: min_success, drop, on_degraded
    DiscoveryConfig discovery;
    FrontierConfig frontier;
    /// `schedule`: when `newsarc daemon` runs the job: a 5-field cron expression or "every 30m"; empty: only
    /// run by hand (`newsarc crawl`).
    std::string schedule;
    /// Where `schedule` was written ("job.toml:3:12"), for the error of jobs::check_schedule.
    std::string schedule_where;
    /// `snapshot`: "none", or "after-run": a snapshot named "<name>-<YYYYmmdd-HHMMSS>" (UTC) after each run
    /// that finished (not one stopped by a signal).
    std::string snapshot = "none";
    /// `export_dir`: with snapshot = "after-run", each run's snapshot is exported (corpus format and manifest)
    /// into a folder of that name inside it.
    std::filesystem::path export_dir;
};

/// Reads and checks a job file. Relative paths in it (plugin_dirs, site_dirs, clean.rules, topic.file,
/// network.ca_file, archive.path) are taken from the job file's folder, whatever folder the crawl starts in. Throws newsarc::Failure (usage kind, exit code 2) naming the file, the line
/// and the key for a syntax error, an unknown key, a wrong type or an out-of-range value.
JobConfig load_job_config(const std::filesystem::path& file);

/// The same for text already in memory; `origin` names it in messages.
JobConfig parse_job_config(std::string_view text, const std::string& origin);

} // namespace newsarc::crawl
