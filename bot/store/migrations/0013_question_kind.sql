-- 0013: questions counted apart from complaints (issue 20). A question answered from the
-- knowledge base leaves one row in `knowledge_answers`: the article, its score, the unit
-- when the conversation knew one, the channel and the time; never who asked, so the
-- table holds no personal data and /hapusdata and the purge have nothing to do in it.
-- A question the citizen passed to the officers ("Tanya petugas") is a ticket of kind
-- 'question': it has its own shorter resolve deadline and its own figures on the
-- transparency page, apart from the complaints.
CREATE TABLE knowledge_answers (
    id         INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL,
    score      REAL NOT NULL,
    unit_id    TEXT,
    channel    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX knowledge_answers_created ON knowledge_answers (created_at);

ALTER TABLE tickets ADD COLUMN kind TEXT NOT NULL DEFAULT 'complaint'
    CHECK (kind IN ('complaint', 'question'));
