// The SQLite wrappers: statement binding/stepping, the statement cache, and SQLite codes turned into errors.
#include "sqlite.hpp"

#include <sqlite3.h>

namespace newsarc::archive::detail {
namespace {

ArchiveErrc errc_for(int code) {
    switch (code & 0xFF) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return ArchiveErrc::corrupt;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ArchiveErrc::busy;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_NOMEM:
        return ArchiveErrc::io;
    case SQLITE_READONLY:
        return ArchiveErrc::read_only;
    default:
        return ArchiveErrc::internal;
    }
}

std::string advice_for(ArchiveErrc errc) {
    switch (errc) {
    case ArchiveErrc::corrupt:
        return " - the archive file is damaged; newsarc left it as it is: restore it from a backup";
    case ArchiveErrc::busy:
        return " - another process kept the archive locked; retry when it is done";
    case ArchiveErrc::io:
        return " - check that the file and its folder exist, are writable and the disk is not full";
    default:
        return {};
    }
}

} // namespace

Statement::Statement(Database& database, std::string_view sql) : database_(&database) {
    const int code = sqlite3_prepare_v3(database.handle(), sql.data(), static_cast<int>(sql.size()),
                                        SQLITE_PREPARE_PERSISTENT, &statement_, nullptr);
    if (code != SQLITE_OK) {
        database.fail(code, "preparing a statement");
    }
}

Statement::~Statement() {
    sqlite3_finalize(statement_);
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(statement_, index, value);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    sqlite3_bind_double(statement_, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text64(statement_, index, text.data() == nullptr ? "" : text.data(), text.size(), SQLITE_STATIC,
                        SQLITE_UTF8);
    return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
    sqlite3_bind_blob64(statement_, index, bytes.data() == nullptr ? "" : bytes.data(), bytes.size(), SQLITE_STATIC);
    return *this;
}

Statement& Statement::bind_null(int index) {
    sqlite3_bind_null(statement_, index);
    return *this;
}

bool Statement::step() {
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) {
        return true;
    }
    if (code == SQLITE_DONE) {
        return false;
    }
    const std::string sql = sqlite3_sql(statement_) != nullptr ? sqlite3_sql(statement_) : "";
    const std::string first_words = sql.substr(0, std::min<std::size_t>(sql.size(), 48));
    database_->fail(code, "running '" + first_words + (sql.size() > 48 ? "...'" : "'"));
}

void Statement::run() {
    StatementScope scope(*this);
    while (step()) {
    }
}

void Statement::reset() noexcept {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(statement_, column);
}

double Statement::real(int column) const {
    return sqlite3_column_double(statement_, column);
}

std::string_view Statement::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    const int size = sqlite3_column_bytes(statement_, column);
    return data == nullptr ? std::string_view{} : std::string_view(data, static_cast<std::size_t>(size));
}

std::string_view Statement::blob(int column) const {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(statement_, column));
    const int size = sqlite3_column_bytes(statement_, column);
    return data == nullptr ? std::string_view{} : std::string_view(data, static_cast<std::size_t>(size));
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return int64(column);
}

std::optional<double> Statement::optional_real(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return real(column);
}

Database::Database(std::filesystem::path path, int flags) : path_(std::move(path)) {
    const int code = sqlite3_open_v2(path_.c_str(), &db_, flags | SQLITE_OPEN_EXRESCODE, nullptr);
    if (code != SQLITE_OK) {
        std::string message = "archive '" + path_.string() + "': cannot open: " +
                              (db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(code));
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw ArchiveError(errc_for(code) == ArchiveErrc::corrupt ? ArchiveErrc::corrupt : ArchiveErrc::io,
                           message + advice_for(ArchiveErrc::io));
    }
}

Database::~Database() {
    clear_cache();
    sqlite3_close_v2(db_);
}

void Database::exec(std::string_view sql, std::string_view what) {
    char* error = nullptr;
    const std::string text(sql);
    const int code = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    sqlite3_free(error);
    if (code != SQLITE_OK) {
        fail(code, what.empty() ? std::string_view(text).substr(0, 48) : what);
    }
}

StatementScope Database::cached(const char* sql) {
    auto found = cache_.find(sql);
    if (found == cache_.end()) {
        found = cache_.emplace(sql, std::make_unique<Statement>(*this, sql)).first;
    }
    return StatementScope(*found->second);
}

std::int64_t Database::query_int(std::string_view sql) {
    Statement statement(*this, sql);
    const bool row = statement.step();
    const std::int64_t value = row ? statement.int64(0) : 0;
    statement.reset();
    return value;
}

std::int64_t Database::last_insert_rowid() const noexcept {
    return sqlite3_last_insert_rowid(db_);
}

int Database::changes() const noexcept {
    return sqlite3_changes(db_);
}

void Database::fail(int code, std::string_view what) const {
    const ArchiveErrc errc = errc_for(code);
    std::string message = "archive '" + path_.string() + "': " + std::string(what) + ": " +
                          (db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(code));
    if ((code & 0xFF) == SQLITE_NOTADB) {
        message += " (not a database or damaged)";
    }
    throw ArchiveError(errc, message + advice_for(errc));
}

void Database::clear_cache() noexcept {
    cache_.clear();
}

} // namespace newsarc::archive::detail
