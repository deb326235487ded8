-- 0007: the outbox sender asks, on every round, for the head of each chat with unfinished
-- rows (bot.store.outbox.open_heads: GROUP BY chat_id). This index holds only unfinished
-- rows, already grouped by chat and in head order, with every column the query reads
-- (status too, which makes it covering), so a
-- round costs one pass over the unfinished rows in SQLite, never over the history
-- (outbox_chat would walk every row the channel ever sent).
CREATE INDEX outbox_open_chat ON outbox (channel, chat_id, priority, id, not_before, status)
    WHERE status IN ('pending', 'sending');
