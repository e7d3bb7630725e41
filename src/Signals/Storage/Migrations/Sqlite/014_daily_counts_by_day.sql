-- Detection asks once a day which products had adverse-event authors in the last weeks (DbSignalStore.ProductsToJudge):
-- with the whole catalogue watched, the rest are skipped without reading their history. daily_counts is keyed by product
-- first, so that question needs its own index by day.
CREATE INDEX daily_counts_day ON daily_counts (day, event);
