-- 0005: indexes for the per-update queries, so their cost does not grow with the number
-- of stored updates, messages or tickets (see bench/README.md, "query plans").

-- Flood control counts a lane's recent rows on every step (bot.store.inbox.count_since):
-- without this it scanned every row of the inbox below the current id.
CREATE INDEX inbox_lane_received ON inbox (lane, received_at);

-- The outbox sender reads the unfinished rows of its channel in id order on every round
-- (bot.store.outbox.open_heads / open_rows): without this it walked every row the
-- channel ever sent (outbox_chat) and sorted them.
CREATE INDEX outbox_open ON outbox (channel, id) WHERE status IN ('pending', 'sending');

-- /healthz counts failed rows (a full scan of the outbox without it).
CREATE INDEX outbox_failed ON outbox (id) WHERE status = 'failed';
