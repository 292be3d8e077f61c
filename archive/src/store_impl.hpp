// Store::Impl: the connection, the codecs and the transaction state shared by the store's source files.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

#include "codec.hpp"
#include "newsarc/archive/store.hpp"
#include "sqlite.hpp"

namespace newsarc::archive {

/// PRAGMA application_id of newsarc archives: "NWSA".
inline constexpr std::int64_t kApplicationId = 0x4E575341;

struct Store::Impl {
    Impl(std::filesystem::path path, int flags, const OpenOptions& open_options);

    detail::Database database;
    OpenOptions options;
    detail::Codec text_codec;
    detail::Codec page_codec;
    int transaction_depth = 0;   ///< how many Store::Transactions are open (the inner ones are savepoints)
    bool in_read = false;        ///< a ReadScope owns a read transaction
    std::string decode_buffer;   ///< reused by reads that decompress
    std::string scratch;         ///< reused for small encodings

    /// True while a Store::Transaction is open.
    [[nodiscard]] bool in_transaction() const noexcept { return transaction_depth > 0; }
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return database.path(); }
    /// "archive '<path>': " — the start of every message.
    [[nodiscard]] std::string where() const { return "archive '" + path().string() + "': "; }

    /// Throws ArchiveError{read_only} when the store was opened read-only.
    void require_writable(std::string_view operation) const;
    /// documents.id of a 16-hex doc id, or 0 when there is none.
    std::int64_t document_row(std::string_view doc_id);
    /// documents.id of a doc id that must exist (throws not_found naming it).
    std::int64_t require_document(std::string_view doc_id, std::string_view operation);
    /// After a rollback, in-memory state that may describe rolled-back rows is reloaded.
    void after_rollback() noexcept;
    /// Trains the codec's dictionary when it has collected enough samples, then recompresses those samples'
    /// rows with it (`update_sql` binds ?1 codec, ?2 dictionary, ?3 data, ?4 row id).
    void maybe_train(detail::Codec& codec, const char* update_sql);
};

/// Runs a group of writes atomically: BEGIN IMMEDIATE when no Transaction is open, else a SAVEPOINT inside it.
class WriteScope {
public:
    WriteScope(Store::Impl& impl, std::string_view operation);
    WriteScope(const WriteScope&) = delete;
    WriteScope& operator=(const WriteScope&) = delete;
    ~WriteScope();
    void commit();

private:
    Store::Impl& impl_;
    bool own_transaction_;
    bool done_ = false;
};

/// Runs a group of reads on one consistent view: BEGIN (deferred) when no transaction is open.
class ReadScope {
public:
    explicit ReadScope(Store::Impl& impl);
    ReadScope(const ReadScope&) = delete;
    ReadScope& operator=(const ReadScope&) = delete;
    ~ReadScope();

private:
    Store::Impl& impl_;
    bool own_transaction_;
};

/// Hamming distance of two 64-bit simhashes.
int hamming_distance(std::uint64_t a, std::uint64_t b) noexcept;

} // namespace newsarc::archive
