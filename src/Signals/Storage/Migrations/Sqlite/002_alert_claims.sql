-- Outbox claims: a dispatcher claims pending alerts until a lease expires, so two dispatchers
-- never send the same alert and a crashed one's claims are picked up after the lease.
ALTER TABLE alerts ADD COLUMN claimed_until TEXT;
