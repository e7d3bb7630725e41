using System.Data.Common;

namespace Signals.Storage;

public abstract partial class DbSignalStore
{
    // The same authors as the queries over posts counted: a post without an author is its own author.
    private const string NewAuthorDays = """
        INSERT INTO author_days (product, event, day, author, kind)
        SELECT DISTINCT pp.product, '', pp.day, COALESCE(p.author_pseudonym, 'post:' || CAST(p.id AS text)), 0
        FROM post_products pp JOIN posts p ON p.id = pp.post_id WHERE p.id IN ({0})
        UNION
        SELECT DISTINCT pp.product, '', pp.day, COALESCE(p.author_pseudonym, 'post:' || CAST(p.id AS text)), 1
        FROM post_products pp JOIN posts p ON p.id = pp.post_id WHERE p.id IN ({0}) AND p.category = 1
        UNION
        SELECT DISTINCT pp.product, pe.event, pp.day, COALESCE(p.author_pseudonym, 'post:' || CAST(p.id AS text)), 1
        FROM post_products pp JOIN posts p ON p.id = pp.post_id JOIN post_events pe ON pe.post_id = p.id WHERE p.id IN ({0}) AND p.category = 1
        ON CONFLICT DO NOTHING
        RETURNING product, event, day, kind
        """;

    private const string AddToDailyCounts = """
        INSERT INTO daily_counts (product, event, day, authors, adverse_authors) VALUES (@product, @event, @day, @authors, @adverse)
        ON CONFLICT (product, event, day) DO UPDATE
        SET authors = daily_counts.authors + excluded.authors, adverse_authors = daily_counts.adverse_authors + excluded.adverse_authors
        """;

    /// <summary>
    /// Counts the authors of newly stored posts into daily_counts, inside the transaction that stored them: an author is
    /// counted once per product (event), day and kind however many posts they write, because only a new author_days row adds
    /// one. Two writers storing posts of one author on one day (replicas) meet on author_days' key, so only one counts it.
    /// </summary>
    protected async Task CountNewPostsAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var counts = new Dictionary<(string Product, string Event, DateOnly Day), (int Authors, int Adverse)>();
        foreach (var chunk in ids.Chunk(500))
        {
            var sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, NewAuthorDays, string.Join(", ", chunk.Select((_, i) => $"@i{i}")));
            await using var cmd = Command(connection, tx, sql, chunk.Select((id, i) => ($"i{i}", (object?)id)).ToArray());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var key = (reader.GetString(0), reader.GetString(1), ReadDay(reader, 2));
                var (authors, adverse) = counts.GetValueOrDefault(key);
                counts[key] = Convert.ToInt32(reader.GetValue(3)) == 0 ? (authors + 1, adverse) : (authors, adverse + 1);
            }
        }
        // In key order, so two writers adding to the same days take the row locks in the same order.
        foreach (var ((product, ev, day), (authors, adverse)) in counts.OrderBy(c => c.Key.Product, StringComparer.Ordinal)
                     .ThenBy(c => c.Key.Event, StringComparer.Ordinal).ThenBy(c => c.Key.Day))
            await ExecuteAsync(connection, tx, AddToDailyCounts, ct, ("product", product), ("event", ev), ("day", Day(day)), ("authors", authors), ("adverse", adverse));
        await QueueDaysAsync(connection, tx, counts.Keys.Select(k => k.Day), ct);
    }
}
