-- 0025: a citizen's arrival on PostgreSQL reads the citizens it names, and their
-- conversations, through the primary and unique keys at any table size (issue 19,
-- bench/README.md "Session 40: the server's share").
--
-- The dispatcher gathers the arrivals of several citizens into one statement over arrays
-- (bot/store/conversations.py `arrive_many`). The planner costs `unnest` of an array
-- parameter at ten rows, and against a few thousand analyzed citizens a hash join over
-- the whole table costs less than ten probes of the unique key: the kept generic plan read
-- citizens whole, and conversations whole for the join after it, at every batch of
-- arrivals, after every ANALYZE, until the tables grew past ~6,000 rows (bench runs: ~0.07
-- whole reads of each table per update, 28 -> 83 rows read per update as the citizens grew
-- 200 -> 600; a test: 2,000 rows of each read for nine arrivals). As in migrations 0023 and
-- 0024, no form of the statement is immune to that costing, so it runs in a function planned
-- with sequential scans off (`SET enable_seqscan = off`, in force while the function runs,
-- also when the plan is made again after an ANALYZE), once per connection
-- (`force_generic_plan`).
--
-- The statement is the one bot/store/conversations.py ran (session 33: a known citizen's
-- row as a plain UPDATE, no ON CONFLICT lock; the INSERT for the others, its ON CONFLICT
-- kept for one committed meanwhile; each row joined to its conversation with the same
-- snapshot), but for the names of its parameters; `display_name` keeps
-- bot/store/citizens.py `name_unless_erased`'s rule, written out. `commit_setting` is a
-- DEFERRED single_write's synchronous_commit (bot/store/database.py COMMIT_SETTING):
-- set_config(..., true) inside the function is the transaction's own setting, kept after
-- the function returns (only the settings of its SET clauses are restored then). SQLite
-- plans each statement when it is prepared, against its own indexes: nothing to create.
-- postgresql:

CREATE FUNCTION dumas_arrive(
    arrived_at TEXT, commit_setting TEXT, channels TEXT[], external_ids TEXT[],
    chat_ids TEXT[], platform_locales TEXT[], display_names TEXT[]
) RETURNS TABLE (
    id BIGINT, channel TEXT, external_id TEXT, chat_id TEXT, locale TEXT,
    platform_locale TEXT, display_name TEXT, last_inbound_at TEXT, name_erased_at TEXT,
    state TEXT, draft TEXT, reminder_due_at TEXT, expiry_due_at TEXT
) LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    PERFORM set_config('synchronous_commit',
        COALESCE(commit_setting, current_setting('synchronous_commit')), true);
    RETURN QUERY
    WITH given AS (
        SELECT arrived_at AS now, a.* FROM unnest(
            channels, external_ids, chat_ids, platform_locales, display_names
        ) WITH ORDINALITY AS a(channel, external_id, chat_id, platform_locale, display_name, n)
    ), touched AS (
        UPDATE citizens z SET chat_id = g.chat_id,
            platform_locale = COALESCE(g.platform_locale, z.platform_locale),
            display_name = CASE WHEN z.name_erased_at IS NULL
                THEN COALESCE(g.display_name, z.display_name) END,
            last_inbound_at = g.now
        FROM given g WHERE z.channel = g.channel AND z.external_id = g.external_id
        RETURNING z.id, z.channel, z.external_id, z.chat_id, z.locale, z.platform_locale,
            z.display_name, z.last_inbound_at, z.name_erased_at
    ), arrived AS (
        INSERT INTO citizens AS c (channel, external_id, chat_id, platform_locale,
            display_name, last_inbound_at, created_at)
        SELECT g.channel, g.external_id, g.chat_id, g.platform_locale, g.display_name, g.now,
            g.now
        FROM given g WHERE NOT EXISTS (SELECT 1 FROM touched t
            WHERE t.channel = g.channel AND t.external_id = g.external_id) ORDER BY g.n
        ON CONFLICT (channel, external_id) DO UPDATE SET chat_id = excluded.chat_id,
            platform_locale = COALESCE(excluded.platform_locale, c.platform_locale),
            display_name = CASE WHEN c.name_erased_at IS NULL
                THEN COALESCE(excluded.display_name, c.display_name) END,
            last_inbound_at = excluded.last_inbound_at
        RETURNING c.id, c.channel, c.external_id, c.chat_id, c.locale, c.platform_locale,
            c.display_name, c.last_inbound_at, c.name_erased_at
    )
    SELECT r.*, v.state, v.draft, v.reminder_due_at, v.expiry_due_at
    FROM (SELECT * FROM touched UNION ALL SELECT * FROM arrived) r
    LEFT JOIN conversations v ON v.citizen_id = r.id;
END $$;
