-- 0020: files a step is keeping and has not yet named in an evidence row
-- (bot/store/evidence_claims.py).
--
-- Evidence files are stored by their SHA-256, so two messages with the same file (a
-- picture forwarded to several citizens) name one file. The clean-up after a step, an
-- erasure or the purge deletes a file no evidence row names; a step that has stored the
-- file and not yet committed its row holds a claim here, committed before the file is
-- stored and removed after the step, so the clean-up leaves the file alone meanwhile.
-- The clean-up checks rows and claims, by name, far more often than before: the index on
-- evidence (stored_name) keeps that check a lookup.
CREATE TABLE evidence_claims (
    id          INTEGER PRIMARY KEY,
    stored_name TEXT NOT NULL,
    claimed_at  TEXT NOT NULL
);
CREATE INDEX evidence_claims_name ON evidence_claims (stored_name);
CREATE INDEX evidence_stored_name ON evidence (stored_name);
