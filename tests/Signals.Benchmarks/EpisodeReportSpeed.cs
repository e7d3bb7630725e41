using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Signals.Alerts;
using Signals.Classification;
using Signals.Detection;
using Signals.Feeds;
using Signals.Matching;
using Signals.Storage;

namespace Signals.Benchmarks;

/// <summary>
/// What one alert e-mail's numbers cost: its ~90 chart days judged again as detection judged them, on a SQLite store with
/// three years of one product's reports (a few people a day, three events, a three-week surge detection has alerted on).
/// Times the chart judged day by day (<see cref="DetectionRunner.JudgeAsync"/>, as e-mails did before), in one pass
/// (<see cref="DetectionRunner.JudgeDaysAsync"/>), and the whole report an e-mail renders (<see cref="EpisodeReporter.LoadAsync"/>),
/// and checks that both ways give the same numbers.
/// </summary>
public static class EpisodeReportSpeed
{
    private const string Product = "levothyroxine";
    private static readonly string[] Events = ["fatigue", "headache", "alopecia"];

    public static async Task<int> RunAsync(int years, int rounds)
    {
        var dir = Directory.CreateTempSubdirectory("signals-episode-").FullName;
        try
        {
            var store = StorageServiceCollectionExtensions.Create(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(dir, "signals.db")}" },
                TimeProvider.System, () => null!);
            await store.MigrateAsync(CancellationToken.None);
            var last = new DateOnly(2024, 12, 31);
            var first = last.AddDays(-365 * years + 1);
            var onset = last.AddDays(-60);
            var random = new Random(17);
            var posts = new List<ScoredPost>();
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                var surge = day.DayNumber - onset.DayNumber is >= 0 and < 21 ? 10 : 0;
                for (var p = 0; p < random.Next(1, 5) + surge; p++)
                    posts.Add(new ScoredPost(new Post("bench", $"{day:yyyyMMdd}-{p}", null, $"author-{random.Next(5000)}",
                        new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), "fr", "t"),
                        [Product], [Events[(p + (surge > 0 ? 0 : random.Next(3))) % 3]], 0.9f, PostCategory.AdverseEvent, "bench"));
            }
            await store.AddPostsAsync(posts, CancellationToken.None);

            var detection = Options.Create(new DetectionOptions());
            var runner = new DetectionRunner(new ProductCatalog([new Product(Product, ["levothyrox"])]), store, detection, TimeProvider.System,
                NullLogger<DetectionRunner>.Instance);
            for (var day = onset.AddDays(-30); day <= last; day = day.AddDays(1)) await runner.RunForDayAsync(day, CancellationToken.None);
            var alert = (await store.ListAlertsAsync(CancellationToken.None)).FirstOrDefault(a => a.Event is null);
            if (alert is null) { Console.Error.WriteLine("episode-report: detection raised no alert on the surge"); return 1; }
            var reporter = new EpisodeReporter(store, runner, detection);
            var from = alert.LastDay.AddDays(1 - EpisodeReporter.ChartDays);
            Console.WriteLine($"{posts.Count:N0} posts over {years} years; alert {alert.Product} from {alert.FirstDay:yyyy-MM-dd} to {alert.LastDay:yyyy-MM-dd}; " +
                $"chart {from:yyyy-MM-dd}..{alert.LastDay:yyyy-MM-dd} ({alert.LastDay.DayNumber - from.DayNumber + 1} days)");

            var same = true;
            foreach (var ev in new string?[] { null, Events[0] })
            {
                var alone = new List<DayScore?>();
                var watch = Stopwatch.StartNew();
                for (var r = 0; r < rounds; r++)
                {
                    alone.Clear();
                    for (var day = from; day <= alert.LastDay; day = day.AddDays(1)) alone.Add(await runner.JudgeAsync(Product, ev, day, CancellationToken.None));
                }
                var byDay = watch.Elapsed.TotalMilliseconds / rounds;
                watch.Restart();
                IReadOnlyList<DayScore?> together = [];
                for (var r = 0; r < rounds; r++) together = await runner.JudgeDaysAsync(Product, ev, from, alert.LastDay, CancellationToken.None);
                var onePass = watch.Elapsed.TotalMilliseconds / rounds;
                var equal = together.SequenceEqual(alone);
                same &= equal;
                Console.WriteLine($"  {(ev is null ? "product" : $"product-event ({ev})"),-26} chart judged day by day {byDay,8:F0} ms, in one pass {onePass,6:F0} ms " +
                    $"({byDay / onePass:F1}x); same numbers: {equal}");
            }
            var report = Stopwatch.StartNew();
            for (var r = 0; r < rounds; r++) await reporter.LoadAsync(alert, EpisodeEmailKind.Opened, null, CancellationToken.None);
            Console.WriteLine($"  whole e-mail report (EpisodeReporter.LoadAsync: chart, events, examples) {report.Elapsed.TotalMilliseconds / rounds:F0} ms ({rounds} rounds)");
            return same ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
