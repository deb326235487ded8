-- 0014: draft knowledge articles from officers' answers (issue 20, item 4). An officer's
-- reply to a question ticket, relayed to the citizen, can be saved with "💾 Save as
-- answer": the citizen's question and the officer's reply become a draft for the unit, to
-- be reviewed and committed as a data/knowledge article (`dumas kb drafts`). `source` is
-- the officer's message ("chat_id:message_id"), so the same reply is saved once.
-- A draft saved in a supervisory group is national (unit_id NULL), approved by that
-- group (approved_by: its chat id).
CREATE TABLE knowledge_drafts (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL UNIQUE,
    ticket_id    INTEGER NOT NULL REFERENCES tickets (id),
    unit_id      TEXT,
    scope        TEXT NOT NULL CHECK (scope IN ('unit', 'national')),
    question     TEXT NOT NULL,
    answer       TEXT NOT NULL,
    officer_id   TEXT NOT NULL,
    officer_name TEXT NOT NULL,
    approved_by  TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX knowledge_drafts_created ON knowledge_drafts (created_at);
