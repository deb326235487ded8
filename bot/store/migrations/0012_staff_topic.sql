-- 0012: the forum topic a staff group chose for its cards (`/topik` sent inside the
-- topic). Its message_thread_id (https://core.telegram.org/bots/api#message); NULL sends
-- to the group's main chat ("General" in a forum). Cards, digests and notices to the
-- group carry it (bot/officers/service.py).
ALTER TABLE staff_groups ADD COLUMN card_thread TEXT;
