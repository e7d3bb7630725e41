-- Analysts' judgements from the review page. A post's verdict (one per post, the latest wins) is training data
-- for the classifier and, keyed by post id, lets the retention rule keep the text of judged posts.
CREATE TABLE post_verdicts (
    post_id    INTEGER PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
    verdict    INTEGER NOT NULL, -- 1 adverse event, 2 not an adverse event, 3 product complaint, 4 usage question, 5 medical question
    reviewer   TEXT    NOT NULL,
    decided_at TEXT    NOT NULL
);

-- An alert's review status (0 new, 1 under review, 2 signal confirmed, 3 dismissed) with the analyst's comment.
CREATE TABLE alert_reviews (
    alert_id   INTEGER PRIMARY KEY REFERENCES alerts(id) ON DELETE CASCADE,
    status     INTEGER NOT NULL,
    comment    TEXT,
    reviewer   TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
