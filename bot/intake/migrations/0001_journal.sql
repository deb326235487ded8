-- The intake journal: webhook events acknowledged by the intake process, waiting to be
-- moved into the main database's inbox. Rows are deleted once moved; the unique key
-- drops redeliveries that arrive while a row is still here (the inbox drops the rest).
CREATE TABLE journal (
    -- AUTOINCREMENT: ids never come back after the rows below are trimmed (the mover
    -- remembers the last id it moved)
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (channel, external_id)
);
