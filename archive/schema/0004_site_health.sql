-- newsarc archive schema 4: extraction health, per job run and site (`newsarc health`). `counts` is a JSON object
-- of what the run saw of the site: article pages fetched, articles extracted / stored / unchanged / off topic /
-- paywalled, failures by reason, fields missing, fallbacks used, list pages and the article links they gave,
-- block pages. A site is a plugin id, or a host the generic extractor served.
CREATE TABLE site_health (
    run_id  INTEGER NOT NULL REFERENCES runs(id),
    site    TEXT    NOT NULL,
    job     TEXT    NOT NULL,
    at      INTEGER NOT NULL,  -- the run's start
    counts  TEXT    NOT NULL,
    PRIMARY KEY (run_id, site)
) WITHOUT ROWID;
CREATE INDEX site_health_by_site ON site_health(site, at);
