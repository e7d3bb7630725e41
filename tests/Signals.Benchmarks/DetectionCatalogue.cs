using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Signals.Classification;
using Signals.Detection;
using Signals.Feeds;
using Signals.Matching;
using Signals.Storage;

namespace Signals.Benchmarks;

/// <summary>
/// What a judged day costs with the whole catalogue watched: the shipped catalogue (config/catalogue.json.gz), of which
/// <c>--active</c> products have a year of posts, judged day by day through the worker's <see cref="DetectionRunner"/> on
/// SQLite; then the same store judged with a catalogue of those products alone. The cost should follow the products
/// people write about, not the catalogue's size.
/// </summary>
internal static class DetectionCatalogue
{
    public static async Task<int> RunAsync(int active, int days)
    {
        var catalogue = ProductCatalog.LoadCatalogue(Path.Combine("config", "catalogue.json.gz"));
        var dir = Directory.CreateTempSubdirectory("signals-catalogue-").FullName;
        try
        {
            var store = StorageServiceCollectionExtensions.Create(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(dir, "signals.db")}" }, TimeProvider.System, () => null!);
            await store.MigrateAsync(CancellationToken.None);
            var random = new Random(20170715);
            var written = catalogue.Products.OrderBy(_ => random.Next()).Take(active).ToList();
            var last = new DateOnly(2017, 9, 30);
            var posts = new List<ScoredPost>();
            foreach (var product in written)
            {
                var level = 0.5 + random.NextDouble() * 4; // half an author to four and a half a day
                for (var d = 0; d < days; d++)
                {
                    var day = last.AddDays(-d);
                    for (var a = 0; a < DetectionSpeed.Poisson(random, level); a++)
                        posts.Add(new ScoredPost(new Post("bench", $"{product.Id}-{d}-{a}", null, $"author-{random.Next(5000)}",
                            new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), "en", "t"),
                            [product.Id], a % 2 == 0 ? ["fatigue"] : [], 0.9f, PostCategory.AdverseEvent, "bench"));
                }
            }
            foreach (var batch in posts.Chunk(2000)) await store.AddPostsAsync(batch, CancellationToken.None);
            Console.WriteLine($"detection-catalogue: {posts.Count:N0} posts over {days} days for {active} of the catalogue's {catalogue.Products.Count:N0} products (SQLite)");

            const int judged = 30;
            // Each on its own days, so neither finds the other's alerts already stored: the products alone first, then the catalogue.
            var alone = await JudgeAsync(new ProductCatalog(written), store, last.AddDays(-judged), judged);
            var whole = await JudgeAsync(catalogue, store, last, judged);
            Console.WriteLine($"  whole catalogue ({catalogue.Products.Count:N0} products): {whole:F1} ms a judged day ({judged} days)");
            Console.WriteLine($"  the {active} products alone:            {alone:F1} ms a judged day ({judged} days)");
            Console.WriteLine($"  ratio: {whole / alone:F2}");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<double> JudgeAsync(ProductCatalog catalog, ISignalStore store, DateOnly last, int judged)
    {
        var runner = new DetectionRunner(catalog, store, Options.Create(new DetectionOptions()), TimeProvider.System, NullLogger<DetectionRunner>.Instance);
        await runner.RunForDayAsync(last.AddDays(-judged), CancellationToken.None); // warm-up: JIT and the first connection
        var watch = Stopwatch.StartNew();
        for (var d = judged - 1; d >= 0; d--) await runner.RunForDayAsync(last.AddDays(-d), CancellationToken.None);
        return watch.Elapsed.TotalMilliseconds / judged;
    }
}
