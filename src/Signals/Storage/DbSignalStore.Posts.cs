using System.Data.Common;

namespace Signals.Storage;

public abstract partial class DbSignalStore
{
    /// <summary>
    /// One post the database refuses (a constraint, a value the engine cannot take) must not take its batch with it: when
    /// the batch fails on a row's values (<see cref="RefusesRow"/>), each post is stored again alone, in its own transaction,
    /// so the others are kept; the refused ones are then named in a <see cref="PostsRefusedException"/>. Any other failure (a
    /// lost connection, a deadlock, a missing table) still fails the whole batch, which is stored again on the next try.
    /// </summary>
    public async Task<int> AddPostsAsync(IReadOnlyList<ScoredPost> posts, CancellationToken ct)
    {
        try { return await AddBatchAsync(posts, ct); }
        catch (DbException ex) when (RefusesRow(ex) && !ct.IsCancellationRequested)
        {
            var stored = 0;
            var refused = new List<string>();
            foreach (var post in posts)
            {
                try { stored += await AddBatchAsync([post], ct); }
                catch (DbException one) when (RefusesRow(one) && !ct.IsCancellationRequested)
                {
                    refused.Add($"post {post.Post.Source}/{post.Post.ExternalId}: {StoreUnavailableException.Cause(one).ReplaceLineEndings(" ")}");
                }
            }
            if (refused.Count > 0) throw new PostsRefusedException(stored, refused, ex);
            return stored;
        }
    }

    /// <summary>The engine refused a row's values (a constraint, a value or a key it cannot take), not the database being unusable.</summary>
    protected abstract bool RefusesRow(DbException exception);

    /// <summary>
    /// Row by row through three commands prepared once for the batch: an embedded database has no round trips to save,
    /// only statements to parse, so reusing them is what makes a batch cheap there. PostgreSQL overrides this with COPY.
    /// </summary>
    protected virtual async Task<int> AddBatchAsync(IReadOnlyList<ScoredPost> posts, CancellationToken ct)
    {
        if (posts.Count == 0) return 0;
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var storedAt = Instant(Now);
        await using var insert = Command(connection, tx, Sql.InsertPost,
            ("source", null), ("external_id", null), ("url", null), ("author", null), ("language", null), ("created_at", null),
            ("day", null), ("text", null), ("ae", null), ("category", null), ("model", null), ("stored_at", null), ("threshold", null));
        await using var insertProduct = Command(connection, tx, Sql.InsertProduct, ("post", null), ("product", null), ("day", null));
        await using var insertEvent = Command(connection, tx, Sql.InsertEvent, ("post", null), ("event", null));
        var added = new List<long>();
        foreach (var scored in posts)
        {
            var p = scored.Post;
            var day = Day(DateOnly.FromDateTime(p.CreatedAt.UtcDateTime));
            var stored = Stored(p);
            Bind(insert, PostPrivacy.Source(p.Source, p.Author), stored.ExternalId, stored.Url, Pseudonym(p.Author), p.Language, Instant(p.CreatedAt), day, stored.Text,
                scored.AdverseEventProbability, (int)scored.Category, scored.ModelVersion, storedAt, scored.DecisionThreshold);
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
