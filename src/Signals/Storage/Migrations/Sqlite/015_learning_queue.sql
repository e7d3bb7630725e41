-- Issue 26, learning from analysts. The decision threshold the post was judged at (the model's, or the configured override),
-- so the "help the classifier" queue can ask about the posts closest to it even after the model changed; NULL for posts
-- stored before this migration (they are not asked about).
ALTER TABLE posts ADD COLUMN decision_threshold REAL;

-- The posts the queue shows, until judged: retention keeps their text (a bounded set: Signals:Review:QueueSize per set of languages).
CREATE TABLE learning_queue (
    post_id   INTEGER PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
    margin    REAL    NOT NULL, -- |probability − threshold| when queued: the smaller, the less sure the model
    queued_at TEXT    NOT NULL
);
