-- One row per closing e-mail of an alert episode: inserting it is the claim, so an episode that ended is announced
-- once even with several replicas; a failed send deletes the row and the next round tries again.
CREATE TABLE episode_closings (
    alert_id INTEGER PRIMARY KEY REFERENCES alerts (id),
    sent_at  TEXT
);
