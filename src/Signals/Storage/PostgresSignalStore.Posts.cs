using Npgsql;
using NpgsqlTypes;

namespace Signals.Storage;

public sealed partial class PostgresSignalStore
{
    /// <summary>
    /// A batch in three round trips whatever its size: binary COPY into a staging table that lives for the
    /// transaction, then one statement that inserts the posts not stored yet (<c>ON CONFLICT DO NOTHING</c>, as row by
    /// row) and, for exactly those, their products and events. A post twice in the batch counts once, as first written.
    /// </summary>
    protected override async Task<int> AddBatchAsync(IReadOnlyList<ScoredPost> posts, CancellationToken ct)
    {
        if (posts.Count == 0) return 0;
        await using var connection = (NpgsqlConnection)await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var create = new NpgsqlCommand(PostSql.CreateStaging, connection, tx)) await create.ExecuteNonQueryAsync(ct);
        await using (var copy = await connection.BeginBinaryImportAsync(PostSql.CopyStaging, ct))
        {
            for (var i = 0; i < posts.Count; i++)
            {
                var (scored, p) = (posts[i], posts[i].Post);
                var stored = Stored(p);
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(i, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(PostPrivacy.Source(p.Source, p.Author), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(stored.ExternalId, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(copy, stored.Url, ct);
                await WriteNullableAsync(copy, Pseudonym(p.Author), ct);
                await WriteNullableAsync(copy, p.Language, ct);
                await copy.WriteAsync(p.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(DateOnly.FromDateTime(p.CreatedAt.UtcDateTime), NpgsqlDbType.Date, ct);
                await copy.WriteAsync(stored.Text, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(scored.AdverseEventProbability, NpgsqlDbType.Real, ct);
                await copy.WriteAsync((short)scored.Category, NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(scored.ModelVersion, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(scored.Products.Distinct().ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await copy.WriteAsync(scored.Events.Distinct().ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                if (scored.DecisionThreshold is { } threshold) await copy.WriteAsync(threshold, NpgsqlDbType.Double, ct);
                else await copy.WriteNullAsync(ct);
            }
            await copy.CompleteAsync(ct);
        }
        await using var merge = new NpgsqlCommand(PostSql.Merge, connection, tx);
        merge.Parameters.AddWithValue("stored_at", NpgsqlDbType.TimestampTz, Now.ToUniversalTime());
        var added = new List<long>();
        await using (var reader = await merge.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) added.Add(reader.GetInt64(0));
        await CountNewPostsAsync(connection, tx, added, ct);
        await tx.CommitAsync(ct);
        return added.Count;
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct)
    {
        if (value is null) await copy.WriteNullAsync(ct);
        else await copy.WriteAsync(value, NpgsqlDbType.Text, ct);
    }

    private static class PostSql
    {
        public const string CreateStaging = """
            CREATE TEMP TABLE posts_staging (
                ord int, source text, external_id text, url text, author_pseudonym text, language text, created_at timestamptz,
                day date, text text, ae_probability real, category smallint, model_version text, products text[], events text[], decision_threshold double precision
            ) ON COMMIT DROP
            """;

        public const string CopyStaging = """
            COPY posts_staging (ord, source, external_id, url, author_pseudonym, language, created_at, day, text,
                                ae_probability, category, model_version, products, events, decision_threshold) FROM STDIN (FORMAT BINARY)
            """;

        // Posts go in in key order: two writers storing overlapping batches (two replicas, two replays of one file)
        // then take the key locks in the same order, so one waits for the other instead of deadlocking — the pipeline
        // does not keep the file's order within a batch. Products and events reference the new posts: foreign keys are
        // checked at the end of the statement, when the posts of the first CTE are in.
        public const string Merge = """
            WITH batch AS (
                SELECT DISTINCT ON (source, external_id) * FROM posts_staging ORDER BY source, external_id, ord
            ), added AS (
                INSERT INTO posts (source, external_id, url, author_pseudonym, language, created_at, day, text,
                                   ae_probability, category, model_version, stored_at, decision_threshold)
                SELECT source, external_id, url, author_pseudonym, language, created_at, day, text,
                       ae_probability, category, model_version, @stored_at, decision_threshold
                FROM batch ORDER BY source, external_id
                ON CONFLICT (source, external_id) DO NOTHING
                RETURNING id, source, external_id, day
            ), products AS (
                INSERT INTO post_products (post_id, product, day)
                SELECT a.id, p.product, a.day FROM added a JOIN batch b USING (source, external_id), unnest(b.products) AS p(product)
                ON CONFLICT DO NOTHING
            ), events AS (
                INSERT INTO post_events (post_id, event)
                SELECT a.id, e.event FROM added a JOIN batch b USING (source, external_id), unnest(b.events) AS e(event)
                ON CONFLICT DO NOTHING
            )
            SELECT id FROM added ORDER BY id
            """;
    }
}
