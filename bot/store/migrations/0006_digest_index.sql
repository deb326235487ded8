-- 0006: the officers' "digest still collecting" lookup (bot.store.staff.open_digest) runs
-- for every new ticket; without this index it scanned the whole outbox (154 ms a ticket
-- with 1M stored messages, bench_pipeline.py --drafts 100000 --tickets 100000).
CREATE INDEX outbox_digest_open ON outbox (chat_id, id) WHERE kind = 'digest' AND status = 'pending';
