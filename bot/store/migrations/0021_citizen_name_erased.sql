-- 0021: a citizen who asked for erasure keeps no name (README, "Personal data").
--
-- /hapusdata with an open complaint erases the name at once and keeps the chat account
-- for the officers. Telegram, WhatsApp, the web page and the console send the profile
-- name with every message, and the arrival's upsert stored it again with the next one.
-- `name_erased_at` (ISO time of the erasure; NULL: never asked) makes the upserts
-- (bot/store/citizens.py UPSERT, bot/store/conversations.py _ARRIVING_PG) keep the name
-- NULL for that account. An erasure with nothing open replaces the account itself, and a
-- message after it starts a new citizen row, as from a new contact.
ALTER TABLE citizens ADD COLUMN name_erased_at TEXT;
