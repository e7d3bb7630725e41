-- The days whose counts changed after they were last judged (a backfill, a file replayed into a jsonl feed's folder, the
-- first read of a feed's history): detection judges them in order, and retention keeps their posts' texts until it has.
-- version grows each time new posts arrive, so a day judged while posts were still arriving stays queued.
CREATE TABLE unjudged_days (
    day     TEXT    PRIMARY KEY,
    version INTEGER NOT NULL
);
