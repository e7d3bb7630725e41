-- The day an alert episode was judged over (its counts back within the baseline for EpisodeQuietDays after its last alarm);
-- NULL while it is open. Read by the alerts code to close threads.
ALTER TABLE alerts ADD COLUMN closed_on TEXT;
