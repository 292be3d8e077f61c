// search(): the trigram index for queries of three or more characters, its term list or a scan of the newest
// documents for shorter ones, then each hit's latest version read for the title and a snippet.
//
// bench/archive/bench_search, 100,000 generated documents of 5.5 KB (2026-12-04, 2 shared cores): queries of 3
// and 6 characters 0.04-2.9 ms (p50), of 1 and 2 characters 0.08-27 ms (the worst: a rare character followed by
// 617 different ones, an OR of 617 terms); the index's size is in 0005_search.sql.
#include "newsarc/archive/search.hpp"

#include <algorithm>

#include "store_impl.hpp"
#include "text_match.hpp"

namespace newsarc::archive {
namespace {

constexpr std::size_t kMaxLimit = 1000;
/// Longer queries are refused: a phrase of N trigrams costs N doclist reads, and nobody types 1,000 characters.
constexpr std::size_t kMaxQueryCharacters = 1000;
/// A short query looks up the index terms (trigrams) that start with it and ORs them. Each term of the OR costs
/// about 55 us (bench_search, 100,000 documents: 617 terms 35 ms) and reading the term list costs its terms'
/// documents (54 ns each), so above these bounds the text is a common one, which a scan of the newest documents
/// finds sooner. Below them the cost ratio below chooses.
constexpr std::int64_t kMaxShortQueryTerms = 1000;
constexpr std::int64_t kMaxShortQueryPostings = 30000;
/// What one OR term and one scanned document (read, decompressed, searched) cost in microseconds, as measured
/// by bench_search on 100,000 documents; only their ratio matters.
constexpr double kCostPerOrTerm = 55.0;
constexpr double kScanCostPerDocument = 19.0;

bool space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && space(text.back())) {
        text.remove_suffix(1);
    }
    // U+3000 IDEOGRAPHIC SPACE, which Chinese input methods type.
    constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
    while (text.starts_with(kIdeographicSpace)) {
        text.remove_prefix(kIdeographicSpace.size());
    }
    while (text.ends_with(kIdeographicSpace)) {
        text.remove_suffix(kIdeographicSpace.size());
    }
    return text;
}

/// `text` as an FTS5 string: in double quotes, quotes doubled. Inside one, FTS5 reads no operators, so the
/// user's `AND`, `*`, `NEAR(` or `:` are plain characters (tokenized into trigrams like the rest).
std::string fts5_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        out.push_back(c);
        if (c == '"') {
            out.push_back('"');
        }
    }
    out.push_back('"');
    return out;
}

/// A document and its latest version, as a hit needs them.
struct Loaded {
    SearchHit hit;
    std::string body;
};

class Searcher {
public:
    Searcher(Store::Impl& impl, const SearchQuery& query, std::string folded)
        : impl_(impl), query_(query), folded_(std::move(folded)) {}

    /// Reads document `id`; false when it has no version (then it is no hit).
    bool load(std::int64_t id, Loaded& out) {
        auto row = impl_.database.cached(
            "SELECT d.doc_id, d.url, d.site, d.first_seen, d.gone_at, d.latest_number, d.topic_score, d.paywalled, "
            "v.title, v.published_at, v.body_codec, v.body_dictionary, v.body, v.body_size FROM documents d "
            "JOIN versions v ON v.document_id = d.id AND v.number = d.latest_number WHERE d.id = ?1");
        row->bind(1, id);
        if (!row->step()) {
            return false;
        }
        SearchHit& hit = out.hit;
        hit = SearchHit{};
        hit.order = id;
        hit.doc_id.assign(row->text(0));
        hit.url.assign(row->text(1));
        hit.site.assign(row->text(2));
        hit.first_seen = from_unix_ms(row->int64(3));
        if (const auto gone = row->optional_int64(4)) {
            hit.gone = true;
            hit.gone_at = from_unix_ms(*gone);
        }
        hit.version = row->integer(5);
        hit.topic_score = row->optional_real(6);
        hit.paywalled = row->integer(7) != 0;
        hit.title.assign(row->text(8));
        hit.published_at.assign(row->text(9));
        impl_.text_codec.decode(row->integer(10), row->optional_int64(11), row->blob(12), row->int64(13), out.body,
                                "the latest version of document '" + hit.doc_id + "'");
        return true;
    }

    /// Fills the match ranges and the snippet of a loaded hit.
    void finish(Loaded& loaded) const {
        loaded.hit.title_matches = detail::find_matches(detail::fold_ascii(loaded.hit.title), folded_);
        detail::Snippet snippet = detail::cut_snippet(loaded.body, folded_);
        loaded.hit.snippet = std::move(snippet.text);
        loaded.hit.snippet_matches = std::move(snippet.matches);
        loaded.hit.snippet_starts = snippet.starts;
        loaded.hit.snippet_ends = snippet.ends;
    }

    /// The index's answer to `match` (an FTS5 expression), a page of it, and the total when asked.
    SearchResult indexed(const std::string& match) {
        SearchResult result;
        std::vector<std::int64_t> ids;
        {
            auto page = impl_.database.cached(
                "SELECT d.id FROM search_index s JOIN documents d ON d.id = s.rowid WHERE search_index MATCH ?1 "
                "AND (?2 IS NULL OR d.site = ?2) AND (?3 IS NULL OR d.listed_at >= ?3) "
                "AND (?4 IS NULL OR d.listed_at <= ?4) AND (?5 = 1 OR d.gone_at IS NULL) "
                "ORDER BY s.rowid DESC LIMIT ?6 OFFSET ?7");
            bind_filters(*page, match);
            page->bind(6, static_cast<std::int64_t>(query_.limit + 1));
            page->bind(7, static_cast<std::int64_t>(query_.offset));
            while (page->step()) {
                ids.push_back(page->int64(0));
            }
        }
        if (ids.size() > query_.limit) {
            result.has_more = true;
            ids.pop_back();
        }
        Loaded loaded;
        for (const std::int64_t id : ids) {
            if (load(id, loaded)) {
                finish(loaded);
                result.hits.push_back(std::move(loaded.hit));
            }
        }
        if (query_.count_total) {
            auto count = impl_.database.cached(
                "SELECT count(*) FROM search_index s JOIN documents d ON d.id = s.rowid WHERE search_index MATCH ?1 "
                "AND (?2 IS NULL OR d.site = ?2) AND (?3 IS NULL OR d.listed_at >= ?3) "
                "AND (?4 IS NULL OR d.listed_at <= ?4) AND (?5 = 1 OR d.gone_at IS NULL)");
            bind_filters(*count, match);
            result.total = count->step() ? count->int64(0) : 0;
        }
        return result;
    }

    /// The index terms (trigrams) that start with a one- or two-character query, and how many documents they
    /// are in together (at least the documents that have the query).
    struct ShortTerms {
        std::vector<std::string> terms;
        std::int64_t postings = 0;
    };

    /// The terms, or nullopt when there are more than kMaxShortQueryTerms of them or they are in more than
    /// kMaxShortQueryPostings documents together.
    std::optional<ShortTerms> short_query_terms() {
        auto terms = impl_.database.cached("SELECT term, doc FROM search_terms WHERE term >= ?1 AND term < ?2");
        // No UTF-8 text contains the byte 0xFF, so every term starting with the query sorts below query + 0xFF.
        const std::string upper = folded_ + "\xFF";
        terms->bind(1, std::string_view(folded_)).bind(2, std::string_view(upper));
        ShortTerms found;
        while (terms->step()) {
            found.terms.emplace_back(terms->text(0));
            found.postings += terms->int64(1);
            if (static_cast<std::int64_t>(found.terms.size()) > kMaxShortQueryTerms ||
                found.postings > kMaxShortQueryPostings) {
                return std::nullopt;
            }
        }
        return found;
    }

    /// Reads the newest documents' texts for the query, at most `bound` of them. `scan_complete` of the answer is
    /// false when it stopped at the bound before filling the page (older documents were not read).
    SearchResult scan(std::int64_t bound) {
        SearchResult result;
        result.fallback_scan = true;
        const std::size_t wanted = query_.offset + query_.limit;
        std::int64_t matched = 0;
        std::int64_t scanned = 0;
        bool bounded = false;
        // Only ASCII letters fold, so a query without them is found in the text as it is, without a folded copy.
        const bool fold = std::any_of(folded_.begin(), folded_.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        std::vector<std::int64_t> hits;
        {
            auto newest = impl_.database.cached(
                "SELECT d.id, v.title, v.body_codec, v.body_dictionary, v.body, v.body_size, d.doc_id FROM documents d "
                "JOIN versions v ON v.document_id = d.id AND v.number = d.latest_number WHERE d.latest_number > 0 "
                "AND (?2 IS NULL OR d.site = ?2) AND (?3 IS NULL OR d.listed_at >= ?3) "
                "AND (?4 IS NULL OR d.listed_at <= ?4) AND (?5 = 1 OR d.gone_at IS NULL) ORDER BY d.id DESC");
            bind_filters(*newest, {});
            while (newest->step()) {
                if (scanned == bound) {
                    bounded = true;
                    break;
                }
                ++scanned;
                const auto contains = [&](std::string_view text) {
                    if (!fold) {
                        return text.find(folded_) != std::string_view::npos;
                    }
                    folded_text_.assign(text);
                    for (char& c : folded_text_) {
                        if (c >= 'A' && c <= 'Z') {
                            c = static_cast<char>(c - 'A' + 'a');
                        }
                    }
                    return folded_text_.find(folded_) != std::string::npos;
                };
                bool hit = contains(newest->text(1));
                if (!hit) {
                    impl_.text_codec.decode(newest->integer(2), newest->optional_int64(3), newest->blob(4),
                                            newest->int64(5), body_,
                                            "the latest version of document '" + std::string(newest->text(6)) + "'");
                    hit = contains(body_);
                }
                if (!hit) {
                    continue;
                }
                ++matched;
                if (static_cast<std::size_t>(matched) > wanted) {
                    result.has_more = true;
                    if (!query_.count_total) {
                        break;
                    }
                } else if (static_cast<std::size_t>(matched) > query_.offset) {
                    hits.push_back(newest->int64(0));
                }
            }
        }
        Loaded loaded;
        for (const std::int64_t id : hits) {
            if (load(id, loaded)) {
                finish(loaded);
                result.hits.push_back(std::move(loaded.hit));
            }
        }
        // A full page is complete for that page; only running into the bound before it is not.
        result.scan_complete = !bounded || (result.has_more && !query_.count_total);
        if (query_.count_total) {
            result.total = matched;
        }
        return result;
    }

    /// The highest document order: about how many documents there are, at the cost of one b-tree descent.
    std::int64_t last_document() { return impl_.database.query_int("SELECT max(id) FROM documents"); }

private:
    void bind_filters(detail::Statement& statement, const std::string& match) const {
        if (!match.empty()) {
            statement.bind(1, std::string_view(match));
        }
        if (!query_.site.empty()) {
            statement.bind(2, std::string_view(query_.site));
        } else {
            statement.bind_null(2);
        }
        statement.bind(3, query_.since ? std::optional<std::int64_t>(to_unix_ms(*query_.since)) : std::nullopt);
        statement.bind(4, query_.until ? std::optional<std::int64_t>(to_unix_ms(*query_.until)) : std::nullopt);
        statement.bind(5, query_.include_gone ? 1 : 0);
    }

    Store::Impl& impl_;
    const SearchQuery& query_;
    std::string folded_;
    std::string folded_text_; ///< reused by scan
    std::string body_;        ///< reused by scan
};

} // namespace

SearchResult search(Store& store, const SearchQuery& query) {
    Store::Impl& impl = store.impl();
    const std::string_view text = trimmed(query.text);
    if (text.empty()) {
        throw ArchiveError(ArchiveErrc::invalid, impl.where() + "search: the query is empty - give a text to look for");
    }
    if (text.find('\0') != std::string_view::npos) {
        throw ArchiveError(ArchiveErrc::invalid, impl.where() + "search: the query holds a NUL character");
    }
    const std::size_t characters = detail::utf8_length(text);
    if (characters == std::string_view::npos) {
        throw ArchiveError(ArchiveErrc::invalid, impl.where() + "search: the query is not valid UTF-8");
    }
    if (characters > kMaxQueryCharacters) {
        throw ArchiveError(ArchiveErrc::invalid, impl.where() + "search: the query has " + std::to_string(characters) +
                                                     " characters; at most " + std::to_string(kMaxQueryCharacters) +
                                                     " are searched - give a shorter text");
    }
    if (query.limit < 1 || query.limit > kMaxLimit) {
        throw ArchiveError(ArchiveErrc::invalid, impl.where() + "search: limit " + std::to_string(query.limit) +
                                                     " is outside 1.." + std::to_string(kMaxLimit));
    }
    ReadScope read(impl);
    Searcher searcher(impl, query, detail::fold_ascii(text));
    if (characters >= 3) {
        return searcher.indexed(fts5_string(text));
    }
    const auto terms = searcher.short_query_terms();
    if (!terms) {
        return searcher.scan(kFallbackScanDocuments);
    }
    if (terms->terms.empty()) {
        SearchResult none;
        if (query.count_total) {
            none.total = 0;
        }
        return none;
    }
    if (!query.count_total) {
        // The query is in at most `postings` documents; spread over the archive, a scan reads about
        // wanted * documents / postings of them to fill the page. Scan when that is cheaper than the OR, with a
        // bound of four times the estimate; the OR still answers when the matches are older than that.
        const double wanted = static_cast<double>(query.offset + query.limit + 1);
        const double expected_scan = wanted * static_cast<double>(searcher.last_document()) /
                                     static_cast<double>(std::max<std::int64_t>(terms->postings, 1));
        if (expected_scan * kScanCostPerDocument < static_cast<double>(terms->terms.size()) * kCostPerOrTerm) {
            const auto bound = std::max<std::int64_t>(2000, static_cast<std::int64_t>(4 * expected_scan));
            SearchResult scanned = searcher.scan(bound);
            if (scanned.scan_complete) {
                return scanned;
            }
        }
    }
    std::string match;
    for (const std::string& term : terms->terms) {
        match += (match.empty() ? "" : " OR ") + fts5_string(term);
    }
    return searcher.indexed(match);
}

} // namespace newsarc::archive
