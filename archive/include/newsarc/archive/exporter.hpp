// Corpus export: the selected version of each document as corpus files NNN_<docid>.txt plus manifest.jsonl,
// or as one JSON-lines file. The code path of `newsarc export`, usable in-process (the benchmark does).
#pragma once
#include <cstdint>
#include <filesystem>

#include "newsarc/archive/store.hpp"

namespace newsarc::archive {

enum class ExportFormat : std::uint8_t {
    corpus = 1, ///< one NNN_<docid>.txt per document + manifest.jsonl
    jsonl = 2,  ///< corpus.jsonl: one JSON object per document
};

struct ExportOptions {
    Selection selection;
    ExportFormat format = ExportFormat::corpus;
    bool force = false; ///< write into a non-empty folder (files of the same names are replaced)
};

struct ExportReport {
    std::int64_t documents = 0; ///< documents written
    std::int64_t bytes = 0;     ///< bytes of text written (corpus files or corpus.jsonl), manifest excluded
};

/// The file name of the `index`-th (0-based) of `total` exported documents: NNN_<doc_id>.txt, NNN zero-padded
/// to 3 digits, or to as many digits as total - 1 has when that is more.
std::string corpus_file_name(std::int64_t index, std::int64_t total, std::string_view doc_id);

/// Exports the selection into `out_dir` (created when missing). Deterministic: the same selection gives
/// byte-identical files. manifest.jsonl has one line per file in file order: file, doc_id, url, site, version,
/// title, published_at, fetched_at (null for imported text), sha256 (of the file). Memory does not grow with
/// the number of documents. A non-empty `out_dir` without `force` throws a usage Failure naming the folder;
/// an unknown snapshot throws ArchiveError{not_found}; a file that cannot be written throws Failure naming it.
ExportReport export_corpus(Store& store, const std::filesystem::path& out_dir, const ExportOptions& options);

} // namespace newsarc::archive
