-- 0008: officers mark a triage flag wrong with one tap on the card ("not an emergency",
-- "not harsh language"). Each correction is kept with the officer and the time, and
-- `dumas triage export` turns them, with the ticket's text, into labelled lines for the
-- next training. One correction per ticket and flag: the button goes once it is pressed.
CREATE TABLE triage_corrections (
    id           INTEGER PRIMARY KEY,
    ticket_id    INTEGER NOT NULL REFERENCES tickets (id),
    flag         TEXT NOT NULL CHECK (flag IN ('emergency', 'abusive')),
    officer_id   TEXT NOT NULL,
    officer_name TEXT NOT NULL,
    at           TEXT NOT NULL,
    UNIQUE (ticket_id, flag)
);
