-- 0026: a ticket's links on PostgreSQL read the other tickets through the primary key,
-- whatever the tickets table held when the read was planned (issue 19, bench/README.md
-- "Session 40: the server's share").
--
-- `triage.links_of` (the card's "may repeat" lines, bot/officers/card_delivery.py) joins
-- each link to the other ticket's reference. Planned on a young tickets table of a page
-- or two, the kept generic plan was a nested loop over a sequential scan of tickets, read
-- in order up to each linked ticket, so up to the whole table per link (a bench run: 12
-- whole reads a run, 1,000 -> 4,600 rows each as the table grew; a test: 3,009 rows for
-- three links among 3,004 tickets). As in migrations 0023-0025, the statement runs in a
-- function planned with sequential scans off, once per connection. With the join kept,
-- sequential scans off made it a merge join over the whole primary key (the same test:
-- 3,005 rows read through the index); each link's reference is therefore read by a
-- subquery, one probe of the primary key per link (every link names a ticket: both
-- columns are foreign keys, so the rows are the join's). SQLite keeps triage.py's join,
-- planned when prepared against its rowid: nothing to create there.
-- postgresql:

CREATE FUNCTION dumas_links_of(of_ticket BIGINT) RETURNS TABLE (
    other_id BIGINT, reference TEXT, reason TEXT, score DOUBLE PRECISION
) LANGUAGE plpgsql STABLE
SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT l.other_id, (SELECT t.reference FROM tickets t WHERE t.id = l.other_id),
        l.reason, l.score
    FROM ticket_links l WHERE l.ticket_id = of_ticket
    UNION SELECT l.ticket_id, (SELECT t.reference FROM tickets t WHERE t.id = l.ticket_id),
        l.reason, l.score
    FROM ticket_links l WHERE l.other_id = of_ticket ORDER BY 1;
END $$;
