using System.Net;
using System.Text.RegularExpressions;
using Signals.Storage;
using Signals.Tests.EndToEnd;

namespace Signals.Tests.Faults;

/// <summary>
/// Issue 22, item 7: a database outage fails every round of every periodic service; the log says so when it starts, reminds
/// now and then, and says when it ends — no stack trace per tick.
/// </summary>
[Parallelizable(ParallelScope.Self)] // waits on real time; see Parallelism.cs
public sealed class OutageLogTests
{
    [Test]
    public async Task A_database_outage_is_logged_once_without_a_trace_then_its_end_not_once_per_tick()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        var dir = TestPaths.TempDirectory();
        var inbox = Directory.CreateDirectory(Path.Combine(dir, "inbox")).FullName;
        var feeds = Path.Combine(dir, "feeds.json");
        await File.WriteAllTextAsync(feeds, $$"""{ "feeds": [ { "name": "inbox", "type": "jsonl", "location": "{{inbox}}", "interval": "00:00:10" } ] }""");
        await File.WriteAllLinesAsync(Path.Combine(inbox, "a.jsonl"), DatabaseOutageTests.Posts(0, 10, DateTimeOffset.UtcNow.Date.AddDays(-1)));
        var worker = new WorkerProcess(dir);
        worker.Environment["Signals__Storage__Provider"] = "postgres";
        worker.Environment["Signals__Storage__ConnectionString"] = postgres.ConnectionString;
        worker.Environment["Signals__Storage__PseudonymKey"] = "outage-log-test-secret-of-32-bytes-at-least";
        worker.Environment["Signals__Email__DispatchInterval"] = "00:00:01";
        using var running = RunningWorker.Start(worker, feeds);
        await running.WaitUntilAsync(async () => await DatabaseOutageTests.CountAsync(postgres.ConnectionString) == 10, TimeSpan.FromSeconds(60), "the first 10 posts");
        await running.WaitUntilAsync(async () => (await running.ReadyAsync())?.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "ready");
        var before = running.Output.Length;

        await postgres.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(20)); // 20 scheduler ticks, 20 dispatch rounds
        var during = running.Output[before..];
        await postgres.StartAgainAsync();

        Assert.That(Regex.Matches(during, @"^\s+at ", RegexOptions.Multiline), Is.Empty, "no stack trace:\n" + during);
        var tickFailures = Regex.Matches(during, "Feed scheduler tick failed").Count;
        Assert.That(tickFailures, Is.InRange(1, 3), "the start of the outage (and a change of cause at most), not one per tick:\n" + during);
        Assert.That(Regex.Matches(during, "Alert dispatch failed").Count, Is.LessThanOrEqualTo(3), during);
        Assert.That(during, Does.Contain("PostgreSQL at 127.0.0.1:").And.Contain("reminder every 5 min"));
        await running.WaitUntilAsync(() => Task.FromResult(running.Output.Contains("Feed scheduler recovered after")), TimeSpan.FromSeconds(30), "the end of the outage logged");
        var after = running.Output[before..];
        Assert.That(Regex.Matches(after, "Feed scheduler recovered after").Count, Is.EqualTo(1), after);
        Assert.That(await running.TerminateAsync(), Is.EqualTo(0));
    }

    [Test]
    public void A_failure_that_goes_on_is_recalled_every_five_minutes_and_its_end_and_a_new_cause_are_said_once()
    {
        var streak = new FailureStreak();
        var start = new DateTimeOffset(2026, 12, 5, 20, 0, 0, TimeSpan.Zero);
        var down = new StoreUnavailableException("PostgreSQL at db:5432 (database signals) unreachable: Connection refused", true, new IOException("Connection refused"));
        var lines = new List<(string Line, bool IsNew)>();
        for (var s = 0; s < 600; s += 2) // ten minutes of 2 s ticks
            if (streak.Failed(down, start.AddSeconds(s)) is { } line) lines.Add(line);

        Assert.That(lines.Select(l => l.IsNew), Is.EqualTo(new[] { true, false }), string.Join("\n", lines));
        Assert.That(lines[0].Line, Does.StartWith("PostgreSQL at db:5432 (database signals) unreachable: Connection refused"));
        Assert.That(lines[1].Line, Does.StartWith("still failing since 2026-12-05T20:00:00Z (151 rounds)"));
        Assert.That(streak.Failed(new TimeoutException("starting up"), start.AddSeconds(600))?.IsNew, Is.True, "a new cause is said at once");
        Assert.That(streak.Succeeded(start.AddSeconds(602)), Does.StartWith("recovered after 301 failed rounds over 602 s"));
        Assert.That(streak.Succeeded(start.AddSeconds(604)), Is.Null, "said once");
        Assert.That(streak.Failed(down, start.AddSeconds(606))?.IsNew, Is.True, "a new outage is new");
    }
}
