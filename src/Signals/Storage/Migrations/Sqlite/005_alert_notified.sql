-- What the last e-mail of an alert said (its observed count), so an episode that grows materially is e-mailed again.
ALTER TABLE alerts ADD COLUMN notified_observed INTEGER NOT NULL DEFAULT 0;
