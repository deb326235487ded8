-- 0015: a drain on PostgreSQL in fewer round trips (bot/dispatcher.py `_drain_held`,
-- bot/store/lanes.py). Taking a lane returns its first pending row; asking for the next
-- row, when there is none, releases the lane and looks once more for a row committed
-- meanwhile (by another instance, whose take failed while we held the lane). Functions,
-- because inside a VOLATILE function each statement takes a new snapshot (READ
-- COMMITTED): the read after the lock, and the look after the unlock, see every row
-- committed before them; one plain statement would read with the snapshot taken before
-- its lock or unlock. The row comes with its flood count, as bot/store/inbox.py
-- `next_pending` reads it. SQLite has no lanes to hold (one instance): nothing to create.
-- postgresql:
CREATE FUNCTION dumas_take_lane(
    lane_key BIGINT, lane_name TEXT, flood_since TEXT,
    OUT taken BOOLEAN, OUT row_id BIGINT, OUT row_channel TEXT, OUT row_external_id TEXT,
    OUT row_payload TEXT, OUT row_recent BIGINT
) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    taken := pg_try_advisory_lock(lane_key);
    IF taken THEN
        SELECT i.id, i.channel, i.external_id, i.payload, (
            SELECT COUNT(*) FROM inbox r WHERE r.lane = lane_name
            AND r.received_at >= flood_since AND r.id <= i.id AND r.channel != 'timer'
        ) INTO row_id, row_channel, row_external_id, row_payload, row_recent
        FROM inbox i WHERE i.lane = lane_name AND i.processed_at IS NULL ORDER BY i.id LIMIT 1;
    END IF;
END $$;
CREATE FUNCTION dumas_next_or_release(
    lane_key BIGINT, lane_name TEXT, flood_since TEXT,
    OUT row_id BIGINT, OUT row_channel TEXT, OUT row_external_id TEXT, OUT row_payload TEXT,
    OUT row_recent BIGINT, OUT pending_after_release BOOLEAN
) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    SELECT i.id, i.channel, i.external_id, i.payload, (
        SELECT COUNT(*) FROM inbox r WHERE r.lane = lane_name
        AND r.received_at >= flood_since AND r.id <= i.id AND r.channel != 'timer'
    ) INTO row_id, row_channel, row_external_id, row_payload, row_recent
    FROM inbox i WHERE i.lane = lane_name AND i.processed_at IS NULL ORDER BY i.id LIMIT 1;
    IF row_id IS NULL THEN
        PERFORM pg_advisory_unlock(lane_key);
        pending_after_release := EXISTS (
            SELECT 1 FROM inbox i WHERE i.lane = lane_name AND i.processed_at IS NULL
        );
    END IF;
END $$;
