using System.Text.RegularExpressions;
using Signals.Tests.Alerts;
using Signals.Tests.EndToEnd;
using Signals.Tests.Feeds;

namespace Signals.Tests.Faults;

/// <summary>Two replicas on one PostgreSQL: they share the feeds, never store a post twice and never send an alert twice.</summary>
public sealed partial class ReplicaTests
{
    private static WorkerProcess Replica(string database)
    {
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        worker.Environment["Signals__Storage__Provider"] = "postgres";
        worker.Environment["Signals__Storage__ConnectionString"] = database;
        worker.Environment["Signals__Storage__PseudonymKey"] = "replica-test-secret-of-32-bytes-at-least";
        return worker;
    }

    [Test]
    public async Task Two_running_replicas_share_the_feeds_each_read_by_one_of_them()
    {
        var database = await TestEnvironment.CreateDatabaseAsync("replicas");
        try
        {
            var dir = TestPaths.TempDirectory();
            var day = DateTimeOffset.UtcNow.Date.AddDays(-1);
            var feeds = Enumerable.Range(0, 8).Select(i =>
            {
                var file = Path.Combine(dir, $"feed-{i}.jsonl");
                File.WriteAllLines(file, DatabaseOutageTests.Posts(i * 500, 500, day));
                return $$"""{ "name": "feed-{{i}}", "type": "jsonl", "location": "{{file}}", "interval": "00:10:00" }""";
            });
            var feedsFile = Path.Combine(dir, "feeds.json");
            await File.WriteAllTextAsync(feedsFile, $$"""{ "feeds": [ {{string.Join(",\n", feeds)}} ] }""");

            using var a = RunningWorker.Start(Replica(database), feedsFile);
            using var b = RunningWorker.Start(Replica(database), feedsFile);
            await a.WaitUntilAsync(async () => await DatabaseOutageTests.CountAsync(database) == 4000, TimeSpan.FromSeconds(120), "all 4,000 posts");
            await a.WaitUntilAsync(async () => await DatabaseOutageTests.CountAsync(database, "SELECT COUNT(*) FROM feeds WHERE cursor IS NOT NULL AND lease_owner IS NULL") == 8,
                TimeSpan.FromSeconds(30), "every feed read to its end and given back");
            Assert.That(await a.TerminateAsync(), Is.EqualTo(0));
            Assert.That(await b.TerminateAsync(), Is.EqualTo(0));

            var readByA = FeedsRead(a.Output);
            var readByB = FeedsRead(b.Output);
            Assert.That(readByA.Concat(readByB), Is.EquivalentTo(Enumerable.Range(0, 8).Select(i => $"feed-{i}")),
                $"each feed read by exactly one replica (a: {string.Join(", ", readByA)}; b: {string.Join(", ", readByB)})");
            Assert.That(await DatabaseOutageTests.CountAsync(database, "SELECT COUNT(DISTINCT external_id) FROM posts"), Is.EqualTo(4000));
        }
        finally
        {
            await TestEnvironment.DropDatabaseAsync(database);
        }
    }

    /// <summary>The feeds a replica read posts from, by its "Feed X: read N posts" lines.</summary>
    private static List<string> FeedsRead(string output) => FeedReadLine().Matches(output).Select(m => m.Groups[1].Value).Distinct().ToList();

    [GeneratedRegex(@"Feed (\S+): read [1-9]\d* posts")]
    private static partial Regex FeedReadLine();

    [Test]
    public async Task Two_replicas_replaying_the_same_posts_at_once_store_each_once_and_send_each_alert_once()
    {
        var database = await TestEnvironment.CreateDatabaseAsync("replay2");
        var maildir = TestPaths.TempDirectory();
        using var sink = await SmtpSink.StartAsync(LoopbackHttpServer.FreePort(), maildir);
        try
        {
            var demo = DemoReplay.Demo;
            var replicas = new[] { Replica(database), Replica(database) };
            foreach (var r in replicas)
            {
                r.Environment["Signals__Email__SmtpHost"] = "127.0.0.1";
                r.Environment["Signals__Email__SmtpPort"] = sink.Port.ToString();
            }

            var runs = await Task.WhenAll(replicas.Select(r => r.RunAsync("replay", demo)));

            Assert.That(runs.Select(r => r.ExitCode), Is.All.EqualTo(0), string.Join("\n", runs.Select(r => r.Stdout + r.Stderr)));
            Assert.That(await DatabaseOutageTests.CountAsync(database), Is.EqualTo(8278), "each post stored once");
            var sent = await DatabaseOutageTests.CountAsync(database, "SELECT COUNT(*) FROM alerts WHERE status = 1");
            var messages = sink.Messages();
            Assert.That(messages.Select(m => m.MessageId).Distinct().Count(), Is.EqualTo(messages.Count), "no e-mail twice");
            Assert.That(messages, Has.Count.GreaterThanOrEqualTo(sent).And.Count.GreaterThan(0), "every sent alert was e-mailed");
            Assert.That(await DatabaseOutageTests.CountAsync(database, "SELECT COUNT(*) FROM alerts WHERE product = 'levothyroxine' AND event IS NULL"), Is.EqualTo(1),
                "one levothyroxine episode, not one per replica");
        }
        finally
        {
            await TestEnvironment.DropDatabaseAsync(database);
        }
    }
}
