-- 0017: PostgreSQL's outbox row costs fewer row versions' index entries
-- (bench/README.md "Session 33: PostgreSQL's rows and indexes").
--
-- An UPDATE is HOT (a new row version on the same page, no index entry) only when no
-- column any index names (key, expression or partial predicate) changes value. Every
-- open-row index named `status` in its predicate, so the sender's 'sending' mark
-- (pending -> sending, before each request) was never HOT: it added an entry to every
-- index whose predicate the new version met (4 of 7), as its INSERT had. The indexes now
-- name `phase` instead, a stored generated column that is 'open' for pending and sending
-- rows and the status otherwise: the 'sending' mark leaves it 'open', and `status`,
-- `attempts`, `not_before` are in no index, so the mark (and a retry's reschedule, and a
-- digest's rewrite) is HOT when the page has room: fillfactor 70 keeps room on each
-- page for its rows' marks. Queries that want these indexes ask for `phase`
-- (bot/store/outbox.py `unfinished`).
--
-- Index by index (EXPLAIN of every query that read them, both dialects: bench/README.md):
-- - outbox_chat (channel, chat_id, id), all rows, 3 entries a row, 0 scans under load,
--   and outbox_external (chat_id, external_id) WHERE external_id IS NOT NULL become one
--   index (chat_id, external_id) on all rows: the card replies (ticket_cards.
--   ticket_of_message) read it as before; the erasure by chat (privacy), the WhatsApp
--   window and release look-ups, the group moves (staff_chats) and the web demo's
--   timeline read it by chat id. (The web demo's `version` counts a channel's sent rows
--   by a scan of the outbox now: the demo only.)
-- - outbox_open (channel, id) and outbox_open_chat (channel, chat_id, priority, id,
--   not_before, status) become one: (channel, chat_id, priority, id) WHERE phase =
--   'open'. The sender's heads read it as before (with the row for status and
--   not_before: an index-only scan needed status in the index, which would make the
--   'sending' mark non-HOT again); `open_rows` (the sender's drain, tests) reads it and
--   sorts its few rows.
-- - outbox_failed and outbox_digest_open: the same, with `phase` in the predicate.
--
-- SQLite updates a row in place and touches only the indexes whose columns change, so it
-- gains nothing here: it keeps its indexes and queries `status` as before.
-- postgresql:
ALTER TABLE outbox ADD COLUMN phase TEXT GENERATED ALWAYS AS (
    CASE WHEN status IN ('pending', 'sending') THEN 'open' ELSE status END
) STORED;
ALTER TABLE outbox SET (fillfactor = 70);
DROP INDEX IF EXISTS outbox_chat;
DROP INDEX IF EXISTS outbox_external;
DROP INDEX IF EXISTS outbox_open;
DROP INDEX IF EXISTS outbox_open_chat;
DROP INDEX IF EXISTS outbox_failed;
DROP INDEX IF EXISTS outbox_digest_open;
CREATE INDEX outbox_chat ON outbox (chat_id, external_id);
CREATE INDEX outbox_open_chat ON outbox (channel, chat_id, priority, id) WHERE phase = 'open';
CREATE INDEX outbox_failed ON outbox (id) WHERE phase = 'failed';
CREATE INDEX outbox_digest_open ON outbox (chat_id, id) WHERE kind = 'digest' AND phase = 'open';
