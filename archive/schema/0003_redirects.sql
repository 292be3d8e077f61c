-- newsarc archive schema 3: redirect hops. The crawl records each 3xx response as a capture of its own, and
-- redirect_to names the URL it sent the crawler to (absolute and normalised; '' when the capture is no redirect or
-- the target was refused before it was known). WARC export finds a page's redirect chain through this index, by
-- the target URL, so the partial index only holds the redirects.
ALTER TABLE captures ADD COLUMN redirect_to TEXT NOT NULL DEFAULT '';
CREATE INDEX captures_by_redirect_to ON captures(redirect_to) WHERE redirect_to <> '';
-- Captures archived before schema 3 keep '': curl followed their redirects, so they have no hops of their own.
