-- 0001: the first schema. Times are ISO-8601 UTC text ("2026-11-23T07:05:00.123456+00:00").

-- A citizen is (channel, platform user id): invariant 4 of ARCHITECTURE.md.
CREATE TABLE citizens (
    id              INTEGER PRIMARY KEY,
    channel         TEXT NOT NULL,
    external_id     TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    locale          TEXT,               -- chosen with /bahasa; NULL: follow the platform's
    platform_locale TEXT,
    display_name    TEXT,
    last_inbound_at TEXT,
    created_at      TEXT NOT NULL,
    UNIQUE (channel, external_id)
);

-- Every update/webhook as it arrived, written before the platform is acknowledged.
-- The unique key is the deduplication: a repeated delivery is ignored (invariant 3).
CREATE TABLE inbox (
    id           INTEGER PRIMARY KEY,
    channel      TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    lane         TEXT NOT NULL,         -- processing order key: "citizen:<id>", "staff:<chat>"
    payload      TEXT NOT NULL,         -- the platform's JSON (or form) as received
    received_at  TEXT NOT NULL,
    processed_at TEXT,
    outcome      TEXT,                  -- "ok", "ignored", or an error class name
    UNIQUE (channel, external_id)
);
CREATE INDEX inbox_pending ON inbox (lane, id) WHERE processed_at IS NULL;

-- The conversation state machine's state and draft, one row per citizen.
CREATE TABLE conversations (
    citizen_id       INTEGER PRIMARY KEY REFERENCES citizens (id),
    state            TEXT NOT NULL,
    draft            TEXT NOT NULL,     -- JSON of flows.events.Draft
    last_activity_at TEXT NOT NULL,
    reminder_due_at  TEXT,
    expiry_due_at    TEXT,
    updated_at       TEXT NOT NULL
);
CREATE INDEX conversations_reminder ON conversations (reminder_due_at)
    WHERE reminder_due_at IS NOT NULL;
CREATE INDEX conversations_expiry ON conversations (expiry_due_at)
    WHERE expiry_due_at IS NOT NULL;

CREATE TABLE tickets (
    id            INTEGER PRIMARY KEY,
    reference     TEXT NOT NULL UNIQUE,
    citizen_id    INTEGER NOT NULL REFERENCES citizens (id),
    category      TEXT NOT NULL,
    priority      TEXT NOT NULL DEFAULT 'normal',
    status        TEXT NOT NULL,
    unit_id       TEXT,                 -- the Polres (or Polda Propam) whose queue holds it
    polda_id      TEXT,
    timezone      TEXT NOT NULL,
    description   TEXT NOT NULL,
    occurred_at   TEXT,
    occurred_text TEXT,
    place_text    TEXT,
    place_code    TEXT,
    place_label   TEXT,
    latitude      REAL,
    longitude     REAL,
    contact       TEXT NOT NULL,        -- "chat" or "anonymous"
    locale        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX tickets_citizen ON tickets (citizen_id, id);
CREATE INDEX tickets_unit_status ON tickets (unit_id, status);

-- Append-only history of a ticket: every status change and action, with its actor.
CREATE TABLE ticket_events (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    at         TEXT NOT NULL,
    kind       TEXT NOT NULL,           -- "status", "message_in", "message_out", "note", ...
    status     TEXT,                    -- the new status for kind = "status"
    actor_kind TEXT NOT NULL,           -- "citizen", "officer", "system"
    actor_id   TEXT,
    actor_name TEXT,
    detail     TEXT
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);
-- sqlite:
CREATE TRIGGER ticket_events_append_only_update BEFORE UPDATE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
CREATE TRIGGER ticket_events_append_only_delete BEFORE DELETE ON ticket_events
BEGIN SELECT RAISE(ABORT, 'ticket_events is append-only'); END;
-- postgresql:
-- (raised as an integrity violation, the class SQLite's RAISE(ABORT) has)
CREATE FUNCTION ticket_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ticket_events is append-only' USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER ticket_events_append_only_update BEFORE UPDATE ON ticket_events
FOR EACH ROW EXECUTE FUNCTION ticket_events_append_only();
CREATE TRIGGER ticket_events_append_only_delete BEFORE DELETE ON ticket_events
FOR EACH ROW EXECUTE FUNCTION ticket_events_append_only();
-- The two SQLite functions the store's queries use, so the queries are written once:
-- julianday(ISO text) in days, and instr(haystack, needle) (1-based; 0: not found).
CREATE FUNCTION julianday(text) RETURNS double precision LANGUAGE sql STABLE AS
$$ SELECT extract(epoch FROM $1::timestamptz)::double precision / 86400.0 + 2440587.5 $$;
CREATE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE AS
$$ SELECT strpos($1, $2) $$;
-- both:

-- Evidence files, stored under <data dir>/evidence/ with generated names.
CREATE TABLE evidence (
    id          INTEGER PRIMARY KEY,
    citizen_id  INTEGER NOT NULL REFERENCES citizens (id),
    ticket_id   INTEGER REFERENCES tickets (id),
    channel     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    file_ref    TEXT NOT NULL,          -- platform handle (Telegram file_id, Twilio media URL)
    unique_ref  TEXT,                   -- Telegram file_unique_id when known
    mime_type   TEXT,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    stored_name TEXT NOT NULL,
    caption     TEXT,
    album_id    TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX evidence_citizen ON evidence (citizen_id, created_at);
CREATE INDEX evidence_ticket ON evidence (ticket_id);

-- Everything Dumas sends. A row is written in the same transaction as the state change
-- that causes it (invariant 2) and delivered by the outbox sender.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    kind        TEXT NOT NULL,          -- "reply", "callback_answer", "card", "card_edit", ...
    payload     TEXT NOT NULL,
    ticket_id   INTEGER REFERENCES tickets (id),
    created_at  TEXT NOT NULL,
    not_before  TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending',  -- pending, sending, sent, failed, held
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    sent_at     TEXT,
    external_id TEXT                    -- the platform's message id once sent
);
CREATE INDEX outbox_pending ON outbox (not_before, id) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_chat ON outbox (channel, chat_id, id);

-- Telegram staff groups bound to a unit (Polres, or a Polda's supervisory/Propam group).
CREATE TABLE staff_groups (
    chat_id    TEXT PRIMARY KEY,
    unit_id    TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT 'unit',   -- "unit" or "supervisor"
    title      TEXT,
    bound_at   TEXT NOT NULL
);
CREATE INDEX staff_groups_unit ON staff_groups (unit_id);

-- A ticket's card in a staff group, so it can be edited in place.
CREATE TABLE ticket_cards (
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    chat_id    TEXT NOT NULL,
    message_id TEXT,
    outbox_id  INTEGER REFERENCES outbox (id),
    PRIMARY KEY (ticket_id, chat_id)
);
