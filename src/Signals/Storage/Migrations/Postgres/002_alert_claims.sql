-- Outbox claims: a dispatcher claims pending alerts until a lease expires, so two dispatchers
-- (two replicas on one database) never send the same alert and a crashed one's claims are picked
-- up after the lease. The claim query skips rows another transaction holds (FOR UPDATE SKIP LOCKED).
ALTER TABLE alerts ADD COLUMN claimed_until timestamptz;
