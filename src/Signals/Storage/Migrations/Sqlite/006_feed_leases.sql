-- Feed leases (see the PostgreSQL migration); SQLite serves one process, where they are uncontended.
ALTER TABLE feeds ADD COLUMN lease_owner TEXT;
ALTER TABLE feeds ADD COLUMN leased_until TEXT;
