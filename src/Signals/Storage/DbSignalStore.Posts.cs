namespace Signals.Storage;

public abstract partial class DbSignalStore
{
    /// <summary>
    /// Row by row through three commands prepared once for the batch: an embedded database has no round trips to save,
    /// only statements to parse, so reusing them is what makes a batch cheap there. PostgreSQL overrides this with COPY.
    /// </summary>
    public virtual async Task<int> AddPostsAsync(IReadOnlyList<ScoredPost> posts, CancellationToken ct)
    {
        if (posts.Count == 0) return 0;
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var storedAt = Instant(Now);
        await using var insert = Command(connection, tx, Sql.InsertPost,
            ("source", null), ("external_id", null), ("url", null), ("author", null), ("language", null), ("created_at", null),
            ("day", null), ("text", null), ("ae", null), ("category", null), ("model", null), ("stored_at", null));
        await using var insertProduct = Command(connection, tx, Sql.InsertProduct, ("post", null), ("product", null), ("day", null));
        await using var insertEvent = Command(connection, tx, Sql.InsertEvent, ("post", null), ("event", null));
        var added = new List<long>();
        foreach (var scored in posts)
        {
            var p = scored.Post;
            var day = Day(DateOnly.FromDateTime(p.CreatedAt.UtcDateTime));
            var stored = Stored(p);
            Bind(insert, PostPrivacy.Source(p.Source, p.Author), stored.ExternalId, stored.Url, Pseudonym(p.Author), p.Language, Instant(p.CreatedAt), day, stored.Text,
                scored.AdverseEventProbability, (int)scored.Category, scored.ModelVersion, storedAt);
            if (await insert.ExecuteScalarAsync(ct) is not { } id || id is DBNull) continue; // already stored
            added.Add(Convert.ToInt64(id));
            foreach (var product in scored.Products.Distinct())
            {
                Bind(insertProduct, id, product, day);
                await insertProduct.ExecuteNonQueryAsync(ct);
            }
            foreach (var ev in scored.Events.Distinct())
            {
                Bind(insertEvent, id, ev);
                await insertEvent.ExecuteNonQueryAsync(ct);
            }
        }
        await CountNewPostsAsync(connection, tx, added, ct);
        await tx.CommitAsync(ct);
        return added.Count;
    }

    private static void Bind(System.Data.Common.DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }
}
