namespace Signals.Storage;

public abstract partial class DbSignalStore
{
    /// <summary>Statements valid in both PostgreSQL and SQLite (3.35+).</summary>
    private static class Sql
    {
        public const string InsertPost = """
            INSERT INTO posts (source, external_id, url, author_pseudonym, language, created_at, day, text,
                               ae_probability, category, model_version, stored_at, decision_threshold)
            VALUES (@source, @external_id, @url, @author, @language, @created_at, @day, @text, @ae, @category, @model, @stored_at, @threshold)
            ON CONFLICT (source, external_id) DO NOTHING
            RETURNING id
            """;

        // Retention keeps evidence, not everything: after the cutoff a post keeps its text and link only when it is evidence —
        // cited by an alert's e-mail, judged by an analyst on the review page (the verdict is training data, which needs the
        // text) or waiting in the review page's queue to be judged, in the window of an alert still waiting for its e-mail (whose examples are not chosen yet: from the two days
        // before its first alarm, as EpisodeReporter picks them; {0} is that day in the engine's date arithmetic), or on a day
        // not judged yet (posts of 2017 read today are old by their date, and their day may still alarm).
        private const string KeptAsEvidence = """
                   EXISTS (SELECT 1 FROM alert_examples ae WHERE ae.post_id = posts.id)
                OR EXISTS (SELECT 1 FROM post_verdicts v WHERE v.post_id = posts.id)
                OR EXISTS (SELECT 1 FROM learning_queue q WHERE q.post_id = posts.id)
                OR EXISTS (SELECT 1 FROM unjudged_days u WHERE u.day = posts.day)
                OR EXISTS (SELECT 1 FROM post_products pp JOIN alerts a ON a.product = pp.product
                           WHERE pp.post_id = posts.id AND a.status = 0 AND pp.day >= {0} AND pp.day <= a.last_day)
            """;

        public const string PurgeOldText = $"""
            UPDATE posts SET text = '', url = NULL
            WHERE created_at < @cutoff AND (text <> '' OR url IS NOT NULL)
              AND NOT ({KeptAsEvidence})
            """;

        public const string RecordExample = """
            INSERT INTO alert_examples (alert_id, post_id, cited_at)
            SELECT @alert, id, @at FROM posts WHERE source = @source AND external_id = @external_id
            ON CONFLICT DO NOTHING
            """;

        public const string InsertProduct = "INSERT INTO post_products (post_id, product, day) VALUES (@post, @product, @day) ON CONFLICT DO NOTHING";
        public const string InsertEvent = "INSERT INTO post_events (post_id, event) VALUES (@post, @event) ON CONFLICT DO NOTHING";

        // Distinct authors per day, kept by CountNewPostsAsync as posts are stored (a post without an author counts as its
        // own author): one row a day, however many posts. Days without any are absent, as when counted from the posts.
        public const string DailyCounts = """
            SELECT day, adverse_authors FROM daily_counts
            WHERE product = @product AND event = '' AND day >= @from AND day <= @to AND adverse_authors > 0
            ORDER BY day
            """;

        // Every post naming the product, whatever its category.
        public const string DailyMentionCounts = """
            SELECT day, authors FROM daily_counts
            WHERE product = @product AND event = '' AND day >= @from AND day <= @to AND authors > 0
            ORDER BY day
            """;

        public const string DailyEventCounts = """
            SELECT day, adverse_authors FROM daily_counts
            WHERE product = @product AND event = @event AND day >= @from AND day <= @to AND adverse_authors > 0
            ORDER BY day
            """;

        // daily_counts_day (migration 014) serves the range; alerts without a closing day are few.
        public const string ProductsToJudge = """
            SELECT DISTINCT product FROM daily_counts WHERE day >= @from AND day <= @to AND event = '' AND adverse_authors > 0
            UNION
            SELECT product FROM alerts WHERE closed_on IS NULL
            """;

        public const string ActiveEvents = """
            SELECT pe.event
            FROM post_products pp JOIN posts p ON p.id = pp.post_id JOIN post_events pe ON pe.post_id = p.id
            WHERE pp.product = @product AND pp.day >= @from AND pp.day <= @to AND p.category = 1
            GROUP BY pe.event
            HAVING COUNT(DISTINCT COALESCE(p.author_pseudonym, 'post:' || CAST(p.id AS text))) >= @minimum
            ORDER BY pe.event
            """;

        public const string ExamplePosts = """
            SELECT p.id, p.source, p.external_id, p.url, p.author_pseudonym, p.created_at, p.language, p.text,
                   p.ae_probability, p.category, p.model_version
            FROM post_products pp JOIN posts p ON p.id = pp.post_id
            WHERE pp.product = @product AND pp.day >= @from AND pp.day <= @to AND p.category = 1 AND p.text <> ''
            ORDER BY p.created_at DESC, p.id DESC
            LIMIT @limit
            """;

        public const string ProductsOfPost = "SELECT product FROM post_products WHERE post_id = @post ORDER BY product";
        public const string EventsOfPost = "SELECT event FROM post_events WHERE post_id = @post ORDER BY event";

        public const string GetFeed = "SELECT name, cursor, error_count, last_error, last_checked_at, next_check_at FROM feeds WHERE name = @name";
        public const string ListFeeds = "SELECT name, cursor, error_count, last_error, last_checked_at, next_check_at FROM feeds ORDER BY name";
        public const string SaveFeed = """
            INSERT INTO feeds (name, cursor, error_count, last_error, last_checked_at, next_check_at)
            VALUES (@name, @cursor, @errors, @error, @checked, @next)
            ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, error_count = excluded.error_count,
                last_error = excluded.last_error, last_checked_at = excluded.last_checked_at, next_check_at = excluded.next_check_at
            """;

        public const string AlertColumns = "id, key, product, event, first_day, last_day, observed, expected, threshold, status, attempts, last_error, created_at, sent_at, score, notified_observed, failing_since, next_attempt_at, gave_up_at, closed_on";
        public const string InsertAlert = """
            INSERT INTO alerts (key, product, event, first_day, last_day, observed, expected, threshold, status, attempts, created_at, score)
            VALUES (@key, @product, @event, @first, @last, @observed, @expected, @threshold, @status, 0, @created, @score)
            ON CONFLICT (key) DO NOTHING
            """;
        public const string AlertByKey = $"SELECT {AlertColumns} FROM alerts WHERE key = @key";
        public const string AlertById = $"SELECT {AlertColumns} FROM alerts WHERE id = @id";
        public const string LatestProductAlert = $"SELECT {AlertColumns} FROM alerts WHERE product = @product AND event IS NULL AND first_day <= @day ORDER BY first_day DESC, id DESC LIMIT 1";
        public const string LatestEventAlert = $"SELECT {AlertColumns} FROM alerts WHERE product = @product AND event = @event AND first_day <= @day ORDER BY first_day DESC, id DESC LIMIT 1";
        public const string ListAlerts = $"SELECT {AlertColumns} FROM alerts ORDER BY id";
        public const string PendingAlerts = $"SELECT {AlertColumns} FROM alerts WHERE status = 0 AND attempts < @max ORDER BY id LIMIT @limit";
        public const string UpdateEpisode = "UPDATE alerts SET last_day = @last, observed = @observed, expected = @expected, threshold = @threshold, score = @score, closed_on = NULL WHERE id = @id";
        public const string CloseEpisode = "UPDATE alerts SET closed_on = @closed WHERE id = @id AND closed_on IS NULL";
        public const string ProductAlertsBetween = $"SELECT {AlertColumns} FROM alerts WHERE product = @product AND first_day <= @to AND last_day >= @from ORDER BY first_day, id";
        private const string NoClaimNoFailure = "claimed_until = NULL, claimed_by = NULL, failing_since = NULL, next_attempt_at = NULL, gave_up_at = NULL";
        public const string MarkSent = $"UPDATE alerts SET status = 1, sent_at = @sent, last_error = NULL, {NoClaimNoFailure}, notified_observed = @observed WHERE id = @id";
        public const string Renotify = $"UPDATE alerts SET status = 0, attempts = 0, last_error = NULL, {NoClaimNoFailure} WHERE id = @id AND status = 1";
        // @retry NULL (@gave_up 1): the retry period is over; the alert stays pending for an operator (gave_up_at set).
        public const string RecordFailure = """
            UPDATE alerts SET attempts = attempts + 1, last_error = @error, claimed_until = NULL, claimed_by = NULL,
                failing_since = COALESCE(failing_since, @failed), next_attempt_at = @retry,
                gave_up_at = CASE WHEN @gave_up = 1 THEN @failed ELSE NULL END
            WHERE id = @id
            """;
        public const string ResetAlert = $"UPDATE alerts SET status = 0, attempts = 0, sent_at = NULL, last_error = NULL, {NoClaimNoFailure} WHERE id = @id";

        /// <summary>
        /// {0} is the engine's row-locking clause for the inner select (PostgreSQL: FOR UPDATE SKIP LOCKED). The owner's own
        /// claims are claimable again: one process dispatches one round at a time, so a claim of its own still standing was
        /// left by a round that could not record its outcome (the database went away).
        /// </summary>
        public const string ClaimAlerts = $$"""
            UPDATE alerts SET claimed_until = @lease, claimed_by = @owner
            WHERE id IN (SELECT id FROM alerts
                         WHERE status = 0 AND gave_up_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
                           AND (claimed_until IS NULL OR claimed_until < @now OR claimed_by = @owner)
                         ORDER BY id LIMIT @limit {0})
            RETURNING {{AlertColumns}}
            """;
    }
}
