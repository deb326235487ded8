-- 0023: the queue tables vacuumed after a fixed number of dead rows, not a fifth of the
-- table (issue 19, bench/README.md "Session 38: server CPU growing between runs").
--
-- Every inbox row is updated once (its processed mark) and every outbox row two or three
-- times ('sending', 'sent') within seconds of its insert, and nothing deletes either: both
-- only grow. PostgreSQL's default vacuums a table when its dead rows pass 50 + 20 % of its
-- rows, so a year's outbox of millions of rows would wait for hundreds of thousands of
-- dead versions. Their index entries stay until a vacuum: the partial indexes of the open
-- rows (outbox_open_chat, inbox_pending), which the sender and the lanes read at every
-- round and should hold a handful of live entries, grew ~270 kB a run of 2,000 updates in
-- the bench with no live entry in them. A fixed threshold keeps the vacuum's cadence (and
-- each vacuum's size) that of the traffic, whatever the table's age; ANALYZE keeps its
-- default, since the rows' distribution does not change with age.
--
-- SQLite has no vacuum of dead versions (a row is rewritten in place): nothing to change.
-- postgresql:
ALTER TABLE inbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000);
ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000);
