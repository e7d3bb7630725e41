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
            var random = new Random(17);
            var loading = Stopwatch.StartNew();
            var batch = new List<ScoredPost>(2000);
            for (var i = 0; i < posts; i++)
            {
                var day = first.AddDays(random.Next(days));
                var product = Products[random.NextDouble() < 0.8 ? 0 : 1 + random.Next(Products.Length - 1)];
                var adverse = random.NextDouble() < 0.4;
                var post = new Post("bench", $"p{i}", null, $"author-{random.Next(authors)}",
                    new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddMinutes(random.Next(1440)), "fr", "t");
                string[] events = adverse && random.NextDouble() < 0.5 ? [Events[random.Next(Events.Length)]] : [];
                batch.Add(new ScoredPost(post, [product], events, adverse ? 0.9f : 0.1f, adverse ? PostCategory.AdverseEvent : PostCategory.Other, "bench"));
                if (batch.Count == 2000 || i == posts - 1)
                {
                    await store.AddPostsAsync(batch, CancellationToken.None);
                    batch.Clear();
                }
            }
            Console.WriteLine($"stored {posts:N0} posts over {days} days ({authors:N0} authors) in {loading.Elapsed.TotalSeconds:F0} s " +
                              $"({posts / loading.Elapsed.TotalSeconds:N0} posts/s, daily counts kept as they are stored); file {new FileInfo(file).Length / 1048576} MB");

            const int judged = 30; // the last 30 days, as detection judges them one by one
            var ct = CancellationToken.None;
            await TimeAsync("product, 3-year daily adverse-event authors", judged, d => store.GetDailyCountsAsync(Products[0], null, d.AddDays(-HistoryDays), d, ct), last);
            await TimeAsync("product, 3-year daily mention authors", judged, d => store.GetDailyMentionCountsAsync(Products[0], d.AddDays(-HistoryDays), d, ct), last);
            await TimeAsync("product-event, 3-year daily authors", judged, d => store.GetDailyCountsAsync(Products[0], Events[0], d.AddDays(-HistoryDays), d, ct), last);
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

    private static async Task TimeAsync<T>(string what, int judged, Func<DateOnly, Task<T>> query, DateOnly last)
    {
        var watch = Stopwatch.StartNew();
        for (var k = 0; k < judged; k++) await query(last.AddDays(-k));
        Console.WriteLine($"  {what,-48} {watch.Elapsed.TotalMilliseconds / judged,9:F1} ms a query ({judged} queries)");
    }
}
