// list_documents / count_documents / list_sites: the listing walks documents_listing (or, for one site,
// documents_listing_by_site) from the cursor down, so every page is one index range read of `limit` rows plus
// the rows the state and score filters skip.
#include "newsarc/archive/browse.hpp"

#include <charconv>

#include "store_impl.hpp"

namespace newsarc::archive {
namespace {

constexpr std::size_t kMaxLimit = 1000;

struct Cursor {
    std::int64_t listed_at = 0;
    std::int64_t order = 0;
};

std::string format_cursor(const Cursor& cursor) {
    return std::to_string(cursor.listed_at) + "." + std::to_string(cursor.order);
}

std::optional<Cursor> parse_cursor(std::string_view text) {
    const std::size_t dot = text.find('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    Cursor cursor;
    const auto read = [](std::string_view part, std::int64_t& value) {
        const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
        return !part.empty() && error == std::errc{} && end == part.data() + part.size();
    };
    if (!read(text.substr(0, dot), cursor.listed_at) || !read(text.substr(dot + 1), cursor.order)) {
        return std::nullopt;
    }
    return cursor;
}

// The filter as SQL over documents d; ?1 site, ?2 since, ?3 until, ?4 min score (?6, ?7 the cursor, ?8 the limit).
// Every document with a version has listed_at (put_version and the schema 5 migration set it). The site, the
// state and the cursor are spelled out in one statement per combination rather than as `?n IS NULL OR ...`: an OR
// on a parameter hides the index (documents_listing, _by_site, documents_gone, documents_listing_paywalled) and
// the range start from the planner.
constexpr const char* kListingColumns =
    "SELECT d.id, d.doc_id, d.url, d.site, d.first_seen, d.gone_at, d.latest_number, d.listed_at, d.topic_score, "
    "d.paywalled, v.title, v.published_at FROM documents d "
    "JOIN versions v ON v.document_id = d.id AND v.number = d.latest_number WHERE ";
constexpr const char* kFilter = "d.latest_number > 0 AND (?2 IS NULL OR d.listed_at >= ?2) "
                                "AND (?3 IS NULL OR d.listed_at <= ?3) AND (?4 IS NULL OR d.topic_score >= ?4)";

const char* state_clause(DocumentState state) {
    switch (state) {
    case DocumentState::live:
        return " AND d.gone_at IS NULL";
    case DocumentState::gone:
        return " AND d.gone_at IS NOT NULL";
    case DocumentState::paywalled:
        return " AND d.paywalled = 1";
    case DocumentState::any:
        break;
    }
    return "";
}

/// The statements, built once: the connection's statement cache is keyed by the text's address.
struct ListingSql {
    std::string listing[2][4][2]; ///< [site given][state - 1][cursor given]
    std::string count[2][4];

    ListingSql() {
        for (int site = 0; site < 2; ++site) {
            for (int state = 0; state < 4; ++state) {
                const std::string where = std::string(kFilter) + (site ? " AND d.site = ?1" : "") +
                                          state_clause(static_cast<DocumentState>(state + 1));
                count[site][state] = "SELECT count(*) FROM documents d WHERE " + where;
                for (int cursor = 0; cursor < 2; ++cursor) {
                    listing[site][state][cursor] = kListingColumns + where +
                                                   (cursor ? " AND (d.listed_at, d.id) < (?6, ?7)" : "") +
                                                   " ORDER BY d.listed_at DESC, d.id DESC LIMIT ?8";
                }
            }
        }
    }
};

const ListingSql& listing_sql() {
    static const ListingSql sql;
    return sql;
}

int state_index(DocumentState state) {
    const int index = static_cast<int>(state) - 1;
    return index >= 0 && index < 4 ? index : 0;
}

void bind_filter(detail::Statement& statement, const DocumentFilter& filter) {
    if (!filter.site.empty()) {
        statement.bind(1, std::string_view(filter.site)); // only the site statements name ?1
    }
    statement.bind(2, filter.since ? std::optional<std::int64_t>(to_unix_ms(*filter.since)) : std::nullopt);
    statement.bind(3, filter.until ? std::optional<std::int64_t>(to_unix_ms(*filter.until)) : std::nullopt);
    statement.bind(4, filter.min_topic_score);
}

DocumentRow read_row(const detail::Statement& row) {
    DocumentRow out;
    out.order = row.int64(0);
    out.doc_id.assign(row.text(1));
    out.url.assign(row.text(2));
    out.site.assign(row.text(3));
    out.first_seen = from_unix_ms(row.int64(4));
    if (const auto gone = row.optional_int64(5)) {
        out.gone = true;
        out.gone_at = from_unix_ms(*gone);
    }
    out.latest_version = row.integer(6);
    // Versions are numbered 1, 2, ... without gaps, so the latest number is the count.
    out.versions = out.latest_version;
    out.listed_at = from_unix_ms(row.int64(7));
    out.topic_score = row.optional_real(8);
    out.paywalled = row.integer(9) != 0;
    out.title.assign(row.text(10));
    out.published_at.assign(row.text(11));
    return out;
}

} // namespace

DocumentPage list_documents(Store& store, const DocumentFilter& filter, std::string_view cursor, std::size_t limit) {
    Store::Impl& impl = store.impl();
    if (limit < 1 || limit > kMaxLimit) {
        throw ArchiveError(ArchiveErrc::invalid, impl.where() + "list_documents: limit " + std::to_string(limit) +
                                                     " is outside 1.." + std::to_string(kMaxLimit));
    }
    std::optional<Cursor> after;
    if (!cursor.empty()) {
        after = parse_cursor(cursor);
        if (!after) {
            throw ArchiveError(ArchiveErrc::invalid, impl.where() + "list_documents: the page cursor '" +
                                                         std::string(cursor) +
                                                         "' is not one this archive gave (expected <ms>.<order>)");
        }
    }
    ReadScope read(impl);
    // The row-value comparison lets SQLite start the index range at the cursor instead of skipping to it.
    auto page = impl.database.cached(
        listing_sql().listing[filter.site.empty() ? 0 : 1][state_index(filter.state)][after ? 1 : 0].c_str());
    bind_filter(*page, filter);
    if (after) {
        page->bind(6, after->listed_at).bind(7, after->order);
    }
    page->bind(8, static_cast<std::int64_t>(limit + 1));
    DocumentPage result;
    while (page->step()) {
        result.rows.push_back(read_row(*page));
    }
    if (result.rows.size() > limit) {
        result.rows.pop_back();
        const DocumentRow& last = result.rows.back();
        result.next_cursor = format_cursor(Cursor{to_unix_ms(last.listed_at), last.order});
    }
    return result;
}

std::int64_t count_documents(Store& store, const DocumentFilter& filter) {
    Store::Impl& impl = store.impl();
    ReadScope read(impl);
    const std::string& sql = listing_sql().count[filter.site.empty() ? 0 : 1][state_index(filter.state)];
    auto count = impl.database.cached(sql.c_str());
    bind_filter(*count, filter);
    return count->step() ? count->int64(0) : 0;
}

std::vector<SiteCount> list_sites(Store& store) {
    Store::Impl& impl = store.impl();
    ReadScope read(impl);
    // documents_listing_by_site is (site, ...) over the documents with a version: a covering index scan.
    auto sites = impl.database.cached(
        "SELECT site, count(*) FROM documents WHERE latest_number > 0 GROUP BY site ORDER BY site");
    std::vector<SiteCount> out;
    while (sites->step()) {
        out.push_back(SiteCount{std::string(sites->text(0)), sites->int64(1)});
    }
    return out;
}

} // namespace newsarc::archive
