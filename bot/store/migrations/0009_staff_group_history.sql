-- 0009: a staff group that loses the bot (removed, kicked) is kept, marked unbound, so its
-- history (which unit it served, since when, why it stopped) survives; only bound groups
-- (unbound_at IS NULL) receive cards. `/daftar` in the group binds it again and clears
-- the mark. A group upgraded to a supergroup keeps its row under the new chat id
-- (bot/officers/binding.py; the move is written to staff_log).
ALTER TABLE staff_groups ADD COLUMN unbound_at TEXT;
ALTER TABLE staff_groups ADD COLUMN unbound_reason TEXT;
