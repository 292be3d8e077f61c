// SqliteFrontier: requests in one SQLite table keyed by (url, method, body), leased per origin through an
// index on (host, state, priority, id); only the origin -> host id map is kept in memory.
#include "newsarc/crawl/frontier.hpp"

#include <sqlite3.h>

#include <memory>
#include <unordered_map>
#include <utility>

#include "newsarc/base/result.hpp"

namespace newsarc::crawl {
namespace {

constexpr int kQueued = 1;
constexpr int kInFlight = 2;
constexpr int kDone = 3;
constexpr int kFailed = 4;

// 2: requests.redirect_chain; attempts are counted when leased.
constexpr int kSchemaVersion = 2;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS robots(origin TEXT PRIMARY KEY, fetched_ms INTEGER NOT NULL, status INTEGER NOT NULL,
                                  body BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hosts(id INTEGER PRIMARY KEY, origin TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS requests(
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    method TEXT NOT NULL,
    body BLOB NOT NULL,
    host_id INTEGER NOT NULL,
    headers TEXT NOT NULL,
    document_url TEXT NOT NULL,
    kind INTEGER NOT NULL,
    priority INTEGER NOT NULL,
    depth INTEGER NOT NULL,
    state INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before INTEGER NOT NULL DEFAULT 0,
    outcome TEXT,
    redirect_chain TEXT NOT NULL DEFAULT '',
    UNIQUE(url, method, body));
CREATE INDEX IF NOT EXISTS requests_lease ON requests(host_id, state, priority DESC, id);
)sql";

/// A prepared statement that resets itself after each use.
class Statement {
public:
    Statement(sqlite3* db, const char* sql, const std::filesystem::path& path) : db_(db), path_(&path) {
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement_, nullptr) != SQLITE_OK) {
            fail("prepare");
        }
    }
    ~Statement() { sqlite3_finalize(statement_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value) {
        sqlite3_bind_int64(statement_, index, value);
        return *this;
    }
    Statement& bind(int index, std::string_view text) {
        sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
        return *this;
    }
    Statement& bind_blob(int index, std::string_view bytes) {
        sqlite3_bind_blob(statement_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
        return *this;
    }
    /// True while rows come.
    bool step() {
        const int code = sqlite3_step(statement_);
        if (code == SQLITE_ROW) {
            return true;
        }
        if (code != SQLITE_DONE) {
            fail("step");
        }
        return false;
    }
    void run() {
        step();
        reset();
    }
    void reset() {
        sqlite3_reset(statement_);
        sqlite3_clear_bindings(statement_);
    }
    [[nodiscard]] std::int64_t int64(int column) const { return sqlite3_column_int64(statement_, column); }
    [[nodiscard]] bool is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
    [[nodiscard]] std::string text(int column) const {
        const auto* data = static_cast<const char*>(sqlite3_column_blob(statement_, column));
        return data == nullptr ? std::string() : std::string(data, static_cast<std::size_t>(
                                                                       sqlite3_column_bytes(statement_, column)));
    }

private:
    [[noreturn]] void fail(const char* what) const {
        throw Failure("frontier '" + path_->string() + "': SQLite " + what + " failed: " + sqlite3_errmsg(db_));
    }
    sqlite3* db_;
    const std::filesystem::path* path_;
    sqlite3_stmt* statement_ = nullptr;
};

/// Resets a statement when the scope ends.
struct Reset {
    Statement& statement;
    ~Reset() { statement.reset(); }
};

} // namespace

class SqliteFrontier::Impl {
public:
    std::filesystem::path path_;
    sqlite3* db_ = nullptr;
    bool resumed_ = false;
    bool in_transaction_ = false;
    std::unordered_map<std::string, std::int64_t> host_ids_;
    std::unique_ptr<Statement> insert_, insert_done_, mark_seen_, select_due_, set_state_, lease_, put_back_,
        set_outcome_, retry_, next_due_, host_lookup_, host_insert_, robots_get_, robots_put_;

    ~Impl() {
        for (auto* statement : {&insert_, &insert_done_, &mark_seen_, &select_due_, &set_state_, &lease_, &put_back_,
                                &set_outcome_, &retry_, &next_due_, &host_lookup_, &host_insert_, &robots_get_,
                                &robots_put_}) {
            statement->reset();
        }
        sqlite3_close(db_);
    }

    [[noreturn]] void fail(const std::string& what) const {
        throw Failure("frontier '" + path_.string() + "': " + what + ": " + sqlite3_errmsg(db_));
    }

    void exec(const char* sql) {
        char* message = nullptr;
        if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
            std::string text = message != nullptr ? message : "unknown error";
            sqlite3_free(message);
            throw Failure("frontier '" + path_.string() + "': " + text);
        }
    }

    std::unique_ptr<Statement> prepare(const char* sql) { return std::make_unique<Statement>(db_, sql, path_); }

    std::optional<std::string> meta(const char* key) {
        Statement statement(db_, "SELECT value FROM meta WHERE key = ?1", path_);
        statement.bind(1, std::string_view(key));
        if (statement.step()) {
            return statement.text(0);
        }
        return std::nullopt;
    }

    void set_meta(const char* key, std::string_view value) {
        Statement statement(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", path_);
        statement.bind(1, std::string_view(key)).bind(2, value);
        statement.step();
    }

    std::int64_t host_id(std::string_view origin) {
        if (const auto found = host_ids_.find(std::string(origin)); found != host_ids_.end()) {
            return found->second;
        }
        std::int64_t id = 0;
        {
            Reset scope{*host_lookup_};
            host_lookup_->bind(1, origin);
            if (host_lookup_->step()) {
                id = host_lookup_->int64(0);
            }
        }
        if (id == 0) {
            host_insert_->bind(1, origin);
            host_insert_->run();
            id = sqlite3_last_insert_rowid(db_);
        }
        host_ids_.emplace(origin, id);
        return id;
    }

    void prepare_all() {
        insert_ = prepare("INSERT OR IGNORE INTO requests(url, method, body, host_id, headers, document_url, kind, "
                          "priority, depth, state, redirect_chain) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                          "?11)");
        mark_seen_ = prepare("UPDATE requests SET state = 3 WHERE url = ?1 AND method = ?2 AND body = ?3 "
                             "AND state = 1");
        select_due_ = prepare("SELECT id, url, method, body, headers, document_url, kind, priority, depth, attempts, "
                              "redirect_chain FROM requests WHERE host_id = ?1 AND state = 1 AND not_before <= ?2 "
                              "ORDER BY priority DESC, id LIMIT 1");
        set_state_ = prepare("UPDATE requests SET state = ?2 WHERE id = ?1");
        lease_ = prepare("UPDATE requests SET state = 2, attempts = attempts + 1 WHERE id = ?1");
        put_back_ = prepare("UPDATE requests SET state = 1, attempts = MAX(attempts - 1, 0) WHERE id = ?1");
        set_outcome_ = prepare("UPDATE requests SET state = ?2, outcome = ?3 WHERE id = ?1");
        retry_ = prepare("UPDATE requests SET state = 1, not_before = ?2, outcome = ?3 WHERE id = ?1");
        next_due_ = prepare("SELECT MIN(not_before) FROM requests WHERE host_id = ?1 AND state = 1");
        host_lookup_ = prepare("SELECT id FROM hosts WHERE origin = ?1");
        host_insert_ = prepare("INSERT INTO hosts(origin) VALUES (?1)");
        robots_get_ = prepare("SELECT fetched_ms, status, body FROM robots WHERE origin = ?1");
        robots_put_ = prepare("INSERT OR REPLACE INTO robots(origin, fetched_ms, status, body) "
                              "VALUES (?1, ?2, ?3, ?4)");
    }
};

SqliteFrontier::SqliteFrontier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteFrontier::~SqliteFrontier() = default;

std::unique_ptr<SqliteFrontier> SqliteFrontier::open(const std::filesystem::path& path, const std::string& job) {
    auto impl = std::make_unique<Impl>();
    impl->path_ = path;
    if (sqlite3_open_v2(path.c_str(), &impl->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        impl->fail("cannot open");
    }
    sqlite3_busy_timeout(impl->db_, 10000);
    impl->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -4000; "
               "PRAGMA temp_store = MEMORY;");
    impl->exec("BEGIN IMMEDIATE");
    try {
        impl->exec(kSchema);
        auto version = impl->meta("schema");
        if (version == std::optional<std::string>("1")) {
            // Schema 1 counted an attempt when its answer came; an unfinished crawl of it resumes as it was.
            impl->exec("ALTER TABLE requests ADD COLUMN redirect_chain TEXT NOT NULL DEFAULT ''");
            version = std::to_string(kSchemaVersion);
        }
        if (version && *version != std::to_string(kSchemaVersion)) {
            throw Failure("frontier '" + path.string() + "' has schema " + *version + ", this newsarc knows " +
                          std::to_string(kSchemaVersion) + "; delete the file to start the crawl afresh");
        }
        const auto status = impl->meta("status");
        const auto owner = impl->meta("job");
        if (status == "running" && owner && *owner != job) {
            throw usage_failure("frontier '" + path.string() + "' holds an unfinished crawl of job '" + *owner +
                                "', not '" + job + "'; finish that job, or delete the file to drop its state");
        }
        if (status == "running") {
            impl->resumed_ = true;
            impl->exec("UPDATE requests SET state = 1 WHERE state = 2");
        } else {
            // A new crawl: every URL may be fetched once again. robots.txt stays cached.
            impl->exec("DELETE FROM requests; DELETE FROM hosts;");
        }
        impl->set_meta("schema", std::to_string(kSchemaVersion));
        impl->set_meta("status", "running");
        impl->set_meta("job", job);
        impl->exec("COMMIT");
    } catch (...) {
        sqlite3_exec(impl->db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    impl->prepare_all();
    return std::unique_ptr<SqliteFrontier>(new SqliteFrontier(std::move(impl)));
}

bool SqliteFrontier::push(const FrontierRequest& request) {
    Statement& insert = *impl_->insert_;
    const std::int64_t host = impl_->host_id(request.origin);
    insert.bind(1, std::string_view(request.url))
        .bind(2, std::string_view(request.method))
        .bind_blob(3, request.body)
        .bind(4, host)
        .bind(5, std::string_view(request.headers))
        .bind(6, std::string_view(request.document_url))
        .bind(7, static_cast<int>(request.kind))
        .bind(8, request.priority)
        .bind(9, request.depth)
        .bind(10, kQueued)
        .bind(11, std::string_view(request.redirect_chain));
    insert.run();
    return sqlite3_changes(impl_->db_) > 0;
}

void SqliteFrontier::mark_seen(const FrontierRequest& request) {
    Statement& insert = *impl_->insert_;
    insert.bind(1, std::string_view(request.url))
        .bind(2, std::string_view(request.method))
        .bind_blob(3, request.body)
        .bind(4, impl_->host_id(request.origin))
        .bind(5, std::string_view(request.headers))
        .bind(6, std::string_view(request.document_url))
        .bind(7, static_cast<int>(request.kind))
        .bind(8, request.priority)
        .bind(9, request.depth)
        .bind(10, kDone)
        .bind(11, std::string_view(request.redirect_chain));
    insert.run();
    if (sqlite3_changes(impl_->db_) == 0) {
        Statement& seen = *impl_->mark_seen_;
        seen.bind(1, std::string_view(request.url))
            .bind(2, std::string_view(request.method))
            .bind_blob(3, request.body);
        seen.run();
    }
}

std::optional<Lease> SqliteFrontier::lease(std::string_view origin, std::int64_t now_ms) {
    Statement& select = *impl_->select_due_;
    Lease lease;
    {
        Reset scope{select};
        select.bind(1, impl_->host_id(origin)).bind(2, now_ms);
        if (!select.step()) {
            return std::nullopt;
        }
        lease.id = select.int64(0);
        lease.request.url = select.text(1);
        lease.request.method = select.text(2);
        lease.request.body = select.text(3);
        lease.request.headers = select.text(4);
        lease.request.document_url = select.text(5);
        // A frontier written before PageKind may hold whatever number a plugin returned: such a kind is unclassified.
        const std::int64_t kind = select.int64(6);
        lease.request.kind = kind >= 0 && kind <= static_cast<std::int64_t>(PageKind::ignore)
                                 ? static_cast<PageKind>(kind)
                                 : PageKind::unclassified;
        lease.request.priority = static_cast<int>(select.int64(7));
        lease.request.depth = static_cast<int>(select.int64(8));
        lease.attempts = static_cast<int>(select.int64(9));
        lease.request.redirect_chain = select.text(10);
        lease.request.origin = std::string(origin);
    }
    impl_->lease_->bind(1, lease.id);
    impl_->lease_->run();
    return lease;
}

std::optional<std::int64_t> SqliteFrontier::next_due(std::string_view origin) {
    Statement& next = *impl_->next_due_;
    Reset scope{next};
    next.bind(1, impl_->host_id(origin));
    if (next.step() && !next.is_null(0)) {
        return next.int64(0);
    }
    return std::nullopt;
}

void SqliteFrontier::mark_done(std::int64_t id) {
    impl_->set_state_->bind(1, id).bind(2, kDone);
    impl_->set_state_->run();
}

void SqliteFrontier::mark_failed(std::int64_t id, Outcome outcome) {
    impl_->set_outcome_->bind(1, id).bind(2, kFailed).bind(3, to_string(outcome));
    impl_->set_outcome_->run();
}

void SqliteFrontier::retry_at(std::int64_t id, std::int64_t due_ms, Outcome outcome) {
    impl_->retry_->bind(1, id).bind(2, due_ms).bind(3, to_string(outcome));
    impl_->retry_->run();
}

void SqliteFrontier::put_back(std::int64_t id) {
    impl_->put_back_->bind(1, id);
    impl_->put_back_->run();
}

std::vector<std::string> SqliteFrontier::origins_with_work() {
    Statement statement(impl_->db_,
                        "SELECT origin FROM hosts h WHERE EXISTS (SELECT 1 FROM requests r WHERE r.host_id = h.id "
                        "AND r.state = 1) ORDER BY id",
                        impl_->path_);
    std::vector<std::string> origins;
    while (statement.step()) {
        origins.push_back(statement.text(0));
    }
    return origins;
}

namespace {

FrontierCounts count_states(sqlite3* db, const std::filesystem::path& path) {
    Statement statement(db, "SELECT state, COUNT(*) FROM requests GROUP BY state", path);
    FrontierCounts counts;
    while (statement.step()) {
        const std::int64_t number = statement.int64(1);
        switch (statement.int64(0)) {
        case kQueued: counts.queued = number; break;
        case kInFlight: counts.in_flight = number; break;
        case kDone: counts.done = number; break;
        case kFailed: counts.failed = number; break;
        default: break;
        }
    }
    return counts;
}

} // namespace

FrontierCounts SqliteFrontier::counts() {
    return count_states(impl_->db_, impl_->path_);
}

std::optional<FrontierCounts> SqliteFrontier::read_counts(const std::filesystem::path& path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        return std::nullopt;
    }
    sqlite3* db = nullptr;
    const int opened = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    const std::unique_ptr<sqlite3, int (*)(sqlite3*)> closer(db, sqlite3_close);
    if (opened != SQLITE_OK) {
        throw Failure("frontier '" + path.string() + "': cannot open read-only: " +
                      (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(opened)));
    }
    sqlite3_busy_timeout(db, 2000);
    return count_states(db, path);
}

void SqliteFrontier::transaction(const std::function<void()>& work) {
    if (impl_->in_transaction_) {
        work();
        return;
    }
    impl_->exec("BEGIN IMMEDIATE");
    impl_->in_transaction_ = true;
    try {
        work();
    } catch (...) {
        impl_->in_transaction_ = false;
        sqlite3_exec(impl_->db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    impl_->in_transaction_ = false;
    impl_->exec("COMMIT");
}

bool SqliteFrontier::resumed() const noexcept {
    return impl_->resumed_;
}

std::int64_t SqliteFrontier::pages_started() {
    Statement statement(impl_->db_,
                        "SELECT COUNT(*) FROM requests WHERE (state IN (3, 4) AND (outcome IS NULL OR outcome NOT "
                        "LIKE 'robots%')) OR (state = 1 AND attempts > 0)",
                        impl_->path_);
    return statement.step() ? statement.int64(0) : 0;
}

void SqliteFrontier::finish() {
    impl_->set_meta("status", "finished");
}

std::optional<CachedRobots> SqliteFrontier::robots(std::string_view origin) {
    Statement& get = *impl_->robots_get_;
    Reset scope{get};
    get.bind(1, origin);
    if (!get.step()) {
        return std::nullopt;
    }
    return CachedRobots{get.int64(0), static_cast<int>(get.int64(1)), get.text(2)};
}

void SqliteFrontier::store_robots(std::string_view origin, const CachedRobots& robots) {
    Statement& put = *impl_->robots_put_;
    put.bind(1, origin).bind(2, robots.fetched_ms).bind(3, static_cast<std::int64_t>(robots.status));
    put.bind_blob(4, robots.body);
    put.run();
}

const std::filesystem::path& SqliteFrontier::path() const noexcept {
    return impl_->path_;
}

} // namespace newsarc::crawl
