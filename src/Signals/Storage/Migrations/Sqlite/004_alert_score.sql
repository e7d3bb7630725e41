-- The detector's score (−log10 of the tail probability) of the alert's most striking day, for the e-mail and for tuning.
ALTER TABLE alerts ADD COLUMN score REAL NOT NULL DEFAULT 0;
