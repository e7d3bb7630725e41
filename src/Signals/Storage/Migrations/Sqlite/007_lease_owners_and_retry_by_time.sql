-- Who holds an alert's claim, and delivery retried by time (see the PostgreSQL migration).
ALTER TABLE alerts ADD COLUMN claimed_by TEXT;
ALTER TABLE alerts ADD COLUMN failing_since TEXT;
ALTER TABLE alerts ADD COLUMN next_attempt_at TEXT;
ALTER TABLE alerts ADD COLUMN gave_up_at TEXT;
