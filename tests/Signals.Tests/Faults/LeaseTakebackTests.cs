using System.Diagnostics;
using Signals.Tests.EndToEnd;
using Signals.Tests.Feeds;

namespace Signals.Tests.Faults;

/// <summary>
/// kill -9 of <c>signals run</c> while it reads a feed, on the real PostgreSQL, then a restart: the new process takes back
/// the lease its predecessor held on this host, so the feed is read again within one interval, not after the lease
/// (10 minutes by default) runs out.
/// </summary>
public sealed class LeaseTakebackTests
{
    private const string Rss = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>forum</title><link>http://127.0.0.1/</link><description>d</description>
        <item><guid>p1</guid><title>Levothyrox</title><description>Depuis le nouveau Levothyrox je suis épuisée</description><pubDate>Thu, 20 Jul 2017 08:00:00 GMT</pubDate></item>
        </channel></rss>
        """;

    [Test]
    public async Task Killed_while_reading_a_feed_and_restarted_reads_it_again_within_one_interval()
    {
        var database = await TestEnvironment.CreateDatabaseAsync("lease_takeback");
        using var release = new CancellationTokenSource();
        var requests = 0;
        using var forum = new LoopbackHttpServer(async (_, response) =>
        {
            if (Interlocked.Increment(ref requests) == 1) // the first read hangs: the worker is killed in the middle of it
                try { await Task.Delay(TimeSpan.FromMinutes(2), release.Token); } catch (OperationCanceledException) { }
            response.ContentType = "application/rss+xml";
            await response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(Rss));
        });
        try
        {
            var dir = TestPaths.TempDirectory();
            var feeds = Path.Combine(dir, "feeds.json");
            await File.WriteAllTextAsync(feeds, $$"""{ "feeds": [ { "name": "forum", "type": "rss", "location": "{{forum.Url("feed")}}", "interval": "00:00:10" } ] }""");
            var worker = new WorkerProcess(dir);
            worker.Environment["Signals__Storage__Provider"] = "postgres";
            worker.Environment["Signals__Storage__ConnectionString"] = database;
            worker.Environment["Signals__Storage__PseudonymKey"] = "lease-test-secret-of-32-bytes-at-least";
            // The shipped lease (10 min): what the worker would otherwise wait out.

            using (var first = RunningWorker.Start(worker, feeds))
            {
                await first.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref requests) >= 1), TimeSpan.FromSeconds(60), "the first read");
                first.Kill9();
            }
            Assert.That(await DatabaseOutageTests.CountAsync(database, "SELECT COUNT(*) FROM feeds WHERE lease_owner IS NOT NULL"), Is.EqualTo(1),
                "the killed worker left its lease");

            var restarted = Stopwatch.StartNew();
            using var second = RunningWorker.Start(worker, feeds);
            await second.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref requests) >= 2), TimeSpan.FromSeconds(40), "the feed read again after the restart");
            Assert.That(restarted.Elapsed, Is.LessThan(TimeSpan.FromSeconds(25)), "within one interval (10 s) of the restart, start-up included");
            await second.WaitUntilAsync(async () => await DatabaseOutageTests.CountAsync(database) == 1, TimeSpan.FromSeconds(30), "its post stored");
            Assert.That(second.Output, Does.Contain("Took back 1 feed leases"));
        }
        finally
        {
            release.Cancel();
            await TestEnvironment.DropDatabaseAsync(database);
        }
    }
}
