// Thin RAII wrappers over the SQLite C API used by the store: a connection with a prepared-statement cache and
// statements whose failures become ArchiveError messages naming the database file.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "newsarc/archive/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace newsarc::archive::detail {

class Database;

/// A prepared statement. Text and blob bindings are not copied (SQLITE_STATIC): the bound memory must stay
/// alive until the statement is reset, which every caller here does within one call.
class Statement {
public:
    Statement(Database& database, std::string_view sql);
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bind_blob(int index, std::string_view bytes);
    Statement& bind_null(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    /// Advances; true when a row is available, false when done. Throws ArchiveError on failure.
    bool step();
    /// Runs a statement that returns no rows (or ignores them) and resets it.
    void run();
    /// Resets and clears bindings so the statement can be reused.
    void reset() noexcept;

    [[nodiscard]] bool is_null(int column) const;
    [[nodiscard]] std::int64_t int64(int column) const;
    [[nodiscard]] int integer(int column) const { return static_cast<int>(int64(column)); }
    [[nodiscard]] double real(int column) const;
    /// Text or blob bytes of a column; valid until the next step/reset.
    [[nodiscard]] std::string_view text(int column) const;
    [[nodiscard]] std::string_view blob(int column) const;
    [[nodiscard]] std::optional<std::int64_t> optional_int64(int column) const;
    [[nodiscard]] std::optional<double> optional_real(int column) const;

private:
    Database* database_;
    sqlite3_stmt* statement_ = nullptr;
};

/// Resets a cached statement when leaving scope, so a thrown exception never leaves it mid-step.
class StatementScope {
public:
    explicit StatementScope(Statement& statement) : statement_(statement) {}
    StatementScope(const StatementScope&) = delete;
    StatementScope& operator=(const StatementScope&) = delete;
    ~StatementScope() { statement_.reset(); }
    Statement* operator->() { return &statement_; }
    Statement& operator*() { return statement_; }

private:
    Statement& statement_;
};

/// One SQLite connection.
class Database {
public:
    /// Opens `path` (flags are sqlite3_open_v2 flags). Throws ArchiveError{io} naming the file.
    Database(std::filesystem::path path, int flags);
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
    [[nodiscard]] sqlite3* handle() const noexcept { return db_; }

    /// Runs one or more statements without results. `what` names the operation in an error message.
    void exec(std::string_view sql, std::string_view what = {});
    /// A statement prepared once and kept for the connection's life, reset when the scope ends. `sql` must be a
    /// string literal: the cache is keyed by its address, so a lookup costs no allocation.
    StatementScope cached(const char* sql);
    /// The single integer a query returns (0 when it returns no row).
    std::int64_t query_int(std::string_view sql);

    [[nodiscard]] std::int64_t last_insert_rowid() const noexcept;
    [[nodiscard]] int changes() const noexcept;

    /// Throws the ArchiveError for SQLite result `code`, naming the file and `what` was being done.
    [[noreturn]] void fail(int code, std::string_view what) const;
    /// Drops every cached statement (before closing, or after the schema changed).
    void clear_cache() noexcept;

private:
    std::filesystem::path path_;
    sqlite3* db_ = nullptr;
    std::unordered_map<const char*, std::unique_ptr<Statement>> cache_;
};

} // namespace newsarc::archive::detail
