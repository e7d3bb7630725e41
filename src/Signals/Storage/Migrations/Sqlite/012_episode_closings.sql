-- One row per closing e-mail of an alert episode: a lease in a worker's name, retried by time (see the PostgreSQL migration).
CREATE TABLE episode_closings (
    alert_id        INTEGER PRIMARY KEY REFERENCES alerts (id),
    sent_at         TEXT,
    claimed_by      TEXT,
    claimed_until   TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    failing_since   TEXT,
    next_attempt_at TEXT,
    gave_up_at      TEXT
);
