// Stable document ids: 16 lower-case hex digits, as in the corpus file names (NNN_<16 hex>.txt).
#pragma once
#include <string>
#include <string_view>

namespace newsarc {

/// The id of a crawled document: the first 64 bits of XXH3 over its canonical URL, as 16 hex digits.
/// Stable across runs and machines, so export file names do not change when a document is re-crawled.
std::string doc_id_for_url(std::string_view canonical_url);

/// True when `text` is exactly 16 lower-case hex digits.
bool is_doc_id(std::string_view text) noexcept;

} // namespace newsarc
