using Signals.Feeds;
using Signals.Review;

namespace Signals.Storage;

public abstract partial class DbSignalStore
{
    private const string QueueColumns = "p.id, p.source, p.external_id, p.url, p.author_pseudonym, p.created_at, p.language, p.text, p.ae_probability, p.decision_threshold";
    private const string NotJudged = "NOT EXISTS (SELECT 1 FROM post_verdicts v WHERE v.post_id = p.id)";

    public Task<IReadOnlyList<QueuedPost>> ListQueueAsync(IReadOnlyCollection<string> languages, CancellationToken ct) =>
        QueuedAsync($"""
            SELECT {QueueColumns}, q.margin FROM learning_queue q JOIN posts p ON p.id = q.post_id
            WHERE p.text <> '' AND {NotJudged}{LanguageFilter(languages)}
            ORDER BY q.margin, p.id
            """, languages, ct);

    // Only posts stored with their threshold (since migration 015): an older post's probability may be another model's.
    public Task<IReadOnlyList<QueuedPost>> ListQueueCandidatesAsync(IReadOnlyCollection<string> languages, int limit, CancellationToken ct) =>
        QueuedAsync($"""
            SELECT {QueueColumns}, ABS(p.ae_probability - p.decision_threshold) AS margin FROM posts p
            WHERE p.text <> '' AND p.decision_threshold IS NOT NULL AND {NotJudged}
              AND NOT EXISTS (SELECT 1 FROM learning_queue q WHERE q.post_id = p.id){LanguageFilter(languages)}
            ORDER BY margin, p.id
            LIMIT @limit
            """, languages, ct, ("limit", limit));

    public async Task EnqueueAsync(IReadOnlyList<QueuedPost> posts, CancellationToken ct)
    {
        if (posts.Count == 0) return;
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var post in posts)
        {
            await using var cmd = Command(connection, tx, "INSERT INTO learning_queue (post_id, margin, queued_at) VALUES (@post, @margin, @at) ON CONFLICT DO NOTHING",
                ("post", post.Id), ("margin", (float)post.Margin), ("at", Instant(Now)));
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    private static string LanguageFilter(IReadOnlyCollection<string> languages) =>
        languages.Count == 0 ? "" : $" AND p.language IN ({string.Join(", ", languages.Select((_, i) => $"@language{i}"))})";

    private async Task<IReadOnlyList<QueuedPost>> QueuedAsync(string sql, IReadOnlyCollection<string> languages, CancellationToken ct, params (string, object?)[] more)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, sql, [.. languages.Select((l, i) => ($"language{i}", (object?)l)), .. more]);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var posts = new List<QueuedPost>();
        while (await reader.ReadAsync(ct))
        {
            var post = new Post(reader.GetString(1), reader.GetString(2), NullableString(reader, 3), NullableString(reader, 4),
                ReadInstant(reader, 5), NullableString(reader, 6), reader.GetString(7));
            posts.Add(new QueuedPost(reader.GetInt64(0), post, Convert.ToSingle(reader.GetValue(8)),
                reader.IsDBNull(9) ? double.NaN : Convert.ToDouble(reader.GetValue(9)), Convert.ToDouble(reader.GetValue(10))));
        }
        return posts;
    }
}
