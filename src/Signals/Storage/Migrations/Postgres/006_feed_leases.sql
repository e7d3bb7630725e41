-- Feed leases: a replica claims the feeds that are due until a lease expires, so several replicas
-- on one database share the feeds instead of each reading all of them, and a crashed replica's
-- feeds are taken over when its leases run out. Claims skip rows another transaction holds.
ALTER TABLE feeds ADD COLUMN lease_owner text;
ALTER TABLE feeds ADD COLUMN leased_until timestamptz;
