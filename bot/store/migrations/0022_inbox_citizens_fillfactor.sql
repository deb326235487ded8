-- 0022: room on the inbox's and the citizens' pages for their rows' next versions
-- (issue 19, bench/README.md "Session 38: row locks and row versions per update").
--
-- When PostgreSQL's UPDATE finds no room for the new row version on the old one's page,
-- it puts it on another page, and first marks the old version locked, with a WAL record
-- of its own (heap_update's Heap/LOCK, so that a crash between the two pages' changes
-- leaves the row locked, not lost), and the update cannot be HOT. Every inbox row gets
-- one update (its processed mark, steps.py / inbox.py), soon after it was inserted, on a
-- page inserts had filled: 0.83 of the 0.94 marks per update moved page (session 38,
-- pg_walinspect). A known citizen's arrival updates its row (citizens.py): 0.15 per
-- update moved page and so lost its HOT-ness. fillfactor 70 (as the outbox, 0017, and the
-- conversations, 0019) leaves a third of each new page for those versions. Existing
-- pages keep their rows: the setting acts on pages filled from now on.
--
-- SQLite rewrites a row in place: nothing to change there.
-- postgresql:
ALTER TABLE inbox SET (fillfactor = 70);
ALTER TABLE citizens SET (fillfactor = 70);
