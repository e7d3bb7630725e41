-- Posts about watched products, with what matching and classification found.
-- (source, external_id) is the identity of a post: storing it again is a no-op.
CREATE TABLE posts (
    id               INTEGER PRIMARY KEY,
    source           TEXT    NOT NULL,
    external_id      TEXT    NOT NULL,
    url              TEXT,
    author_pseudonym TEXT,               -- HMAC of the handle, never the handle itself
    language         TEXT,
    created_at       TEXT    NOT NULL,   -- ISO-8601 UTC
    day              TEXT    NOT NULL,   -- yyyy-MM-dd, UTC day of created_at
    text             TEXT    NOT NULL,
    ae_probability   REAL    NOT NULL,
    category         INTEGER NOT NULL,   -- 0 other, 1 adverse event, 2 product complaint
    model_version    TEXT    NOT NULL,
    stored_at        TEXT    NOT NULL,
    UNIQUE (source, external_id)
);

CREATE TABLE post_products (
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    product TEXT    NOT NULL,
    day     TEXT    NOT NULL,
    PRIMARY KEY (product, day, post_id)
);

CREATE TABLE post_events (
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    event   TEXT    NOT NULL,
    PRIMARY KEY (post_id, event)
);

CREATE TABLE feeds (
    name            TEXT PRIMARY KEY,
    cursor          TEXT,
    error_count     INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    last_checked_at TEXT,
    next_check_at   TEXT
);

-- The outbox: an alert is committed here before any e-mail is sent.
CREATE TABLE alerts (
    id          INTEGER PRIMARY KEY,
    key         TEXT    NOT NULL UNIQUE,
    product     TEXT    NOT NULL,
    event       TEXT,
    first_day   TEXT    NOT NULL,
    last_day    TEXT    NOT NULL,
    observed    INTEGER NOT NULL,
    expected    REAL    NOT NULL,
    threshold   REAL    NOT NULL,
    status      INTEGER NOT NULL DEFAULT 0,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  TEXT    NOT NULL,
    sent_at     TEXT
);
CREATE INDEX alerts_pending ON alerts (status, id);
CREATE INDEX alerts_product ON alerts (product, event, first_day);
