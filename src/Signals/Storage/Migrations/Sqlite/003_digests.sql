-- One row per daily digest: inserting it is the claim, so the digest of a day is sent once even with several replicas.
CREATE TABLE digests (
    day     TEXT PRIMARY KEY,
    sent_at TEXT
);
