-- 0024: three reads on PostgreSQL that kept plans reading a whole table read their rows
-- through an index, whatever the statistics said when they were planned (issue 19,
-- bench/README.md "Session 39: other sequential scans"). As in migration 0023, no form of
-- these statements is immune to the planner's choice on a young table, so they run in
-- functions planned with sequential scans disabled (`SET enable_seqscan = off`, in force
-- while the function runs, also when a plan is made again after an ANALYZE), once per
-- connection (`force_generic_plan`). SQLite plans each statement when it is prepared:
-- nothing to create there.
--
-- `outbox.heads_in` runs at every round of the sender. Its plan follows the statistics of
-- `phase`: an ANALYZE taken while the outbox was young and busy (a burst of rows queued,
-- few sent yet) records a large share of open rows, and the read is then planned as a
-- sequential scan of the whole outbox, kept until the next ANALYZE while the sent rows
-- pile up behind it (a bench run: 103 whole-outbox reads, 272,394 rows, ~2,600 each). The
-- same read inside `dumas_outbox_sent_heads` (migration 0023) was immune. The statement
-- is outbox.py's, unchanged but for the names of its parameters and `pending_only`, a
-- parameter instead of two texts.
-- postgresql:

CREATE FUNCTION dumas_outbox_heads(from_channel TEXT, most BIGINT, pending_only BOOLEAN)
RETURNS TABLE (id BIGINT, chat_id TEXT, not_before TEXT, head_rank BIGINT)
LANGUAGE plpgsql STABLE
SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT heads.id, heads.chat_id, heads.not_before, heads.head_rank FROM (
        SELECT DISTINCT ON (o.chat_id) o.id, o.chat_id, o.not_before, o.status,
            (o.priority << 40) - o.id AS head_rank
        FROM outbox o
        WHERE o.phase = 'open' AND o.channel = from_channel
        ORDER BY o.chat_id, head_rank DESC
    ) heads WHERE NOT pending_only OR heads.status = 'pending'
    ORDER BY heads.head_rank DESC LIMIT most;
END $$;

-- `tickets.digest_lines`: the lines of a staff digest, read again for every ticket that
-- joins it. Its `id = ANY(array)` is planned for an array of ten (the planner's guess for
-- a parameter) against the tickets table: planned while the table held a few pages, it
-- was a sequential scan, kept until the next ANALYZE (a bench run: 209 reads of the
-- whole table, 62,797 rows, for digests of 1 to 30 tickets).
CREATE FUNCTION dumas_digest_lines(ticket_ids BIGINT[]) RETURNS TABLE (
    id BIGINT, reference TEXT, category TEXT, place_label TEXT, place_text TEXT,
    holder_id TEXT
) LANGUAGE plpgsql STABLE
SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT t.id::BIGINT, t.reference, t.category, t.place_label, t.place_text, t.holder_id
    FROM tickets t WHERE t.id = ANY(ticket_ids);
END $$;

-- `staff_digests.hold_open_digest`: the group's newest digest still collecting with room
-- for another ticket, held FOR UPDATE, with what its redraw needs. Planned on a young
-- outbox and a young staff_digest_items (a test: each analyzed at one row), the kept plan
-- scanned the outbox for the digest and counted each candidate's items by a scan of the
-- whole items table (bench runs: 78-211 whole reads of staff_digest_items a run, one per
-- ticket that joined a digest). The statement is staff_digests.py's, unchanged but for
-- the names of its parameters; `d.phase = 'open'` is outbox.unfinished's predicate (the
-- partial index outbox_digest_open, migration 0017). VOLATILE: it locks the row.
CREATE FUNCTION dumas_hold_open_digest(group_chat TEXT, max_items BIGINT) RETURNS TABLE (
    id BIGINT, kind TEXT, payload TEXT, card_thread TEXT
) LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT o.id::BIGINT, o.kind, o.payload, (SELECT g.card_thread FROM staff_groups g
        WHERE g.chat_id = o.chat_id)
    FROM outbox o WHERE o.id = (SELECT d.id FROM outbox d WHERE d.chat_id = group_chat
        AND d.kind = 'digest' AND d.phase = 'open' AND d.status = 'pending'
        AND (SELECT COUNT(*) FROM staff_digest_items i WHERE i.outbox_id = d.id) < max_items
        ORDER BY d.id DESC LIMIT 1)
    AND o.status = 'pending' FOR UPDATE OF o;
END $$;
