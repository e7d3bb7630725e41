using MimeKit;
using Signals.Tests.Faults;

namespace Signals.Tests.EndToEnd;

/// <summary>
/// The README as a newcomer follows it (issue 23, items 1 and 2): start the worker on its defaults, stop it, start it
/// again, stop it, replay the demo. The second start used to delete the texts of every 2017 demo post (older than the 90-day
/// retention, never judged), so each e-mail then had an empty "Example posts" section.
/// </summary>
public sealed class ReadmeSequenceTests
{
    [Test]
    public async Task Start_stop_start_then_replay_gives_emails_that_each_show_example_posts()
    {
        var dir = TestPaths.TempDirectory();
        var worker = new WorkerProcess(dir);
        // The shipped defaults: data/signals.db and outbox/ under the working directory.
        worker.Environment.Remove("Signals__Storage__ConnectionString");
        worker.Environment.Remove("Signals__Email__PickupDirectory");
        var database = Path.Combine(dir, "data", "signals.db");
        var outbox = Path.Combine(dir, "outbox");

        using (var first = RunningWorker.StartOnDefaults(worker))
        {
            await first.WaitUntilAsync(async () => await CountAsync(database, "SELECT COUNT(*) FROM posts") >= 8278, TimeSpan.FromMinutes(3), "the demo feed to be stored");
            await first.TerminateAsync(); // Ctrl+C and SIGTERM stop the host alike; a test runner's children ignore SIGINT
        }
        using (var second = RunningWorker.StartOnDefaults(worker))
        {
            // Retention runs when the worker starts; the worker also judges the days the first run stored and did not judge.
            await second.WaitUntilAsync(async () => (await second.ReadyAsync())?.Status == System.Net.HttpStatusCode.OK, TimeSpan.FromMinutes(2), "ready");
            // Until no day is left to judge (each day is dequeued after its alerts were e-mailed), not for a fixed time: that is
            // when a user would stop it, and a start's retention round, one statement run at once, is long over by then.
            await second.WaitUntilAsync(async () => await CountAsync(database, "SELECT COUNT(*) FROM unjudged_days") == 0, TimeSpan.FromMinutes(2),
                "the days the first run stored to be judged");
            await second.TerminateAsync();
        }
        var (exit, stdout, stderr) = await worker.RunAsync("replay", DemoReplay.Demo);
        Assert.That(exit, Is.EqualTo(0), stdout + stderr);

        var emails = Directory.GetFiles(outbox, "*.eml");
        Assert.That(emails, Has.Length.EqualTo(3), "the opening e-mail and two updates, as the README lists");
        foreach (var file in emails)
        {
            var text = (await MimeMessage.LoadAsync(file)).TextBody ?? "";
            var examples = text[(text.IndexOf("Example posts:", StringComparison.Ordinal) + "Example posts:".Length)..];
            Assert.That(examples.Split('\n').Count(l => l.StartsWith("- 2017-", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(3), $"{Path.GetFileName(file)}:\n{text}");
        }
    }

    [Test]
    public async Task The_default_run_judges_the_past_days_its_feed_brought_in_order_and_emails_their_alerts()
    {
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        using var run = RunningWorker.StartOnDefaults(worker);

        // The demo's posts are of 2017: the days they fill were judged (as empty) long before they arrived.
        await run.WaitUntilAsync(() => Task.FromResult(Directory.Exists(worker.OutboxPath) && Directory.GetFiles(worker.OutboxPath, "*.eml").Length >= 3),
            TimeSpan.FromMinutes(3), "the demo's three e-mails");
        Assert.That(run.Output, Does.Contain("days whose posts arrived after they were last judged (2017-"), "one line says what the worker is doing");
        Assert.That(Directory.GetFiles(worker.OutboxPath, "*.eml").Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { "alert-1-bd53df32de-update-24_signals.eml", "alert-1-bd53df32de-update-50_signals.eml", "alert-1-bd53df32de_signals.eml" }),
            "the e-mails a replay of the same file sends (README)");
    }

    /// <summary>A count from the worker's database, or -1 while there is no database or table yet.</summary>
    private static async Task<long> CountAsync(string database, string sql)
    {
        if (!File.Exists(database)) return -1;
        try
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            return Convert.ToInt64(await cmd.ExecuteScalarAsync());
        }
        catch (Microsoft.Data.Sqlite.SqliteException) { return -1; } // not migrated yet
    }
}
