-- newsarc archive schema 1: documents, raw captures (bodies stored once per content), numbered versions of the
-- cleaned text, snapshots, the fetch log and job runs. Instants are INTEGER Unix milliseconds.

-- zstd dictionaries trained on the archive's own first documents; `kind` is 'text' or 'page'.
CREATE TABLE dictionaries (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL,
    data        BLOB    NOT NULL,
    created_at  INTEGER NOT NULL
);

-- One row per document; `id` is the insertion order, which export follows.
CREATE TABLE documents (
    id             INTEGER PRIMARY KEY,
    doc_id         TEXT    NOT NULL UNIQUE,        -- 16 lower-case hex digits
    url            TEXT    NOT NULL DEFAULT '',
    site           TEXT    NOT NULL DEFAULT '',
    first_seen     INTEGER NOT NULL,
    gone_at        INTEGER,
    latest_number  INTEGER NOT NULL DEFAULT 0,     -- 0 until the first version
    latest_hash    BLOB                            -- content hash of the latest version (16 bytes)
);
CREATE INDEX documents_by_url ON documents(url) WHERE url <> '';

-- Distinct raw capture bodies, keyed by XXH3-128 of the raw bytes. codec 0 = stored as is, 1 = zstd.
CREATE TABLE blobs (
    id             INTEGER PRIMARY KEY,
    hash           BLOB    NOT NULL UNIQUE,
    raw_size       INTEGER NOT NULL,
    codec          INTEGER NOT NULL,
    dictionary_id  INTEGER REFERENCES dictionaries(id),
    data           BLOB    NOT NULL
);

-- One row per HTTP response.
CREATE TABLE captures (
    id             INTEGER PRIMARY KEY,
    document_id    INTEGER REFERENCES documents(id),   -- NULL for pages that are not articles
    url            TEXT    NOT NULL,
    final_url      TEXT    NOT NULL,
    http_status    INTEGER NOT NULL,
    headers        TEXT    NOT NULL,
    fetched_at     INTEGER NOT NULL,
    content_type   TEXT    NOT NULL,
    etag           TEXT    NOT NULL,
    last_modified  TEXT    NOT NULL,
    body_blob      INTEGER REFERENCES blobs(id)        -- NULL for an empty body
);
CREATE INDEX captures_by_url ON captures(url);
CREATE INDEX captures_by_final_url ON captures(final_url);
CREATE INDEX captures_by_document ON captures(document_id) WHERE document_id IS NOT NULL;

-- Numbered states of a document's cleaned text. The body is zstd (codec 1) or as is (codec 0).
CREATE TABLE versions (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES documents(id),
    number          INTEGER NOT NULL,
    title           TEXT    NOT NULL,
    author          TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    published_at    TEXT    NOT NULL,
    content_hash    BLOB    NOT NULL,                   -- XXH3-128 over title, author, source, published_at, body
    body_size       INTEGER NOT NULL,
    body_codec      INTEGER NOT NULL,
    body_dictionary INTEGER REFERENCES dictionaries(id),
    body            BLOB    NOT NULL,
    capture_id      INTEGER REFERENCES captures(id),
    plugin          TEXT    NOT NULL,
    plugin_version  TEXT    NOT NULL,
    topic_score     REAL,
    simhash         INTEGER,                            -- the 64 bits as a signed integer
    paywalled       INTEGER NOT NULL DEFAULT 0,
    extra           TEXT,                               -- JSON object or NULL
    created_at      INTEGER NOT NULL,
    UNIQUE (document_id, number)
);

-- Named frozen selections: document -> version number.
CREATE TABLE snapshots (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    as_of       INTEGER NOT NULL
);
CREATE TABLE snapshot_members (
    snapshot_id  INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    document_id  INTEGER NOT NULL REFERENCES documents(id),
    number       INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, document_id)
) WITHOUT ROWID;

-- Every fetch attempt's outcome.
CREATE TABLE fetch_log (
    id           INTEGER PRIMARY KEY,
    url          TEXT    NOT NULL,
    host         TEXT    NOT NULL,
    at           INTEGER NOT NULL,
    outcome      TEXT    NOT NULL,
    http_status  INTEGER NOT NULL,
    detail       TEXT    NOT NULL,
    attempt      INTEGER NOT NULL,
    bytes        INTEGER NOT NULL,
    duration_ms  INTEGER NOT NULL,
    doc_id       TEXT    NOT NULL
);
CREATE INDEX fetch_log_by_host_time ON fetch_log(host, at);
CREATE INDEX fetch_log_by_url ON fetch_log(url);

-- Job runs.
CREATE TABLE runs (
    id           INTEGER PRIMARY KEY,
    job          TEXT    NOT NULL,
    started_at   INTEGER NOT NULL,
    ended_at     INTEGER NOT NULL,
    counters     TEXT    NOT NULL,
    exit_status  INTEGER NOT NULL
);
CREATE INDEX runs_by_job ON runs(job, started_at);
