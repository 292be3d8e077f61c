-- newsarc archive schema 5: full-text search, the document listing, and fetch-log counts for monitoring.
--
-- search_index holds the title and cleaned text of each document's latest version (rowid = documents.id), cut
-- into trigrams (FTS5, SQLite 3.40). It is contentless (content = ''): the texts already live in versions,
-- zstd-compressed, and a second, uncompressed copy would double what the bodies take; snippets are cut from the
-- decompressed body of each hit instead. The price: replacing a document's row must hand FTS5 the old texts
-- again ('delete' command), which put_version has at hand. The texts cannot be filled in by SQL (the bodies are
-- compressed), so the migration's C++ step (store_open.cpp) indexes the existing documents, in the migration's
-- transaction. Each column is indexed with two newlines appended, so that every occurrence of a one- or
-- two-character text starts some trigram and short queries can be answered from the term list
-- (search_terms) instead of a scan. detail = full keeps positions, so a query of four or more characters is
-- an exact phrase of its trigrams; columnsize = 0 drops the per-row sizes only bm25 ranking would need.
-- Sizes (bench/archive/bench_search, 100,000 generated Chinese documents of 5.5 KB; the same first 10,000
-- indexed with each option, bytes per document): detail = full 15,283 (contentless, this table; 14,939 over all
-- 100,000: 1.49 GB), detail = column 9,375, detail = none 5,443, and detail = full storing the texts 21,642. The
-- versions themselves take 3,234 bytes per document. detail = none or column would take 36-64% of this, but
-- answer a phrase only as "all its trigrams somewhere", so every candidate's body would have to be decompressed
-- and checked, and counting the matches of a common text would mean reading most of the archive; detail = full
-- answers exactly from the index in under 10 ms.
CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize = 'trigram', content = '', columnsize = 0,
                                              detail = full);
CREATE VIRTUAL TABLE search_terms USING fts5vocab(search_index, 'row');

-- The listing (browse.hpp) walks documents newest first by listed_at (the latest version's published time in
-- Unix ms, else first_seen) through these indexes, so a deep page costs what the first does. topic_score and
-- paywalled repeat the latest version's, so the listing's filters read no versions row.
ALTER TABLE documents ADD COLUMN listed_at INTEGER;
ALTER TABLE documents ADD COLUMN topic_score REAL;
ALTER TABLE documents ADD COLUMN paywalled INTEGER NOT NULL DEFAULT 0;
UPDATE documents SET
    listed_at = coalesce((SELECT unixepoch(v.published_at) * 1000 FROM versions v
                          WHERE v.document_id = documents.id AND v.number = documents.latest_number), first_seen),
    topic_score = (SELECT v.topic_score FROM versions v
                   WHERE v.document_id = documents.id AND v.number = documents.latest_number),
    paywalled = coalesce((SELECT v.paywalled FROM versions v
                          WHERE v.document_id = documents.id AND v.number = documents.latest_number), 0);
-- topic_score and gone_at ride along at the end, so that counting a filtered listing reads the index alone.
CREATE INDEX documents_listing ON documents(listed_at, id, topic_score, gone_at) WHERE latest_number > 0;
CREATE INDEX documents_listing_by_site ON documents(site, listed_at, id, topic_score, gone_at) WHERE latest_number > 0;
-- The few gone and paywalled documents get listing indexes of their own, so listing them reads only them; the
-- first also counts the gone documents for /metrics.
CREATE INDEX documents_gone ON documents(listed_at, id) WHERE gone_at IS NOT NULL;
CREATE INDEX documents_listing_paywalled ON documents(listed_at, id) WHERE latest_number > 0 AND paywalled = 1;

-- Fetch-log attempts per host and outcome, kept in step by triggers, so /metrics reads a few rows instead of
-- counting a log that grows by every request.
CREATE TABLE fetch_counts (
    host     TEXT    NOT NULL,
    outcome  TEXT    NOT NULL,
    count    INTEGER NOT NULL,
    PRIMARY KEY (host, outcome)
) WITHOUT ROWID;
INSERT INTO fetch_counts(host, outcome, count) SELECT host, outcome, count(*) FROM fetch_log GROUP BY host, outcome;
CREATE TRIGGER fetch_counts_insert AFTER INSERT ON fetch_log BEGIN
    INSERT INTO fetch_counts(host, outcome, count) VALUES(new.host, new.outcome, 1)
        ON CONFLICT(host, outcome) DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER fetch_counts_delete AFTER DELETE ON fetch_log BEGIN
    UPDATE fetch_counts SET count = count - 1 WHERE host = old.host AND outcome = old.outcome;
END;

