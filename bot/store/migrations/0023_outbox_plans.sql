-- 0023: the sender's hot outbox statements on PostgreSQL read the rows they name through
-- an index, whatever the table held when they were planned (issue 19, bench/README.md
-- "Session 39: outbox plans").
--
-- The store's statements are named prepared statements, and the server keeps each one's
-- generic plan until the table's statistics change (an ANALYZE or VACUUM). An instance
-- plans them at its first rounds, on an outbox of a page or two, where reading the whole
-- table is cheaper than probing the primary key: the round's start (`id = ANY(ids)`) and
-- the sender's marks (a join with the ids) kept a sequential scan of the whole outbox,
-- read at every round as the table grew (session 38: ~0.2 whole-table scans per update,
-- 0.14 -> 0.46 ms of the server's CPU per update for the marks alone). No form of these
-- statements is immune to that choice: a join, `= ANY`, a LATERAL probe are all costed
-- against a scan of the table as it was. So they run in functions whose plans are made
-- with sequential scans disabled (`SET enable_seqscan = off`, in force while the function
-- runs, so also when a plan is made again after an ANALYZE): each statement reads by the
-- primary key and the open rows' index (outbox_open_chat), at one page as at a million.
-- `plan_cache_mode = force_generic_plan`: each statement is planned once per connection
-- (and again after an ANALYZE), as the store's own named statements are; left to choose,
-- the server made a custom plan for the marks at about half their calls (session 38's
-- statement, pg_stat_statements: 0.066 plans per 0.139 calls per update, ~0.37 ms each).
--
-- The statements are bot/store/outbox.py's, moved here unchanged but for the names of
-- the parameters (`#variable_conflict use_column`: a bare name is the table's column);
-- ERASE_AFTER_SEND is outbox.py's constant, written out. SQLite plans each statement
-- when it is prepared, against its rowid: nothing to create there.
-- postgresql:

-- outbox.start_attempts_in: the rows marked 'sending' with one more attempt, each as it
-- was before the mark (`status` from the statement's snapshot, `attempts` less one).
CREATE FUNCTION dumas_outbox_start(row_ids BIGINT[]) RETURNS TABLE (
    id BIGINT, channel TEXT, chat_id TEXT, kind TEXT, payload TEXT, ticket_id BIGINT,
    not_before TEXT, status TEXT, attempts BIGINT
) LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    UPDATE outbox SET status = 'sending', attempts = outbox.attempts + 1
    WHERE outbox.id = ANY(row_ids) AND outbox.status IN ('pending', 'sending')
    RETURNING outbox.id, outbox.channel, outbox.chat_id, outbox.kind, outbox.payload,
        outbox.ticket_id, outbox.not_before,
        (SELECT o.status FROM outbox o WHERE o.id = outbox.id), outbox.attempts - 1;
END $$;

-- outbox.mark_many_sent: each row 'sent' with its external id; a row sealed by
-- privacy.seal_in_flight loses its chat id and payload in the same statement.
CREATE FUNCTION dumas_outbox_sent(marked_at TEXT, row_ids BIGINT[], external_ids TEXT[])
RETURNS void LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    UPDATE outbox SET status = 'sent', sent_at = marked_at, external_id = d.external_id,
        chat_id = CASE WHEN strpos(payload, '"erase_after_send":true') > 0 THEN 'erased'
            ELSE chat_id END,
        payload = CASE WHEN strpos(payload, '"erase_after_send":true') > 0
            THEN '{"redacted": true}' ELSE payload END
    FROM unnest(row_ids, external_ids) AS d(id, external_id) WHERE outbox.id = d.id;
END $$;

-- outbox.mark_many_sent_reading_heads: the marks above and, in the same statement (one
-- snapshot: the marked rows are left out by id), the chats' pending heads as read after
-- them (outbox.heads_in with pending_only), most urgent then oldest, at most `most`.
CREATE FUNCTION dumas_outbox_sent_heads(
    marked_at TEXT, row_ids BIGINT[], external_ids TEXT[], from_channel TEXT, most BIGINT
) RETURNS TABLE (id BIGINT, chat_id TEXT, not_before TEXT, head_rank BIGINT)
LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH marked AS (
        UPDATE outbox SET status = 'sent', sent_at = marked_at, external_id = d.external_id,
            chat_id = CASE WHEN strpos(payload, '"erase_after_send":true') > 0 THEN 'erased'
                ELSE chat_id END,
            payload = CASE WHEN strpos(payload, '"erase_after_send":true') > 0
                THEN '{"redacted": true}' ELSE payload END
        FROM unnest(row_ids, external_ids) AS d(id, external_id) WHERE outbox.id = d.id
    )
    SELECT heads.id, heads.chat_id, heads.not_before, heads.head_rank FROM (
        SELECT DISTINCT ON (o.chat_id) o.id, o.chat_id, o.not_before, o.status,
            (o.priority << 40) - o.id AS head_rank
        FROM outbox o
        WHERE o.phase = 'open' AND o.channel = from_channel AND NOT (o.id = ANY(row_ids))
        ORDER BY o.chat_id, head_rank DESC
    ) heads WHERE heads.status = 'pending' ORDER BY heads.head_rank DESC LIMIT most;
END $$;
