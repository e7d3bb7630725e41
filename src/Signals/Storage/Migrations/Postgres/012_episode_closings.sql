-- One row per closing e-mail of an alert episode. Claiming it (insert, or update of an unsent row) is a lease in a worker's
-- name, like an alert's: several replicas send it once, a crashed worker's claim is taken over when its lease runs out, and
-- a restarted worker takes back its own at once. A failed send is retried by time, as alerts are (failing_since,
-- next_attempt_at), and given up after Signals:Email:RetryFor (gave_up_at).
CREATE TABLE episode_closings (
    alert_id        bigint PRIMARY KEY REFERENCES alerts (id),
    sent_at         timestamptz,
    claimed_by      text,
    claimed_until   timestamptz,
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    failing_since   timestamptz,
    next_attempt_at timestamptz,
    gave_up_at      timestamptz
);
