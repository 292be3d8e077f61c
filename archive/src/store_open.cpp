// Opening a Store: recognising (and refusing) foreign, damaged or newer files without touching them, creating
// and migrating the schema, and the transaction plumbing.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

#include <sqlite3.h>

#include "newsarc_archive_schema.hpp"
#include "search_index.hpp"
#include "store_impl.hpp"

namespace newsarc::archive {
namespace {

namespace fs = std::filesystem;

/// The tables every archive of at least schema 1 has; a missing one means the file is damaged.
constexpr std::array kRequiredTables = {"dictionaries", "documents", "blobs", "captures", "versions",
                                        "snapshots", "snapshot_members", "fetch_log", "runs"};

/// New archives use 16 KiB pages: a compressed 5 KB article is a version row of about 2.1 KiB, and 8 KiB pages
/// hold three such rows with a quarter of the page unused (measured with dbstat). The same 5,000-document
/// archive is 8% smaller in 16 KiB pages; 64 KiB pages are larger again (every small table and index takes at
/// least one page) and make each crawl commit write more.
constexpr int kPageSize = 16384;

std::string quoted(const fs::path& path) {
    return "'" + path.string() + "'";
}

/// What the file says about itself, read without writing anything.
struct Inspection {
    bool fresh = false;           ///< missing, empty, or an SQLite file with nothing in it: to be initialised
    std::int64_t user_version = 0;
};

/// Checks the 100-byte SQLite header: the magic string (else not_archive) and the fixed fields (else corrupt).
void check_header(const fs::path& path, std::uintmax_t size) {
    if (size < 100) {
        throw ArchiveError(ArchiveErrc::not_archive,
                           "archive " + quoted(path) + ": not a newsarc archive (" + std::to_string(size) +
                               " bytes, too short for an SQLite database) - newsarc will not touch it; pass another "
                               "--db path");
    }
    std::array<unsigned char, 100> header{};
    std::ifstream in(path, std::ios::binary);
    if (!in.read(reinterpret_cast<char*>(header.data()), header.size())) {
        throw ArchiveError(ArchiveErrc::io, "archive " + quoted(path) + ": cannot read the file header: " +
                                                std::strerror(errno));
    }
    if (std::memcmp(header.data(), "SQLite format 3", 16) != 0) {
        throw ArchiveError(ArchiveErrc::not_archive,
                           "archive " + quoted(path) +
                               ": not a newsarc archive (not an SQLite database file) - newsarc will not touch it; "
                               "pass another --db path");
    }
    const unsigned page_size = (unsigned(header[16]) << 8) | header[17];
    const bool page_size_ok = page_size == 1 || (page_size >= 512 && page_size <= 32768 &&
                                                 (page_size & (page_size - 1)) == 0);
    const bool fixed_ok = header[21] == 64 && header[22] == 32 && header[23] == 32;
    const bool versions_ok = (header[18] == 1 || header[18] == 2) && (header[19] == 1 || header[19] == 2);
    if (!page_size_ok || !fixed_ok || !versions_ok) {
        throw ArchiveError(ArchiveErrc::corrupt,
                           "archive " + quoted(path) +
                               ": the SQLite file header is damaged (page size or format bytes invalid) - newsarc left "
                               "the file as it is: restore it from a backup");
    }
    // application_id and user_version are read through SQLite: in WAL mode page 1 may live in the -wal file.
}

/// Reads application_id, user_version and the table names through a read-only connection, which never writes
/// the database file (no recovery write, no checkpoint on close).
Inspection inspect(const fs::path& path) {
    std::error_code error;
    const bool exists = fs::exists(path, error);
    if (!exists) {
        return Inspection{true, 0};
    }
    if (fs::is_directory(path, error)) {
        throw ArchiveError(ArchiveErrc::io, "archive " + quoted(path) + ": is a folder, not an archive file");
    }
    const std::uintmax_t size = fs::file_size(path, error);
    if (error) {
        throw ArchiveError(ArchiveErrc::io, "archive " + quoted(path) + ": cannot read it: " + error.message());
    }
    if (size == 0) {
        return Inspection{true, 0};
    }
    check_header(path, size);

    detail::Database probe(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
    const std::int64_t application_id = probe.query_int("PRAGMA application_id");
    const std::int64_t user_version = probe.query_int("PRAGMA user_version");
    std::vector<std::string> tables;
    {
        detail::Statement list(probe, "SELECT name FROM sqlite_schema WHERE type = 'table'");
        while (list.step()) {
            tables.emplace_back(list.text(0));
        }
        list.reset();
    }
    if (application_id != kApplicationId) {
        if (application_id == 0 && tables.empty() && user_version == 0) {
            return Inspection{true, 0}; // an empty SQLite file (e.g. made by `sqlite3 x.db ''`)
        }
        char found[16];
        std::snprintf(found, sizeof found, "0x%08llX", static_cast<unsigned long long>(application_id));
        throw ArchiveError(ArchiveErrc::not_archive,
                           "archive " + quoted(path) + ": an SQLite database, but not a newsarc archive (application_id " +
                               found + ", newsarc archives have 0x4E575341) - newsarc will not touch it; pass "
                               "another --db path");
    }
    const int latest = Store::latest_schema_version();
    if (user_version > latest) {
        throw ArchiveError(ArchiveErrc::newer_schema,
                           "archive " + quoted(path) + ": written by a newer newsarc (archive schema version " +
                               std::to_string(user_version) + "; this newsarc knows versions up to " +
                               std::to_string(latest) + ") - upgrade newsarc to use this file");
    }
    if (user_version >= 1) {
        for (const char* table : kRequiredTables) {
            if (std::find(tables.begin(), tables.end(), table) == tables.end()) {
                throw ArchiveError(ArchiveErrc::corrupt,
                                   "archive " + quoted(path) + ": schema version " + std::to_string(user_version) +
                                       " but the table '" + table +
                                       "' is missing - the file is damaged; newsarc left it as it is: restore it "
                                       "from a backup");
            }
        }
    }
    return Inspection{user_version == 0 && tables.empty(), user_version};
}

/// The schema versions whose migration needs work SQL cannot do, run right after that version's SQL file.
void after_schema(Store::Impl& impl, int version) {
    if (version == 5) {
        // The bodies are compressed, so only C++ can put the existing texts into the new search index.
        detail::fill_search_index(impl);
    }
}

/// Brings the schema to the latest version inside one write transaction.
void migrate(Store::Impl& impl, bool fresh) {
    detail::Database& database = impl.database;
    if (fresh) {
        database.exec("PRAGMA page_size = " + std::to_string(kPageSize), "setting the page size");
    }
    database.exec("PRAGMA journal_mode = WAL", "switching to WAL");
    database.exec("BEGIN IMMEDIATE", "starting the schema migration");
    try {
        // Re-read inside the lock: another process may have migrated the file meanwhile.
        const std::int64_t current = database.query_int("PRAGMA user_version");
        const int latest = Store::latest_schema_version();
        if (current > latest) {
            throw ArchiveError(ArchiveErrc::newer_schema,
                               "archive " + quoted(database.path()) +
                                   ": written by a newer newsarc (archive schema version " + std::to_string(current) +
                                   "; this newsarc knows versions up to " + std::to_string(latest) +
                                   ") - upgrade newsarc to use this file");
        }
        for (const auto& migration : schema::kMigrations) {
            if (migration.version > current) {
                database.exec(migration.sql, std::string("applying schema ") + migration.name);
                after_schema(impl, migration.version);
                database.exec("PRAGMA user_version = " + std::to_string(migration.version), "setting user_version");
            }
        }
        database.exec("PRAGMA application_id = " + std::to_string(kApplicationId), "setting application_id");
        database.exec("COMMIT", "committing the schema migration");
    } catch (...) {
        sqlite3_exec(database.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

} // namespace

int hamming_distance(std::uint64_t a, std::uint64_t b) noexcept {
    return __builtin_popcountll(a ^ b);
}

Store::Impl::Impl(std::filesystem::path file, int flags, const OpenOptions& open_options)
    : database(std::move(file), flags), options(open_options),
      text_codec(database, "text", open_options.text_level, detail::TrainingPlan{}),
      page_codec(database, "page", open_options.page_level,
                 detail::TrainingPlan{64, 16u << 20, 256u << 10, 128u << 10}) {}

void Store::Impl::require_writable(std::string_view operation) const {
    if (options.mode == OpenMode::read_only) {
        throw ArchiveError(ArchiveErrc::read_only,
                           where() + std::string(operation) + ": the archive was opened read-only");
    }
}

void Store::Impl::after_rollback() noexcept {
    try {
        text_codec.load_current();
        page_codec.load_current();
    } catch (...) {
        // The next write reports the problem; a rollback itself must not throw.
    }
}

Store Store::open(const std::filesystem::path& path, OpenMode mode) {
    OpenOptions options;
    options.mode = mode;
    return open(path, options);
}

Store Store::open(const std::filesystem::path& path, const OpenOptions& options) {
    const Inspection inspection = inspect(path);
    std::error_code error;
    const bool exists = fs::exists(path, error);
    if (options.mode == OpenMode::read_only) {
        if (!exists) {
            throw ArchiveError(ArchiveErrc::io, "archive " + quoted(path) + ": no such file - give the archive with --db");
        }
        if (inspection.fresh) {
            throw ArchiveError(ArchiveErrc::io, "archive " + quoted(path) + ": the file is empty - nothing archived yet");
        }
        if (inspection.user_version < latest_schema_version()) {
            throw ArchiveError(ArchiveErrc::read_only,
                               "archive " + quoted(path) + ": has schema version " +
                                   std::to_string(inspection.user_version) + " and needs migrating to version " +
                                   std::to_string(latest_schema_version()) +
                                   ", which a read-only open cannot do - open it once for writing");
        }
    } else if (!exists && !options.create) {
        throw ArchiveError(ArchiveErrc::io, "archive " + quoted(path) + ": no such file - give the archive with --db");
    }

    const int flags = options.mode == OpenMode::read_only
                          ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
                          : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    auto impl = std::make_unique<Impl>(path, flags, options);
    detail::Database& database = impl->database;
    sqlite3_busy_timeout(database.handle(), options.busy_timeout_ms);
    // temp_store = MEMORY keeps the sub-journal of each write's savepoint in memory: on a file it cost a 16 KB
    // write per touched page per document (strace of a 10,000-file import: 65,000 of its 71,000 writes).
    // cache_size 8 MB, not 32: a crawl writes each capture's body once into overflow pages that are never read
    // again, and the cache filled with them: heaptrack of a 10,000-page crawl (../shared/bench-web) found 123 MB
    // of the 179 MB peak RSS in SQLite's page cache at 32 MB, 30 MB (peak RSS 90 MB) at 8 MB.
    database.exec("PRAGMA foreign_keys = ON; PRAGMA cache_size = -8000; PRAGMA temp_store = MEMORY",
                  "configuring the connection");
    if (options.mode == OpenMode::read_write) {
        // NORMAL is durable across process crashes in WAL mode; only a power loss can drop the last commits.
        database.exec("PRAGMA synchronous = NORMAL", "configuring the connection");
        if (inspection.fresh || inspection.user_version < latest_schema_version()) {
            migrate(*impl, inspection.fresh);
        } else {
            database.exec("PRAGMA journal_mode = WAL", "switching to WAL");
        }
    } else {
        database.exec("PRAGMA query_only = ON", "configuring the connection");
    }
    impl->text_codec.load_current();
    impl->page_codec.load_current();
    return Store(std::move(impl));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&& other) noexcept = default;
Store& Store::operator=(Store&& other) noexcept = default;

Store::~Store() = default;

const std::filesystem::path& Store::path() const noexcept {
    return impl_->path();
}

bool Store::read_only() const noexcept {
    return impl_->options.mode == OpenMode::read_only;
}

int Store::latest_schema_version() noexcept {
    int latest = 0;
    for (const auto& migration : schema::kMigrations) {
        latest = std::max(latest, migration.version);
    }
    return latest;
}

bool Store::in_transaction() const noexcept {
    return impl_->in_transaction();
}

namespace {

std::string savepoint_name(int depth) {
    return "newsarc_tx_" + std::to_string(depth);
}

} // namespace

Store::Transaction::Transaction(Store& store) : store_(&store) {
    Impl& impl = *store.impl_;
    impl.require_writable("starting a transaction");
    depth_ = impl.transaction_depth;
    if (depth_ == 0) {
        impl.database.cached("BEGIN IMMEDIATE")->run();
    } else {
        impl.database.exec("SAVEPOINT " + savepoint_name(depth_), "opening a nested transaction");
    }
    ++impl.transaction_depth;
}

void Store::Transaction::commit() {
    Impl& impl = *store_->impl_;
    if (done_) {
        throw ArchiveError(ArchiveErrc::invalid, impl.where() + "the transaction was already committed");
    }
    if (depth_ == 0) {
        impl.database.cached("COMMIT")->run();
    } else {
        impl.database.exec("RELEASE " + savepoint_name(depth_), "closing a nested transaction");
    }
    done_ = true;
    --impl.transaction_depth;
}

Store::Transaction::~Transaction() {
    if (!done_) {
        Impl& impl = *store_->impl_;
        if (depth_ == 0) {
            sqlite3_exec(impl.database.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        } else {
            const std::string name = savepoint_name(depth_);
            const std::string undo = "ROLLBACK TO " + name + "; RELEASE " + name;
            sqlite3_exec(impl.database.handle(), undo.c_str(), nullptr, nullptr, nullptr);
        }
        --impl.transaction_depth;
        impl.after_rollback();
    }
}

WriteScope::WriteScope(Store::Impl& impl, std::string_view operation)
    : impl_(impl), own_transaction_(!impl.in_transaction()) {
    impl.require_writable(operation);
    impl.database.cached(own_transaction_ ? "BEGIN IMMEDIATE" : "SAVEPOINT newsarc_write")->run();
}

void WriteScope::commit() {
    impl_.database.cached(own_transaction_ ? "COMMIT" : "RELEASE newsarc_write")->run();
    done_ = true;
}

WriteScope::~WriteScope() {
    if (!done_) {
        sqlite3* handle = impl_.database.handle();
        if (own_transaction_) {
            sqlite3_exec(handle, "ROLLBACK", nullptr, nullptr, nullptr);
        } else {
            sqlite3_exec(handle, "ROLLBACK TO newsarc_write; RELEASE newsarc_write", nullptr, nullptr, nullptr);
        }
        impl_.after_rollback();
    }
}

ReadScope::ReadScope(Store::Impl& impl) : impl_(impl), own_transaction_(!impl.in_transaction() && !impl.in_read) {
    if (own_transaction_) {
        impl.database.cached("BEGIN")->run();
        impl.in_read = true;
    }
}

ReadScope::~ReadScope() {
    if (own_transaction_) {
        sqlite3_exec(impl_.database.handle(), "COMMIT", nullptr, nullptr, nullptr);
        impl_.in_read = false;
    }
}

std::vector<std::string> Store::check_integrity() {
    std::vector<std::string> problems;
    detail::Statement check(impl_->database, "PRAGMA integrity_check");
    while (check.step()) {
        const std::string_view line = check.text(0);
        if (line != "ok") {
            problems.emplace_back(line);
        }
    }
    check.reset();
    // PRAGMA integrity_check does not look inside FTS5 tables before SQLite 3.44; the search index checks its own
    // structure (a write statement in form only, so a read-only store skips it).
    if (!read_only()) {
        try {
            impl_->database.exec("INSERT INTO search_index(search_index) VALUES('integrity-check')",
                                 "checking the search index");
        } catch (const ArchiveError& error) {
            problems.emplace_back(std::string("search index: ") + error.what());
        }
    }
    return problems;
}

} // namespace newsarc::archive
