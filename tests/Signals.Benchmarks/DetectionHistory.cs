using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Signals.Classification;
using Signals.Feeds;
using Signals.Storage;

namespace Signals.Benchmarks;

/// <summary>
/// The store queries detection makes for each day it judges (three years of daily distinct authors per product and per
/// product–event pair, the mention volume, the active events of the last week), on a SQLite store holding N posts, timed
/// from the kept daily counts and, for comparison, counted from the posts as before migration 008.
/// </summary>
public static class DetectionHistory
{
    private const int HistoryDays = 1095 + 7; // DetectorSettings.MaxHistoryDays + GuardDays
    private static readonly string[] Products = ["levothyroxine", "metformin", "sertraline"];
    private static readonly string[] Events = ["alopecia", "fatigue", "headache", "cramp", "palpitations"];

    private const string CountedFromPosts = """
        SELECT pp.day, COUNT(DISTINCT COALESCE(p.author_pseudonym, 'post:' || CAST(p.id AS text)))
        FROM post_products pp JOIN posts p ON p.id = pp.post_id
        WHERE pp.product = @product AND pp.day >= @from AND pp.day <= @to AND p.category = 1
        GROUP BY pp.day ORDER BY pp.day
        """;

    public static async Task<int> RunAsync(int posts, int days, int authors)
    {
        var dir = Directory.CreateTempSubdirectory("signals-history-").FullName;
        var file = Path.Combine(dir, "signals.db");
        try
        {
            var store = StorageServiceCollectionExtensions.Create(new StorageOptions { ConnectionString = $"Data Source={file}" }, TimeProvider.System, () => null!);
            await store.MigrateAsync(CancellationToken.None);
            var last = new DateOnly(2020, 12, 31);
            var first = last.AddDays(-days + 1);
            // 1M posts through AddPostsAsync take long on a shared machine; the history is written with SQL instead (the
            // same rows the store writes), then counted as migration 008 counts existing posts, then a batch is stored the
            // ordinary way on top, to time what keeping the counts costs a batch at that size.
            var loading = Stopwatch.StartNew();
            await using (var writer = new SqliteConnection($"Data Source={file}"))
            {
                await writer.OpenAsync();
                await ExecuteAsync(writer, $$"""
                    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {{posts - 1}})
                    INSERT INTO posts (id, source, external_id, url, author_pseudonym, language, created_at, day, text, ae_probability, category, model_version, stored_at)
                    SELECT i + 1, 'bench', 'p' || i, NULL, 'author-' || ((i * 7919) % {{authors}}), 'fr',
                           date('{{first:yyyy-MM-dd}}', '+' || ((i * 104729) % {{days}}) || ' days') || 'T12:00:00.0000000Z',
                           date('{{first:yyyy-MM-dd}}', '+' || ((i * 104729) % {{days}}) || ' days'), 't',
                           CASE WHEN i % 5 < 2 THEN 0.9 ELSE 0.1 END, CASE WHEN i % 5 < 2 THEN 1 ELSE 0 END, 'bench', '2021-01-01T00:00:00.0000000Z'
                    FROM n;
                    INSERT INTO post_products (post_id, product, day)
                    SELECT id, CASE WHEN id % 10 < 8 THEN '{{Products[0]}}' WHEN id % 10 = 8 THEN '{{Products[1]}}' ELSE '{{Products[2]}}' END, day FROM posts;
                    INSERT INTO post_events (post_id, event)
                    SELECT id, CASE id % 5 {{string.Join(" ", Events.Select((e, k) => $"WHEN {k} THEN '{e}'"))}} END FROM posts WHERE category = 1 AND id % 2 = 0;
                    """);
                Console.WriteLine($"wrote {posts:N0} posts over {days} days ({authors:N0} authors) in {loading.Elapsed.TotalSeconds:F0} s");
                var counting = Stopwatch.StartNew();
                var migration = Migrations.For("Sqlite").Single(m => m.Version == 8).Sql;
                await ExecuteAsync(writer, "DELETE FROM author_days; DELETE FROM daily_counts;\n" + migration[migration.IndexOf("INSERT INTO author_days", StringComparison.Ordinal)..]);
                Console.WriteLine($"counted them as migration 008 does for existing posts in {counting.Elapsed.TotalSeconds:F0} s; file {new FileInfo(file).Length / 1048576} MB");
            }
            var random = new Random(17);
            var batch = Enumerable.Range(0, 2000).Select(i => new ScoredPost(
                new Post("bench", $"new{i}", null, $"author-{random.Next(authors)}", new DateTimeOffset(last.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddSeconds(i), "fr", "t"),
                [Products[0]], i % 4 == 0 ? [Events[0]] : [], 0.9f, i % 2 == 0 ? PostCategory.AdverseEvent : PostCategory.Other, "bench")).ToList();
            var storing = Stopwatch.StartNew();
            await store.AddPostsAsync(batch, CancellationToken.None);
            Console.WriteLine($"a batch of 2,000 new posts stored (counts kept) in {storing.Elapsed.TotalMilliseconds:F0} ms at {posts:N0} posts");

            const int judged = 30; // the last 30 days, as detection judges them one by one
            var ct = CancellationToken.None;
            await TimeAsync("product, 3-year daily adverse-event authors", judged, d => store.GetDailyCountsAsync(Products[0], null, d.AddDays(-HistoryDays), d, ct), last);
            await TimeAsync("product, 3-year daily mention authors", judged, d => store.GetDailyMentionCountsAsync(Products[0], d.AddDays(-HistoryDays), d, ct), last);
            // fatigue: the event the generated adverse-event posts of the product name (post ids ending in 6); alopecia only
            // comes with the 2,000-post batch, so its history is one day.
            await TimeAsync("product-event, 3-year daily authors", judged, d => store.GetDailyCountsAsync(Products[0], Events[1], d.AddDays(-HistoryDays), d, ct), last);
            await TimeAsync("active events of the last 28 days", judged, d => store.GetActiveEventsAsync(Products[0], d.AddDays(-27), d, 3, ct), last);

            // The same first query counted from the posts, as before migration 008 (and a check that both agree).
            await using var connection = new SqliteConnection($"Data Source={file}");
            await connection.OpenAsync();
            var fromPosts = new List<(string, long)>();
            var watch = Stopwatch.StartNew();
            const int old = 3;
            for (var k = 0; k < old; k++)
            {
                fromPosts.Clear();
                await using var cmd = connection.CreateCommand();
                cmd.CommandText = CountedFromPosts;
                cmd.Parameters.AddWithValue("@product", Products[0]);
                cmd.Parameters.AddWithValue("@from", last.AddDays(-k - HistoryDays).ToString("yyyy-MM-dd"));
                cmd.Parameters.AddWithValue("@to", last.AddDays(-k).ToString("yyyy-MM-dd"));
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync()) fromPosts.Add((reader.GetString(0), reader.GetInt64(1)));
            }
            Console.WriteLine($"  {"product, counted from the posts (before 008)",-48} {watch.Elapsed.TotalMilliseconds / old,9:F1} ms a query ({old} queries)");
            var kept = await store.GetDailyCountsAsync(Products[0], null, last.AddDays(-2 - HistoryDays), last.AddDays(-2), ct);
            var same = kept.Select(c => (c.Day.ToString("yyyy-MM-dd"), (long)c.Count)).SequenceEqual(fromPosts);
            Console.WriteLine($"  kept counts equal the counts from the posts: {same}");
            return same ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task TimeAsync<T>(string what, int judged, Func<DateOnly, Task<IReadOnlyList<T>>> query, DateOnly last)
    {
        var watch = Stopwatch.StartNew();
        var rows = 0;
        for (var k = 0; k < judged; k++) rows += (await query(last.AddDays(-k))).Count;
        Console.WriteLine($"  {what,-48} {watch.Elapsed.TotalMilliseconds / judged,9:F1} ms a query ({judged} queries, {rows / judged} rows each)");
    }
}
