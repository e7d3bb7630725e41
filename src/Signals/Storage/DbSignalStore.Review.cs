using Signals.Classification;
using Signals.Feeds;
using Signals.Review;

namespace Signals.Storage;

public abstract partial class DbSignalStore
{
    // The posts an alert counts: adverse-event posts about the product on the episode's days (naming the event for an event alert).
    private const string EvidenceWhere = """
        FROM post_products pp JOIN posts p ON p.id = pp.post_id
        WHERE pp.product = @product AND pp.day >= @from AND pp.day <= @to AND p.category = 1
        """;
    private const string EvidenceEvent = " AND EXISTS (SELECT 1 FROM post_events pe WHERE pe.post_id = p.id AND pe.event = @event)";

    private const string EvidencePage = """
        SELECT p.id, p.source, p.external_id, p.url, p.author_pseudonym, p.created_at, p.language, p.text,
               p.ae_probability, p.category, p.model_version, v.verdict, v.reviewer, v.decided_at
        FROM post_products pp JOIN posts p ON p.id = pp.post_id LEFT JOIN post_verdicts v ON v.post_id = p.id
        WHERE pp.product = @product AND pp.day >= @from AND pp.day <= @to AND p.category = 1{0}
        ORDER BY p.created_at DESC, p.id DESC
        LIMIT @limit OFFSET @offset
        """;

    // INSERT … SELECT … WHERE EXISTS: an unknown id inserts nothing (and SQLite needs the WHERE to parse ON CONFLICT after a SELECT).
    private const string UpsertVerdict = """
        INSERT INTO post_verdicts (post_id, verdict, reviewer, decided_at)
        SELECT @post, @verdict, @reviewer, @at WHERE EXISTS (SELECT 1 FROM posts WHERE id = @post)
        ON CONFLICT (post_id) DO UPDATE SET verdict = excluded.verdict, reviewer = excluded.reviewer, decided_at = excluded.decided_at
        """;
    private const string UpsertAlertReview = """
        INSERT INTO alert_reviews (alert_id, status, comment, reviewer, updated_at)
        SELECT @alert, @status, @comment, @reviewer, @at WHERE EXISTS (SELECT 1 FROM alerts WHERE id = @alert)
        ON CONFLICT (alert_id) DO UPDATE SET status = excluded.status, comment = excluded.comment, reviewer = excluded.reviewer, updated_at = excluded.updated_at
        """;
    private const string ReviewColumns = "SELECT alert_id, status, comment, reviewer, updated_at FROM alert_reviews";

    public async Task<int> CountEvidencePostsAsync(string product, string? @event, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, $"SELECT COUNT(DISTINCT p.id) {EvidenceWhere}{(@event is null ? "" : EvidenceEvent)}",
            EvidenceParameters(product, @event, from, to));
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct));
    }

    public async Task<IReadOnlyList<EvidencePost>> GetEvidencePostsAsync(string product, string? @event, DateOnly from, DateOnly to, int offset, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = new List<(long Id, Post Post, float Ae, PostCategory Category, string Model, PostVerdict? Verdict)>();
        var sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, EvidencePage, @event is null ? "" : EvidenceEvent);
        await using (var cmd = Command(connection, null, sql, [.. EvidenceParameters(product, @event, from, to), ("limit", limit), ("offset", offset)]))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetInt64(0);
                var post = new Post(reader.GetString(1), reader.GetString(2), NullableString(reader, 3), NullableString(reader, 4),
                    ReadInstant(reader, 5), NullableString(reader, 6), reader.GetString(7));
                PostVerdict? verdict = reader.IsDBNull(11) ? null
                    : new PostVerdict(id, (Verdict)Convert.ToInt32(reader.GetValue(11)), reader.GetString(12), ReadInstant(reader, 13));
                rows.Add((id, post, Convert.ToSingle(reader.GetValue(8)), (PostCategory)Convert.ToInt32(reader.GetValue(9)), reader.GetString(10), verdict));
            }
        }
        var page = new List<EvidencePost>(rows.Count);
        foreach (var row in rows)
        {
            var products = await StringsAsync(connection, Sql.ProductsOfPost, row.Id, ct);
            var events = await StringsAsync(connection, Sql.EventsOfPost, row.Id, ct);
            page.Add(new EvidencePost(row.Id, new ScoredPost(row.Post, products, events, row.Ae, row.Category, row.Model), row.Verdict));
        }
        return page;
    }

    private (string, object?)[] EvidenceParameters(string product, string? @event, DateOnly from, DateOnly to) =>
        @event is null
            ? [("product", product), ("from", Day(from)), ("to", Day(to))]
            : [("product", product), ("from", Day(from)), ("to", Day(to)), ("event", @event)];

    public async Task<bool> SaveVerdictAsync(PostVerdict verdict, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, UpsertVerdict, ("post", verdict.PostId), ("verdict", (int)verdict.Verdict),
            ("reviewer", verdict.Reviewer), ("at", Instant(verdict.DecidedAt)));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<PostVerdict?> GetVerdictAsync(long postId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, "SELECT verdict, reviewer, decided_at FROM post_verdicts WHERE post_id = @post", ("post", postId));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new PostVerdict(postId, (Verdict)Convert.ToInt32(reader.GetValue(0)), reader.GetString(1), ReadInstant(reader, 2))
            : null;
    }

    public async Task<IReadOnlyList<JudgedPost>> ListJudgedPostsAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, """
            SELECT v.post_id, v.verdict, p.text, v.reviewer, v.decided_at, p.author_pseudonym, p.language
            FROM post_verdicts v JOIN posts p ON p.id = v.post_id
            WHERE p.text <> ''
            ORDER BY v.decided_at, v.post_id
            """);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var judged = new List<JudgedPost>();
        while (await reader.ReadAsync(ct))
            judged.Add(new JudgedPost(reader.GetInt64(0), (Verdict)Convert.ToInt32(reader.GetValue(1)), reader.GetString(2), reader.GetString(3), ReadInstant(reader, 4))
            {
                Author = NullableString(reader, 5), Language = NullableString(reader, 6),
            });
        return judged;
    }

    public async Task<bool> SaveAlertReviewAsync(AlertReview review, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, UpsertAlertReview, ("alert", review.AlertId), ("status", (int)review.Status),
            ("comment", review.Comment), ("reviewer", review.Reviewer), ("at", Instant(review.UpdatedAt)));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<AlertReview?> GetAlertReviewAsync(long alertId, CancellationToken ct) =>
        (await ReviewsAsync($"{ReviewColumns} WHERE alert_id = @alert", ct, ("alert", alertId))).SingleOrDefault();

    public Task<IReadOnlyList<AlertReview>> ListAlertReviewsAsync(CancellationToken ct) => ReviewsAsync($"{ReviewColumns} ORDER BY alert_id", ct);

    private async Task<IReadOnlyList<AlertReview>> ReviewsAsync(string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, sql, parameters);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var reviews = new List<AlertReview>();
        while (await reader.ReadAsync(ct))
            reviews.Add(new AlertReview(reader.GetInt64(0), (ReviewStatus)Convert.ToInt32(reader.GetValue(1)), NullableString(reader, 2),
                reader.GetString(3), ReadInstant(reader, 4)));
        return reviews;
    }
}
