using System.Net;
using Signals.Tests.EndToEnd;
using Signals.Tests.Feeds;

namespace Signals.Tests.Faults;

/// <summary>
/// PostgreSQL unreachable when a verb starts, or gone in the middle of a replay: one line naming host and port and exit 69
/// (EX_UNAVAILABLE) for the verbs that end, waiting with back-off for the worker; never a stack trace and an abort (134).
/// </summary>
[Parallelizable(ParallelScope.Self)] // waits on real time; see Parallelism.cs
public sealed class DatabaseAtStartTests
{

    private static WorkerProcess Worker(string connectionString)
    {
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        worker.Environment["Signals__Storage__Provider"] = "postgres";
        worker.Environment["Signals__Storage__ConnectionString"] = connectionString;
        worker.Environment["Signals__Storage__PseudonymKey"] = "start-test-secret-of-32-bytes-at-least";
        return worker;
    }

    [TestCase("migrate")]
    [TestCase("replay")]
    public async Task A_verb_started_without_its_database_says_where_it_looked_in_one_line_and_exits_69(string verb)
    {
        var port = LoopbackHttpServer.FreePort(); // nothing listens there
        var worker = Worker($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=3");
        var (exit, stdout, stderr) = verb == "replay" ? await worker.RunAsync(verb, DemoReplay.Demo) : await worker.RunAsync(verb);

        Assert.That(exit, Is.EqualTo(69), stdout + stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.Contain($"127.0.0.1:{port}").And.Contain("refused").IgnoreCase, stderr);
    }

    [Test]
    public async Task The_worker_started_before_its_database_waits_for_it_then_runs()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await postgres.StopAsync();
        var dir = TestPaths.TempDirectory();
        var feeds = Path.Combine(dir, "feeds.json");
        var inbox = Directory.CreateDirectory(Path.Combine(dir, "inbox")).FullName;
        await File.WriteAllLinesAsync(Path.Combine(inbox, "a.jsonl"), DatabaseOutageTests.Posts(0, 10, DateTimeOffset.UtcNow.Date.AddDays(-1)));
        await File.WriteAllTextAsync(feeds, $$"""{ "feeds": [ { "name": "inbox", "type": "jsonl", "location": "{{inbox}}", "interval": "00:00:10" } ] }""");
        using var running = RunningWorker.Start(Worker(postgres.ConnectionString), feeds);

        await running.WaitUntilAsync(() => Task.FromResult(running.Output.Contains($"127.0.0.1:{postgres.Port}") && running.Output.Contains("trying again")),
            TimeSpan.FromSeconds(30), "a line naming the database it waits for");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.That(running.HasExited, Is.False, "it waits");
        Assert.That(running.Output, Does.Not.Contain("   at "), "no stack trace");

        await postgres.StartAgainAsync();
        await running.WaitUntilAsync(async () => await DatabaseOutageTests.CountAsync(postgres.ConnectionString) == 10, TimeSpan.FromSeconds(90), "the posts stored once it answers");
        await running.WaitUntilAsync(async () => (await running.ReadyAsync())?.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "ready");
        Assert.That(await running.TerminateAsync(), Is.EqualTo(0));
    }

    [Test]
    public async Task While_the_worker_waits_for_its_database_it_is_live_and_says_why_it_is_not_ready_in_a_timestamped_json_log_line_with_an_event_id()
    {
        var port = LoopbackHttpServer.FreePort(); // nothing listens there
        var dir = TestPaths.TempDirectory();
        var feeds = Path.Combine(dir, "feeds.json");
        await File.WriteAllTextAsync(feeds, $$"""{ "feeds": [ { "name": "inbox", "type": "jsonl", "location": "{{dir}}", "interval": "00:00:10" } ] }""");
        var worker = Worker($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=3");
        worker.Environment["Logging__Console__FormatterName"] = "json";
        using var running = RunningWorker.Start(worker, feeds);

        await running.WaitUntilAsync(() => Task.FromResult(running.Output.Contains("trying again")), TimeSpan.FromSeconds(60), "a line naming the database it waits for");
        await running.WaitUntilAsync(async () => await running.LiveAsync() == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "/health/live 200 while waiting");
        var ready = await running.ReadyAsync();
        Assert.That(ready?.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(ready!.Value.Checks["startup"].Healthy, Is.False);
        Assert.That(ready.Value.Checks["startup"].Detail, Does.Contain("waiting for the database").And.Contain($"127.0.0.1:{port}"));

        var waiting = running.Output.Split('\n').First(l => l.Contains("trying again"));
        using var json = System.Text.Json.JsonDocument.Parse(waiting);
        Assert.That(json.RootElement.GetProperty("EventId").GetInt32(), Is.InRange(3000, 3099), "the storage stage's event id, not 0");
        Assert.That(json.RootElement.GetProperty("Timestamp").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
        foreach (var line in running.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Assert.That(System.Text.Json.JsonDocument.Parse(line).RootElement.TryGetProperty("Timestamp", out _), Is.True, line);
        await running.TerminateAsync();
    }

    [Test]
    public async Task A_replay_whose_database_goes_away_mid_way_exits_69_in_one_line_and_a_rerun_finishes_it()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        var worker = Worker(postgres.ConnectionString);
        using (var replay = worker.Start("replay", DemoReplay.Demo))
        {
            var stderr = replay.StandardError.ReadToEndAsync();
            var stdout = replay.StandardOutput.ReadToEndAsync();
            var started = System.Diagnostics.Stopwatch.StartNew();
            while (await DatabaseOutageTests.CountAsync(postgres.ConnectionString) <= 0 && started.Elapsed < TimeSpan.FromSeconds(60) && !replay.HasExited)
                await Task.Delay(50);
            Assert.That(replay.HasExited, Is.False, "the replay was still running when the database stopped");
            await postgres.StopAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await replay.WaitForExitAsync(timeout.Token);
            var error = await stderr;
            Assert.That(replay.ExitCode, Is.EqualTo(69), await stdout + error);
            Assert.That(error, Does.Contain($"127.0.0.1:{postgres.Port}").And.Contain("run the same replay again"));
            Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        }

        await postgres.StartAgainAsync();
        var (exit, output, errors) = await worker.RunAsync("replay", DemoReplay.Demo);
        Assert.That(exit, Is.EqualTo(0), output + errors);
        Assert.That(output, Does.Contain("8614 posts read"));
    }
}
