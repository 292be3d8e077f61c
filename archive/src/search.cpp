// search(): the trigram index for queries of three or more characters, its term list or a bounded scan for
// shorter ones, then each hit's latest version read for the title and a snippet.
//
// Index size, bench/archive/bench_search on 100,000 generated documents (5 KB of Chinese news text each):
// see the numbers printed there; recorded in the comment below once measured.
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
/// finds sooner.
constexpr std::int64_t kMaxShortQueryTerms = 600;
constexpr std::int64_t kMaxShortQueryPostings = 30000;

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

    /// The trigrams of the index that start with the (one- or two-character) query, or nullopt when there are
    /// more than kMaxShortQueryTerms of them or they are in more than kMaxShortQueryPostings documents together.
    std::optional<std::vector<std::string>> short_query_terms() {
        auto terms = impl_.database.cached("SELECT term, doc FROM search_terms WHERE term >= ?1 AND term < ?2");
        // No UTF-8 text contains the byte 0xFF, so every term starting with the query sorts below query + 0xFF.
        const std::string upper = folded_ + "\xFF";
        terms->bind(1, std::string_view(folded_)).bind(2, std::string_view(upper));
        std::vector<std::string> found;
        std::int64_t postings = 0;
        while (terms->step()) {
            found.emplace_back(terms->text(0));
            postings += terms->int64(1);
            if (static_cast<std::int64_t>(found.size()) > kMaxShortQueryTerms || postings > kMaxShortQueryPostings) {
                return std::nullopt;
            }
        }
        return found;
    }

    /// Reads the newest documents' texts for the query, at most kFallbackScanDocuments of them.
    SearchResult scan() {
        SearchResult result;
        result.fallback_scan = true;
        std::vector<std::int64_t> candidates;
        {
            auto newest = impl_.database.cached(
                "SELECT d.id FROM documents d WHERE d.latest_number > 0 "
                "AND (?2 IS NULL OR d.site = ?2) AND (?3 IS NULL OR d.listed_at >= ?3) "
                "AND (?4 IS NULL OR d.listed_at <= ?4) AND (?5 = 1 OR d.gone_at IS NULL) "
                "ORDER BY d.id DESC LIMIT ?6");
            bind_filters(*newest, {});
            newest->bind(6, kFallbackScanDocuments + 1);
            while (newest->step()) {
                candidates.push_back(newest->int64(0));
            }
        }
        const bool bounded = static_cast<std::int64_t>(candidates.size()) > kFallbackScanDocuments;
        if (bounded) {
            candidates.pop_back();
        }
        const std::size_t wanted = query_.offset + query_.limit;
        std::int64_t matched = 0;
        Loaded loaded;
        for (const std::int64_t id : candidates) {
            if (!load(id, loaded)) {
                continue;
            }
            const bool hit = detail::fold_ascii(loaded.hit.title).find(folded_) != std::string::npos ||
                             detail::fold_ascii(loaded.body).find(folded_) != std::string::npos;
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
                finish(loaded);
                result.hits.push_back(std::move(loaded.hit));
            }
        }
        // Stopping early for a full page is complete for that page; only running out of the bound is not.
        result.scan_complete = !bounded || (result.has_more && !query_.count_total);
        if (query_.count_total) {
            result.total = matched;
        }
        return result;
    }

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
    if (const auto terms = searcher.short_query_terms()) {
        if (terms->empty()) {
            SearchResult none;
            if (query.count_total) {
                none.total = 0;
            }
            return none;
        }
        std::string match;
        for (const std::string& term : *terms) {
            match += (match.empty() ? "" : " OR ") + fts5_string(term);
        }
        return searcher.indexed(match);
    }
    return searcher.scan();
}

} // namespace newsarc::archive
