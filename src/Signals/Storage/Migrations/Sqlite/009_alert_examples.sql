-- The posts an alert's e-mail cited (its examples), written when the e-mail is composed. Retention keeps the text of
-- these posts after TextRetention — the evidence an analyst was shown — and empties the rest.
CREATE TABLE alert_examples (
    alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    post_id  INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    cited_at TEXT    NOT NULL,
    PRIMARY KEY (alert_id, post_id)
);
CREATE INDEX alert_examples_post ON alert_examples (post_id);
