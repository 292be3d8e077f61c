// Focus: the document listing (browse.hpp): keyset pages that visit every document once, newest first, with
// filters that combine, the counts that match the walk, the sites, and refused cursors and limits.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <set>

#include "newsarc/archive/browse.hpp"
#include "newsarc/archive/store.hpp"
#include "support/temp_dir.hpp"

using namespace newsarc::archive;
using namespace newsarc::test;

namespace {

std::string doc_id(int n) {
    char text[17];
    std::snprintf(text, sizeof text, "%016x", n);
    return text;
}

/// What the test wrote about one document, to compare the listing with.
struct Written {
    std::string site;
    std::string published; ///< "" for none
    std::optional<double> score;
    bool paywalled = false;
    bool gone = false;
    int versions = 0;
};

/// Walks every page of the listing; checks the order as it goes.
std::vector<DocumentRow> walk(Store& store, const DocumentFilter& filter, std::size_t limit) {
    std::vector<DocumentRow> rows;
    std::string cursor;
    for (int page = 0; page < 10000; ++page) {
        const DocumentPage got = list_documents(store, filter, cursor, limit);
        CHECK(got.rows.size() <= limit);
        for (const auto& row : got.rows) {
            if (!rows.empty()) {
                const DocumentRow& previous = rows.back();
                const bool newest_first = previous.listed_at > row.listed_at ||
                                          (previous.listed_at == row.listed_at && previous.order > row.order);
                CHECK(newest_first);
            }
            rows.push_back(row);
        }
        if (got.next_cursor.empty()) {
            break;
        }
        CHECK(got.rows.size() == limit);
        cursor = got.next_cursor;
    }
    return rows;
}

} // namespace

TEST_CASE("list_documents walks every page once, newest first, and filters combine", "[archive][browse]") {
    TempDir dir("archive-browse");
    Store store = Store::open(dir / "a.db");
    std::mt19937 random(7);
    std::map<std::string, Written> written;
    const char* const sites[] = {"guancha", "huxiu", "wallstreetcn"};
    store.batch([&] {
        for (int n = 1; n <= 333; ++n) {
            Written doc;
            doc.site = sites[random() % 3];
            // Few distinct times, so many documents share one and the id breaks the tie; some have none.
            if (random() % 5 != 0) {
                doc.published = "2024-0" + std::to_string(1 + random() % 9) + "-1" + std::to_string(random() % 3) +
                                " 08:00";
            }
            store.ensure_document(doc_id(n), "https://example.cn/" + std::to_string(n), doc.site);
            const int versions = 1 + static_cast<int>(random() % 3);
            for (int v = 1; v <= versions; ++v) {
                VersionInput version;
                version.doc_id = doc_id(n);
                version.title = "标题 " + std::to_string(n) + " v" + std::to_string(v);
                const std::string body = "正文 " + std::to_string(v); // VersionInput::body is a view
                version.body = body;
                version.published_at = doc.published;
                version.plugin = "test";
                doc.score = random() % 4 == 0 ? std::nullopt : std::optional<double>(static_cast<double>(random() % 10));
                doc.paywalled = random() % 6 == 0;
                version.topic_score = doc.score;
                version.paywalled = doc.paywalled;
                store.put_version(version);
            }
            doc.versions = versions;
            if (random() % 7 == 0) {
                store.mark_gone(doc_id(n), {});
                doc.gone = true;
            }
            written[doc_id(n)] = doc;
        }
        store.ensure_document(doc_id(999), "https://example.cn/no-version", "huxiu"); // never listed
    });

    const auto everything = walk(store, {}, 10);
    REQUIRE(everything.size() == 333);
    std::set<std::string> seen;
    for (const auto& row : everything) {
        CHECK(seen.insert(row.doc_id).second);
        const Written& doc = written.at(row.doc_id);
        CHECK(row.site == doc.site);
        CHECK(row.versions == doc.versions);
        CHECK(row.latest_version == doc.versions);
        CHECK(row.title == "标题 " + std::to_string(row.order) + " v" + std::to_string(doc.versions));
        CHECK(row.topic_score == doc.score);
        CHECK(row.paywalled == doc.paywalled);
        CHECK(row.gone == doc.gone);
        CHECK(row.url == "https://example.cn/" + std::to_string(row.order));
        if (doc.published.empty()) {
            CHECK(row.published_at.empty());
            CHECK(row.listed_at == row.first_seen);
        } else {
            CHECK(row.listed_at == *parse_time(doc.published));
        }
    }
    CHECK(count_documents(store, {}) == 333);

    // Every combination of filters: the walk gives exactly the written documents that pass, and the count agrees.
    const auto since = *parse_time("2024-03-01");
    const auto until = *parse_time("2024-07-15");
    for (const std::string site : {"", "huxiu"}) {
        for (const auto state : {DocumentState::any, DocumentState::live, DocumentState::gone, DocumentState::paywalled}) {
            for (const bool dated : {false, true}) {
                for (const bool scored : {false, true}) {
                    DocumentFilter filter;
                    filter.site = site;
                    filter.state = state;
                    if (dated) {
                        filter.since = since;
                        filter.until = until;
                    }
                    if (scored) {
                        filter.min_topic_score = 5.0;
                    }
                    std::set<std::string> expected;
                    for (const auto& [id, doc] : written) {
                        const bool site_ok = site.empty() || doc.site == site;
                        const bool state_ok = state == DocumentState::any || (state == DocumentState::live && !doc.gone) ||
                                              (state == DocumentState::gone && doc.gone) ||
                                              (state == DocumentState::paywalled && doc.paywalled);
                        bool date_ok = true;
                        if (dated) {
                            // Undated documents are dated by first_seen (now): outside 2024's range.
                            date_ok = !doc.published.empty() && *parse_time(doc.published) >= since &&
                                      *parse_time(doc.published) <= until;
                        }
                        const bool score_ok = !scored || (doc.score && *doc.score >= 5.0);
                        if (site_ok && state_ok && date_ok && score_ok) {
                            expected.insert(id);
                        }
                    }
                    INFO("site '" << site << "' state " << static_cast<int>(state) << " dated " << dated << " scored "
                                  << scored);
                    const auto rows = walk(store, filter, 7);
                    std::set<std::string> got;
                    for (const auto& row : rows) {
                        CHECK(got.insert(row.doc_id).second);
                    }
                    CHECK(got == expected);
                    CHECK(count_documents(store, filter) == static_cast<std::int64_t>(expected.size()));
                }
            }
        }
    }

    const auto sites_counted = list_sites(store);
    std::map<std::string, std::int64_t> expected_sites;
    for (const auto& [id, doc] : written) {
        ++expected_sites[doc.site];
    }
    REQUIRE(sites_counted.size() == expected_sites.size());
    for (const auto& site : sites_counted) {
        CHECK(site.documents == expected_sites.at(site.site));
    }
}

TEST_CASE("a page cursor survives new documents and bad cursors and limits are refused", "[archive][browse]") {
    TempDir dir("archive-browse");
    Store store = Store::open(dir / "a.db");
    const auto add = [&](int n, const std::string& published) {
        store.ensure_document(doc_id(n), "", "s");
        VersionInput version;
        version.doc_id = doc_id(n);
        version.title = std::to_string(n);
        version.body = "x";
        version.published_at = published;
        store.put_version(version);
    };
    for (int n = 1; n <= 5; ++n) {
        add(n, "2024-01-0" + std::to_string(n));
    }
    const auto first = list_documents(store, {}, {}, 2);
    REQUIRE(first.rows.size() == 2);
    CHECK(first.rows[0].doc_id == doc_id(5));
    CHECK(first.rows[1].doc_id == doc_id(4));
    add(6, "2024-02-01"); // newer than the cursor: not on the following pages
    const auto second = list_documents(store, {}, first.next_cursor, 10);
    REQUIRE(second.rows.size() == 3);
    CHECK(second.rows[0].doc_id == doc_id(3));
    CHECK(second.next_cursor.empty());
    CHECK(first.next_cursor.find_first_not_of("0123456789.-") == std::string::npos);

    for (const std::string bad : {"x", "1", "1.", ".1", "1.2.3", "1;DROP", "99999999999999999999.1"}) {
        INFO("cursor " << bad);
        try {
            (void)list_documents(store, {}, bad, 10);
            FAIL("expected a refusal");
        } catch (const ArchiveError& error) {
            CHECK(error.code() == ArchiveErrc::invalid);
        }
    }
    for (const std::size_t limit : {std::size_t{0}, std::size_t{1001}}) {
        try {
            (void)list_documents(store, {}, {}, limit);
            FAIL("expected a refusal");
        } catch (const ArchiveError& error) {
            CHECK(error.code() == ArchiveErrc::invalid);
        }
    }
    Store reader = Store::open(dir / "a.db", OpenMode::read_only);
    CHECK(list_documents(reader, {}, {}, 10).rows.size() == 6);
}
