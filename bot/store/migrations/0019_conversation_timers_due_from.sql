-- 0019: a conversation's step moves its timers without new index entries (issue 19,
-- bench/README.md "Session 34: the conversation's timers and the outbox's scans").
--
-- Every step sets the reminder (now + reminder minutes) and the expiry (now + draft
-- expiry hours), and each was the key of a partial index, so no step's UPDATE could be
-- HOT on PostgreSQL: an UPDATE is HOT only when no column that an index names (key,
-- expression or partial predicate) changes value; each step's new row version took an
-- entry in all three indexes.
--
-- The timer loop only needs, per row, a time before which none of its timers is due.
-- `timers_due_from` is that lower bound, and it is the one indexed timer column: a step
-- keeps the stored bound whenever it is not after the step's earliest new timer (a
-- step moves timers later, so every step of a conversation but its first keeps it, and
-- the UPDATE is HOT when its page has room), sets it when there was none or the new
-- timer is earlier, and clears it with the timers (bot/store/conversations.py `save`,
-- bot/store/steps.py). The loop reads the rows whose bound has come
-- (`conversations.due_timers`), fires the timers really due, as before from
-- `reminder_due_at` and `expiry_due_at`, and moves the bound of the rows with nothing due
-- to their earliest timer: one non-HOT update per row per wake, about once per reminder
-- period of a conversation that goes on, instead of one per step.
--
-- Both dialects: SQLite writes only the indexes whose columns change, so it also writes
-- one index entry fewer per step (none when the bound is kept, against two).
ALTER TABLE conversations ADD COLUMN timers_due_from TEXT;
UPDATE conversations SET timers_due_from = CASE
    WHEN reminder_due_at IS NULL THEN expiry_due_at
    WHEN expiry_due_at IS NULL OR reminder_due_at < expiry_due_at THEN reminder_due_at
    ELSE expiry_due_at END;
DROP INDEX conversations_reminder;
DROP INDEX conversations_expiry;
CREATE INDEX conversations_timers ON conversations (timers_due_from)
    WHERE timers_due_from IS NOT NULL;
-- postgresql:
-- Room on each page for a step's new row version (a HOT update must stay on its page);
-- new pages only: the table's existing pages fill as they are rewritten.
ALTER TABLE conversations SET (fillfactor = 70);
