// WarcReader: walks the records of a WARC file, plain or gzip (any number of members), checking each record's
// framing and block digest. A damaged stretch is reported with the file and byte offset and reading goes on.
#pragma once
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "warc_format.hpp"

namespace newsarc::archive::detail {

/// One well-formed record as the reader hands it out; valid only during the callback.
struct WarcRecordView {
    const WarcHeader& header;
    std::string_view block;
    std::string_view where; ///< "byte 123", or "gzip member at byte 123" (plus the record's place inside it)
};

class WarcReader {
public:
    /// Largest record (plain) or gzip member (uncompressed) read; a larger one is reported and skipped.
    static constexpr std::size_t kMaxRecordBytes = std::size_t{512} << 20;

    /// Maps `path` for reading. Throws Failure naming it when it cannot be opened or is not a regular file.
    explicit WarcReader(std::filesystem::path path);
    WarcReader(const WarcReader&) = delete;
    WarcReader& operator=(const WarcReader&) = delete;
    ~WarcReader();

    /// Calls `on_record` for each well-formed record and `on_problem` for each damaged stretch, in file order.
    /// Problem messages read "<file>: <where>: <what> - skipped ...". Exceptions from the callbacks propagate.
    void read(const std::function<void(const WarcRecordView&)>& on_record,
              const std::function<void(const std::string&)>& on_problem);

private:
    void read_gzip();
    void read_span(std::string_view data, std::size_t member_offset, bool in_member);
    [[nodiscard]] std::string place(std::size_t member_offset, bool in_member, std::size_t offset) const;
    void problem(const std::string& where, const std::string& what, const std::string& skipped);

    std::filesystem::path path_;
    std::string_view file_;
    void* mapping_ = nullptr;
    const std::function<void(const WarcRecordView&)>* on_record_ = nullptr;
    const std::function<void(const std::string&)>* on_problem_ = nullptr;
};

} // namespace newsarc::archive::detail
