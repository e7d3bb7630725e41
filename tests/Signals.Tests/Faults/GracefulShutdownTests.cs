using Microsoft.Data.Sqlite;
using Signals.Tests.EndToEnd;

namespace Signals.Tests.Faults;

/// <summary>SIGTERM in the middle of ingestion, as <c>docker stop</c> sends it.</summary>
public sealed class GracefulShutdownTests
{
    private static long Scalar(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    private static long SafeScalar(string db, string sql)
    {
        try { return File.Exists(db) ? Scalar(db, sql) : 0; }
        catch (SqliteException) { return 0; } // not migrated yet
    }

    [Test]
    public async Task Sigterm_during_ingestion_exits_cleanly_leaving_no_half_written_batch_and_no_lease()
    {
        const int total = 60_000;
        var dir = TestPaths.TempDirectory();
        var inbox = Directory.CreateDirectory(Path.Combine(dir, "inbox")).FullName;
        await File.WriteAllLinesAsync(Path.Combine(inbox, "big.jsonl"), DatabaseOutageTests.Posts(0, total, DateTimeOffset.UtcNow.Date.AddDays(-1)));
        var feeds = Path.Combine(dir, "feeds.json");
        await File.WriteAllTextAsync(feeds, $$"""{ "feeds": [ { "name": "inbox", "type": "jsonl", "location": "{{inbox}}", "interval": "00:00:10" } ] }""");
        var worker = new WorkerProcess(dir);

        int exit;
        using (var running = RunningWorker.Start(worker, feeds))
        {
            await running.WaitUntilAsync(() => Task.FromResult(SafeScalar(worker.DatabasePath, "SELECT COUNT(*) FROM posts") > 0), TimeSpan.FromSeconds(60), "the first stored batch");
            exit = await running.TerminateAsync(within: TimeSpan.FromSeconds(10));
            Assert.That(exit, Is.EqualTo(0), running.Output);
            Assert.That(running.Output, Does.Contain("Application is shutting down"));
        }

        var stored = Scalar(worker.DatabasePath, "SELECT COUNT(*) FROM posts");
        Assert.That(stored, Is.GreaterThan(0).And.LessThan(total), "stopped in the middle");
        Assert.That(Scalar(worker.DatabasePath, "SELECT COUNT(*) FROM posts p WHERE NOT EXISTS (SELECT 1 FROM post_products pp WHERE pp.post_id = p.id)"), Is.Zero,
            "no post stored without its product rows: a batch is all or nothing");
        Assert.That(Scalar(worker.DatabasePath, "SELECT COUNT(*) FROM feeds WHERE lease_owner IS NOT NULL"), Is.Zero, "the feed's lease was given back on the way out");

        using var again = RunningWorker.Start(worker, feeds);
        await again.WaitUntilAsync(() => Task.FromResult(SafeScalar(worker.DatabasePath, "SELECT COUNT(*) FROM posts") == total), TimeSpan.FromSeconds(120), "the rest after the restart");
        Assert.That(await again.TerminateAsync(), Is.EqualTo(0));
    }
}
