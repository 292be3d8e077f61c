// `newsarc search QUERY [--site S] [--since T] [--until T] [--limit N] [--offset N] [--json]`: the documents whose
// latest version has QUERY in its title or text, most recently archived first, with a snippet around the match.
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "archive_cli.hpp"
#include "command.hpp"
#include "newsarc/archive/search.hpp"

namespace newsarc::cli {
namespace {

struct SearchArgs {
    std::string query;
    std::string site;
    std::string since;
    std::string until;
    std::size_t limit = 20;
    std::size_t offset = 0;
    bool json = false;
};

/// The stored published_at ("2023-03-22T18:00:00+08:00") as "2023-03-22 18:00", else when first seen.
std::string shown_date(const archive::SearchHit& hit) {
    if (hit.published_at.size() >= 16) {
        return hit.published_at.substr(0, 10) + " " + hit.published_at.substr(11, 5);
    }
    return show_time(hit.first_seen).substr(0, 16);
}

/// `text` cut into plain and matched pieces at `matches` (sorted, non-overlapping byte ranges).
nlohmann::json segments(const std::string& text, const std::vector<archive::TextRange>& matches) {
    nlohmann::json out = nlohmann::json::array();
    std::size_t at = 0;
    for (const archive::TextRange& match : matches) {
        if (match.begin > at) {
            out.push_back({{"text", text.substr(at, match.begin - at)}, {"match", false}});
        }
        out.push_back({{"text", text.substr(match.begin, match.size)}, {"match", true}});
        at = match.begin + match.size;
    }
    if (at < text.size()) {
        out.push_back({{"text", text.substr(at)}, {"match", false}});
    }
    return out;
}

/// The snippet on one line, the matches in «», "…" where text was cut away.
std::string marked_snippet(const archive::SearchHit& hit) {
    std::string out = hit.snippet_starts ? "" : "…";
    std::size_t at = 0;
    for (const archive::TextRange& match : hit.snippet_matches) {
        out += hit.snippet.substr(at, match.begin - at) + "«" + hit.snippet.substr(match.begin, match.size) + "»";
        at = match.begin + match.size;
    }
    out += hit.snippet.substr(at);
    if (!hit.snippet_ends) {
        out += "…";
    }
    for (char& c : out) {
        if (c == '\n' || c == '\r' || c == '\t') {
            c = ' ';
        }
    }
    return out;
}

nlohmann::json hit_json(const archive::SearchHit& hit) {
    nlohmann::json out = {
        {"doc_id", hit.doc_id},
        {"url", hit.url},
        {"site", hit.site},
        {"title", hit.title},
        {"title_segments", segments(hit.title, hit.title_matches)},
        {"published_at", hit.published_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(hit.published_at)},
        {"first_seen", archive::format_iso(hit.first_seen)},
        {"version", hit.version},
        {"snippet", hit.snippet},
        {"snippet_segments", segments(hit.snippet, hit.snippet_matches)},
        {"snippet_starts", hit.snippet_starts},
        {"snippet_ends", hit.snippet_ends},
        {"gone", hit.gone},
        {"paywalled", hit.paywalled},
        {"topic_score", hit.topic_score ? nlohmann::json(*hit.topic_score) : nlohmann::json(nullptr)},
    };
    return out;
}

int run_search(const SearchArgs& args, const GlobalOptions& global) {
    archive::SearchQuery query;
    query.text = args.query;
    query.site = args.site;
    if (!args.since.empty()) {
        query.since = parse_time_argument("--since", args.since);
    }
    if (!args.until.empty()) {
        query.until = parse_time_argument("--until", args.until);
    }
    query.limit = args.limit;
    query.offset = args.offset;
    archive::Store store = open_archive_for_reading(global);
    const archive::SearchResult result = archive::search(store, query);
    if (args.json) {
        nlohmann::json hits = nlohmann::json::array();
        for (const auto& hit : result.hits) {
            hits.push_back(hit_json(hit));
        }
        const nlohmann::json out = {{"query", args.query},     {"offset", args.offset},
                                    {"hits", hits},            {"has_more", result.has_more},
                                    {"fallback_scan", result.fallback_scan},
                                    {"scan_complete", result.scan_complete}};
        // replace: a stored text cut inside a damaged character must not abort the whole answer.
        std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return 0;
    }
    if (result.hits.empty()) {
        std::cout << "no match for '" << args.query << "'" << (args.offset > 0 ? " at this offset" : "") << "\n";
    }
    for (const auto& hit : result.hits) {
        std::cout << hit.doc_id << "\t" << shown_date(hit) << "\t" << (hit.site.empty() ? "-" : hit.site) << "\t"
                  << (hit.title.empty() ? "(no title)" : hit.title) << (hit.gone ? "\t(gone)" : "") << "\n"
                  << "\t" << marked_snippet(hit) << "\n";
    }
    if (result.has_more) {
        std::cout << "more: --offset " << args.offset + args.limit << "\n";
    }
    if (!result.scan_complete) {
        std::cout << "(a one- or two-character query of a common text: only the newest "
                  << archive::kFallbackScanDocuments << " documents were read)\n";
    }
    return 0;
}

Action register_search(Command& program, const GlobalOptions& global) {
    auto args = std::make_shared<SearchArgs>();
    Command& sub = program.subcommand("search", "Find documents whose latest version has a text in its title or body");
    sub.option("QUERY", args->query, "The text to find (a literal substring; case ignored for Latin letters)")
        .required();
    sub.option("--site", args->site, "Only documents of this site");
    sub.option("--since", args->since, "Only documents dated at or after TIME (YYYY-MM-DD[ HH:MM[:SS]])");
    sub.option("--until", args->until, "Only documents dated at or before TIME");
    sub.option("--limit", args->limit, "At most this many hits").show_default().check(Check::number_range(1, 1000));
    sub.option("--offset", args->offset, "Skip this many hits (the next page)").show_default();
    sub.flag("--json", args->json,
             R"({"query", "hits": [{"doc_id", "url", "site", "title", "published_at", "version", "snippet", )"
             R"("snippet_segments": [{"text", "match"}], "gone", ...}], "has_more", ...})");
    return [args, &global] { return run_search(*args, global); };
}

} // namespace

NEWSARC_COMMAND(42, register_search);

} // namespace newsarc::cli
