// ArchiveError: the exception the archive throws for failures that abort a command or job (a damaged or foreign
// file, a schema newer than this build, a disk error). It is a newsarc::Failure, so the CLI maps it to exit 1.
#pragma once
#include <cstdint>
#include <string>

#include "newsarc/base/result.hpp"

namespace newsarc::archive {

/// Why an archive operation failed. 0 is never an error.
enum class ArchiveErrc : std::uint8_t {
    corrupt = 1,       ///< SQLite reports a malformed database, or the header is damaged
    not_archive = 2,   ///< the file is not SQLite, or an SQLite database that newsarc did not create
    newer_schema = 3,  ///< the file was written by a newer newsarc (PRAGMA user_version above ours)
    io = 4,            ///< the file cannot be opened, read or written (permissions, full disk, missing folder)
    busy = 5,          ///< another process held a lock for longer than the busy timeout
    not_found = 6,     ///< a document, version or snapshot named by the caller does not exist
    invalid = 7,       ///< an argument breaks the contract (bad doc id, duplicate snapshot name, ...)
    read_only = 8,     ///< a write was attempted on a store opened read-only
    internal = 9,      ///< any other SQLite failure (the message carries SQLite's text)
};

/// A failure of the archive. The message always names the database file and, where it applies, the document,
/// version or snapshot, what was expected and what was found. `kind()` is runtime (exit 1) except for
/// `invalid` and `not_found`, which are usage errors (exit 2) because they come from what the user asked for.
class ArchiveError : public newsarc::Failure {
public:
    ArchiveError(ArchiveErrc code, std::string message)
        : newsarc::Failure(std::move(message),
                           (code == ArchiveErrc::invalid || code == ArchiveErrc::not_found) ? Failure::Kind::usage
                                                                                             : Failure::Kind::runtime),
          code_(code) {}

    [[nodiscard]] ArchiveErrc code() const noexcept { return code_; }

private:
    ArchiveErrc code_;
};

} // namespace newsarc::archive
