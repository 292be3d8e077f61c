// The crawl tests' helpers: job text, in-process runs, SQLite reads of the archive.
#include "crawl_support.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

#include "newsarc/base/result.hpp"
#include "support/paths.hpp"

namespace newsarc::test {
namespace {

class ReadOnlyDb {
public:
    explicit ReadOnlyDb(const std::filesystem::path& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            throw std::runtime_error("cannot open " + path.string() + ": " + sqlite3_errmsg(db_));
        }
        sqlite3_busy_timeout(db_, 5000);
    }
    ~ReadOnlyDb() { sqlite3_close(db_); }
    ReadOnlyDb(const ReadOnlyDb&) = delete;
    ReadOnlyDb& operator=(const ReadOnlyDb&) = delete;

    sqlite3_stmt* prepare(const std::string& sql) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
            throw std::runtime_error("bad SQL '" + sql + "': " + sqlite3_errmsg(db_));
        }
        return statement;
    }

private:
    sqlite3* db_ = nullptr;
};

std::string column_text(sqlite3_stmt* statement, int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
    return text == nullptr ? std::string() : std::string(text);
}

std::vector<FetchRow> rows(const std::filesystem::path& archive, const std::string& where, const std::string& url) {
    ReadOnlyDb db(archive);
    sqlite3_stmt* statement =
        db.prepare("SELECT url, outcome, http_status, detail, attempt, bytes FROM fetch_log " + where + " ORDER BY id");
    if (!url.empty()) {
        sqlite3_bind_text(statement, 1, url.c_str(), -1, SQLITE_TRANSIENT);
    }
    std::vector<FetchRow> out;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        FetchRow row;
        row.url = column_text(statement, 0);
        row.outcome = column_text(statement, 1);
        row.http_status = sqlite3_column_int(statement, 2);
        row.detail = column_text(statement, 3);
        row.attempt = sqlite3_column_int(statement, 4);
        row.bytes = sqlite3_column_int64(statement, 5);
        out.push_back(std::move(row));
    }
    sqlite3_finalize(statement);
    return out;
}

} // namespace

std::string toml_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (const auto& item : items) {
        out += (out.size() > 1 ? ", \"" : "\"") + item + "\"";
    }
    return out + "]";
}

std::string job_toml(const HttpServer& server, const std::vector<std::string>& hosts,
                     const std::vector<std::string>& seeds, const std::filesystem::path& archive,
                     const Settings& overrides) {
    std::vector<std::string> connect_to;
    for (const auto& host : hosts) {
        connect_to.push_back(host + ":80:127.0.0.1:" + std::to_string(server.port()));
    }
    Settings settings = {
        {"name", "\"test\""},
        {"seeds", toml_list(seeds)},
        {"scope.hosts", toml_list(hosts)},
        {"scope.max_depth", "5"},
        {"scope.max_pages", "1000"},
        {"politeness.per_host", "4"},
        {"politeness.delay_ms", "0"},
        {"politeness.global", "16"},
        {"politeness.robots", "false"},
        // Most tests count the requests a crawl makes; the sitemap probes of hosts without a plugin are tested
        // on their own (test_discovery.cpp).
        {"discovery.sitemaps", "false"},
        {"network.connect_to", toml_list(connect_to)},
        {"network.allow_private", "true"},
        {"network.timeout_s", "20"},
        {"network.connect_timeout_s", "5"},
        {"network.retries", "2"},
        {"network.retry_base_ms", "20"},
        {"archive.path", "\"" + archive.string() + "\""},
    };
    for (const auto& [key, value] : overrides) {
        settings[key] = value;
    }
    std::string top;
    std::map<std::string, std::string> tables;
    for (const auto& [key, value] : settings) {
        const auto dot = key.find('.');
        if (dot == std::string::npos) {
            top += key + " = " + value + "\n";
        } else {
            tables[key.substr(0, dot)] += key.substr(dot + 1) + " = " + value + "\n";
        }
    }
    for (const auto& [table, body] : tables) {
        top += "[" + table + "]\n" + body;
    }
    return top;
}

std::string job_error(const std::string& text) {
    try {
        crawl::parse_job_config(text, "job.toml");
    } catch (const newsarc::Failure& failure) {
        CHECK(failure.exit_code() == 2);
        return failure.what();
    }
    return {};
}

crawl::CrawlStats run_job(const std::string& toml, int workers) {
    const crawl::JobConfig job = crawl::parse_job_config(toml, "test-job.toml");
    crawl::CrawlOptions options;
    options.handle_signals = false;
    options.workers = workers;
    return crawl::run_crawl(job, options);
}

std::vector<FetchRow> fetch_log(const std::filesystem::path& archive) {
    return rows(archive, "", "");
}

std::vector<FetchRow> fetch_log_for(const std::filesystem::path& archive, const std::string& url) {
    return rows(archive, "WHERE url = ?1", url);
}

std::int64_t capture_count(const std::filesystem::path& archive, const std::string& url) {
    ReadOnlyDb db(archive);
    sqlite3_stmt* statement = db.prepare("SELECT COUNT(*) FROM captures WHERE url = ?1");
    sqlite3_bind_text(statement, 1, url.c_str(), -1, SQLITE_TRANSIENT);
    std::int64_t count = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
    sqlite3_finalize(statement);
    return count;
}

std::int64_t query_int(const std::filesystem::path& database, const std::string& sql) {
    ReadOnlyDb db(database);
    sqlite3_stmt* statement = db.prepare(sql);
    std::int64_t value = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
    sqlite3_finalize(statement);
    return value;
}

std::string html_page(const std::string& title, const std::vector<std::string>& links, const std::string& head_extra) {
    std::string html = "<!DOCTYPE html><html><head><title>" + title + "</title>" + head_extra + "</head><body><h1>" +
                       title + "</h1>\n";
    for (const auto& link : links) {
        html += "<p><a href=\"" + link + "\">" + link + "</a></p>\n";
    }
    return html + "</body></html>\n";
}

std::size_t hits(const HttpServer& server, const std::string& host, const std::string& target) {
    return server.count([&](const ServedRequest& served) {
        return served.request.host_name() == host && served.request.target == target;
    });
}

int spawn_cli(const std::vector<std::string>& args, const std::filesystem::path& output) {
    std::vector<std::string> storage{cli_path().string()};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : storage) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid == 0) {
        const int fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(fd, STDOUT_FILENO);
        ::dup2(fd, STDERR_FILENO);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return pid;
}

int wait_child(int pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace newsarc::test
