-- 0003: WhatsApp (Twilio) sending: one row per message part Dumas asked Twilio to create.
-- `started_at` is written before the request; a part with `started_at` but no
-- `message_sid` was interrupted (timeout, dropped connection, crash): before sending it
-- again, the sender looks it up at Twilio so the citizen does not get it twice.
-- Status callbacks fill `status` (queued, sent, delivered, read, failed, undelivered).
CREATE TABLE whatsapp_parts (
    outbox_id   INTEGER NOT NULL REFERENCES outbox (id),
    part        INTEGER NOT NULL,
    started_at  TEXT,
    message_sid TEXT UNIQUE,
    status      TEXT,
    error_code  TEXT,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (outbox_id, part)
);
