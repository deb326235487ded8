-- The intake journal: webhook events acknowledged by the intake process, waiting to be
-- moved into the main database's inbox. Rows are deleted once moved; the unique key
-- drops redeliveries that arrive while a row is still here (the inbox drops the rest).
CREATE TABLE journal (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (channel, external_id)
);
