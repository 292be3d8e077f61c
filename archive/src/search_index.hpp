// The FTS5 search index of schema 5 (see archive/schema/0005_search.sql): putting a document's latest texts in,
// taking them out again, and filling it for an archive migrated from an older schema.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "store_impl.hpp"

namespace newsarc::archive::detail {

/// What goes into an index column for `text`: the text and two newlines, so that every occurrence of a one- or
/// two-character string starts a trigram (short queries look those trigrams up in search_terms).
std::string indexed_text(std::string_view text);

/// Adds row `document` (documents.id) with the latest version's title and body.
void index_document(Store::Impl& impl, std::int64_t document, std::string_view title, std::string_view body);

/// Removes row `document`, which must have been indexed with exactly this title and body (a contentless FTS5
/// table forgets a row by being told its texts again).
void unindex_document(Store::Impl& impl, std::int64_t document, std::string_view title, std::string_view body);

/// The latest version's title and body of `document` (decompressed into `body`); false when it has none.
bool latest_texts(Store::Impl& impl, std::int64_t document, std::string& title, std::string& body);

/// Indexes the latest version of every document (the migration to schema 5, inside its transaction).
/// Returns how many documents were indexed.
std::int64_t fill_search_index(Store::Impl& impl);

} // namespace newsarc::archive::detail
