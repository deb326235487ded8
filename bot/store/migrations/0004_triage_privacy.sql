-- 0004: triage (emergencies, harsh language, duplicates) and personal-data protection.

-- What triage found on the complaint: {"emergency": [...], "abuse": {"words": [...],
-- "kinds": [...]}, "provocation": {"by": name, "at": time}}; tickets.priority is "urgent"
-- after an emergency. erased_at: personal data erased (/hapusdata or retention).
ALTER TABLE tickets ADD COLUMN flags TEXT;
ALTER TABLE tickets ADD COLUMN erased_at TEXT;
CREATE INDEX tickets_closed_erase ON tickets (resolved_at) WHERE erased_at IS NULL;
CREATE INDEX tickets_recent_category ON tickets (category, created_at);

-- Tickets that may be the same incident (same citizen and matter within 24 h, or the same
-- category close by within 2 h). One row per pair, the newer ticket first.
CREATE TABLE ticket_links (
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    other_id   INTEGER NOT NULL REFERENCES tickets (id),
    reason     TEXT NOT NULL,          -- same_citizen, nearby
    score      REAL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (ticket_id, other_id)
);
CREATE INDEX ticket_links_other ON ticket_links (other_id);

-- Messages with harsh language (and officers' "provocation" marks), per citizen: the
-- cooldown counts them over 24 hours. `words` are erased with the citizen's data.
CREATE TABLE citizen_flags (
    id         INTEGER PRIMARY KEY,
    citizen_id INTEGER NOT NULL REFERENCES citizens (id),
    at         TEXT NOT NULL,
    kind       TEXT NOT NULL,          -- abuse, provocation
    words      TEXT,
    ticket_id  INTEGER REFERENCES tickets (id)
);
CREATE INDEX citizen_flags_recent ON citizen_flags (citizen_id, at);

-- Consent to the privacy notice, with the notice's version (UU PDP, Law 27/2022).
CREATE TABLE consents (
    id             INTEGER PRIMARY KEY,
    citizen_id     INTEGER NOT NULL REFERENCES citizens (id),
    at             TEXT NOT NULL,
    notice_version TEXT NOT NULL,
    granted        INTEGER NOT NULL
);
CREATE INDEX consents_citizen ON consents (citizen_id, id);

-- Erasures (by the citizen or the retention purge): counts only, no personal data.
CREATE TABLE erasures (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    citizen_id  INTEGER,
    reason      TEXT NOT NULL,         -- request, retention
    tickets     INTEGER NOT NULL,
    files       INTEGER NOT NULL
);

-- Urgent staff cards jump their group's queue: the sender takes the highest priority
-- first within a chat.
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;

-- ticket_events stays append-only, except that the text in `detail` may be replaced by
-- a redaction marker when personal data is erased (the event itself, its time, kind,
-- status and actor stay: the statistics need them).
-- sqlite:
DROP TRIGGER ticket_events_append_only_update;
CREATE TRIGGER ticket_events_append_only_update BEFORE UPDATE ON ticket_events
WHEN NEW.id IS NOT OLD.id OR NEW.ticket_id IS NOT OLD.ticket_id OR NEW.at IS NOT OLD.at
  OR NEW.kind IS NOT OLD.kind OR NEW.status IS NOT OLD.status
  OR NEW.actor_kind IS NOT OLD.actor_kind OR NEW.actor_id IS NOT OLD.actor_id
  OR NEW.actor_name IS NOT OLD.actor_name
  OR (NEW.detail IS NOT NULL AND NEW.detail NOT LIKE '{"redacted": true%')
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
-- postgresql:
DROP TRIGGER ticket_events_append_only_update ON ticket_events;
CREATE FUNCTION ticket_events_redact_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.ticket_id IS DISTINCT FROM OLD.ticket_id
       OR NEW.at IS DISTINCT FROM OLD.at OR NEW.kind IS DISTINCT FROM OLD.kind
       OR NEW.status IS DISTINCT FROM OLD.status
       OR NEW.actor_kind IS DISTINCT FROM OLD.actor_kind
       OR NEW.actor_id IS DISTINCT FROM OLD.actor_id
       OR NEW.actor_name IS DISTINCT FROM OLD.actor_name
       OR (NEW.detail IS NOT NULL AND NEW.detail NOT LIKE '{"redacted": true%') THEN
        RAISE EXCEPTION 'ticket_events is append-only'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER ticket_events_append_only_update BEFORE UPDATE ON ticket_events
FOR EACH ROW EXECUTE FUNCTION ticket_events_redact_only();
-- both:
