-- 0002: officers work tickets in their Telegram staff groups.

-- Who holds a ticket, how it was closed, and the citizen's feedback afterwards.
ALTER TABLE tickets ADD COLUMN holder_id TEXT;          -- Telegram user id of the officer
ALTER TABLE tickets ADD COLUMN holder_name TEXT;
ALTER TABLE tickets ADD COLUMN claimed_at TEXT;
ALTER TABLE tickets ADD COLUMN resolved_at TEXT;        -- last resolve/reject (UTC)
ALTER TABLE tickets ADD COLUMN closing_note TEXT;
ALTER TABLE tickets ADD COLUMN feedback_state TEXT;     -- NULL, confirm, rating, comment, done
ALTER TABLE tickets ADD COLUMN rating INTEGER;          -- 1..5
ALTER TABLE tickets ADD COLUMN rating_comment TEXT;

-- One-time codes for `/daftar CODE` in a group; only the SHA-256 of the code is kept.
CREATE TABLE staff_link_codes (
    code_hash   TEXT PRIMARY KEY,
    unit_id     TEXT NOT NULL,
    role        TEXT NOT NULL DEFAULT 'unit',
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    used_chat   TEXT
);

-- Optional roles of group members ("officer", "supervisor"); members without a row are
-- officers.
CREATE TABLE staff_roles (
    chat_id  TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    role     TEXT NOT NULL,
    set_at   TEXT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);

-- What an officer is in the middle of (Reply pressed, closing note asked...): kept in the
-- store, so the next message finds it even after a restart.
CREATE TABLE staff_pending (
    chat_id    TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    action     TEXT NOT NULL,         -- reply, resolve, reject, transfer
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    arg        TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);

-- Audit of staff attempts that were refused (non-members, other units).
CREATE TABLE staff_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    user_id    TEXT,
    user_name  TEXT,
    action     TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    ticket_id  INTEGER
);

-- Claim and resolve deadlines: each reminder and escalation fires once (the *_at column
-- is set in the transaction that queues its messages).
CREATE TABLE ticket_deadlines (
    ticket_id    INTEGER NOT NULL REFERENCES tickets (id),
    kind         TEXT NOT NULL,       -- claim, resolve
    started_at   TEXT NOT NULL,
    remind_at    TEXT NOT NULL,
    due_at       TEXT NOT NULL,
    reminded_at  TEXT,
    escalated_at TEXT,
    done_at      TEXT,
    PRIMARY KEY (ticket_id, kind)
);
CREATE INDEX ticket_deadlines_open ON ticket_deadlines (remind_at, due_at) WHERE done_at IS NULL;

-- A digest of new tickets in a group (when cards arrive faster than the group limit).
CREATE TABLE staff_digest_items (
    outbox_id  INTEGER NOT NULL REFERENCES outbox (id),
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    PRIMARY KEY (outbox_id, ticket_id)
);

-- Finding the ticket of a bot message an officer replied to.
CREATE INDEX outbox_external ON outbox (chat_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX tickets_polda_status ON tickets (polda_id, status);
