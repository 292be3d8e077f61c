-- newsarc archive schema 2: near-duplicate clustering. A document keeps the simhash of its latest version split
-- into four 16-bit bands; two simhashes within Hamming distance 3 share at least one band, so the band indexes
-- find every candidate. cluster_id is the documents.id of the cluster's first member.
ALTER TABLE documents ADD COLUMN simhash INTEGER;
ALTER TABLE documents ADD COLUMN band0 INTEGER;
ALTER TABLE documents ADD COLUMN band1 INTEGER;
ALTER TABLE documents ADD COLUMN band2 INTEGER;
ALTER TABLE documents ADD COLUMN band3 INTEGER;
ALTER TABLE documents ADD COLUMN cluster_id INTEGER;
CREATE INDEX documents_by_band0 ON documents(band0) WHERE band0 IS NOT NULL;
CREATE INDEX documents_by_band1 ON documents(band1) WHERE band1 IS NOT NULL;
CREATE INDEX documents_by_band2 ON documents(band2) WHERE band2 IS NOT NULL;
CREATE INDEX documents_by_band3 ON documents(band3) WHERE band3 IS NOT NULL;
CREATE INDEX documents_by_cluster ON documents(cluster_id) WHERE cluster_id IS NOT NULL;
-- Documents archived before clustering existed start in their own cluster once they get a simhash.
