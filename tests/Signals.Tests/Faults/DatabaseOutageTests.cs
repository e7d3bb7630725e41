using System.Net;
using Npgsql;
using Signals.Tests.EndToEnd;

namespace Signals.Tests.Faults;

/// <summary>PostgreSQL stopped for a minute under a running worker (a private cluster, so the other tests are not disturbed).</summary>
[Parallelizable(ParallelScope.Self)] // waits on real time; see Parallelism.cs
public sealed class DatabaseOutageTests
{
    internal static IEnumerable<string> Posts(int from, int count, DateTimeOffset day) => Enumerable.Range(from, count).Select(i =>
        $$"""{"id":"post-{{i}}","author":"author-{{i % 17}}","createdAt":"{{day.AddMinutes(i):O}}","text":"Depuis le nouveau Levothyrox j'ai des crampes ({{i}})"}""");

    internal static async Task<long> CountAsync(string connectionString, string sql = "SELECT COUNT(*) FROM posts")
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(await cmd.ExecuteScalarAsync());
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException) { return -1; } // down, or not migrated yet
    }

    [Test]
    public async Task Database_down_for_a_minute_makes_the_worker_unready_then_it_resumes_and_loses_nothing()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        var dir = TestPaths.TempDirectory();
        var inbox = Directory.CreateDirectory(Path.Combine(dir, "inbox")).FullName;
        var feeds = Path.Combine(dir, "feeds.json");
        await File.WriteAllTextAsync(feeds, $$"""{ "feeds": [ { "name": "inbox", "type": "jsonl", "location": "{{inbox}}", "interval": "00:00:10" } ] }""");
        var day = DateTimeOffset.UtcNow.Date.AddDays(-1);
        await File.WriteAllLinesAsync(Path.Combine(inbox, "a.jsonl"), Posts(0, 40, day));
        var worker = new WorkerProcess(dir);
        worker.Environment["Signals__Storage__Provider"] = "postgres";
        worker.Environment["Signals__Storage__ConnectionString"] = postgres.ConnectionString;
        worker.Environment["Signals__Storage__PseudonymKey"] = "outage-test-secret-of-32-bytes-at-least";
        using var running = RunningWorker.Start(worker, feeds);

        await running.WaitUntilAsync(async () => await CountAsync(postgres.ConnectionString) == 40, TimeSpan.FromSeconds(60), "the first 40 posts");
        await running.WaitUntilAsync(async () => (await running.ReadyAsync())?.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "ready");

        await postgres.StopAsync();
        var down = System.Diagnostics.Stopwatch.StartNew();
        await running.WaitUntilAsync(async () => await running.ReadyAsync() is { Status: HttpStatusCode.ServiceUnavailable } r && !r.Checks["database"].Healthy,
            TimeSpan.FromSeconds(30), "unready with the database named");
        var unready = (await running.ReadyAsync())!.Value;
        Assert.That(unready.Checks["database"].Detail, Is.Not.Empty);
        await File.WriteAllLinesAsync(Path.Combine(inbox, "b.jsonl"), Posts(40, 40, day)); // arrives during the outage
        await Task.Delay(TimeSpan.FromSeconds(60) - down.Elapsed);
        Assert.That(running.HasExited, Is.False, "the worker survives a minute without its database");

        await postgres.StartAgainAsync();
        await running.WaitUntilAsync(async () => await CountAsync(postgres.ConnectionString) == 80, TimeSpan.FromSeconds(90), "the 40 posts that arrived during the outage");
        await running.WaitUntilAsync(async () => (await running.ReadyAsync())?.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "ready again");

        Assert.That(await CountAsync(postgres.ConnectionString, "SELECT COUNT(DISTINCT external_id) FROM posts"), Is.EqualTo(80), "none twice");
        Assert.That(running.Output, Does.Contain("inbox"), "the failures were logged naming the feed");
        Assert.That(await running.TerminateAsync(), Is.EqualTo(0));
    }
}
