-- Who holds an alert's claim, so a restarted worker takes back the claims of its own previous process at once
-- instead of waiting for the lease (feeds already record lease_owner).
ALTER TABLE alerts ADD COLUMN claimed_by text;
-- Delivery is retried by time, with back-off, for Signals:Email:RetryFor after the first failure:
-- failing_since is that first failure, next_attempt_at the earliest next try, gave_up_at when it was left for an operator.
ALTER TABLE alerts ADD COLUMN failing_since timestamptz;
ALTER TABLE alerts ADD COLUMN next_attempt_at timestamptz;
ALTER TABLE alerts ADD COLUMN gave_up_at timestamptz;
