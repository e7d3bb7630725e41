namespace Signals.Tests.EndToEnd;

/// <summary>Bad input gets a clear message naming its source; what can go on, goes on.</summary>
public sealed class BadInputTests
{
    private string _dir = null!;

    [SetUp] public void SetUp() => _dir = TestPaths.TempDirectory();
    [TearDown] public void TearDown() => Directory.Delete(_dir, recursive: true);

    [TestCase("Signals__Storage__Provider", "oracle", "Signals:Storage:Provider")]
    [TestCase("Signals__Detection__HistoryDays", "many", "Signals:Detection:HistoryDays")]
    [TestCase("Signals__Detection__MinimumCount", "0", "Signals:Detection:MinimumCount")]
    [TestCase("Signals__Email__SmtpPort", "70000", "Signals:Email:SmtpPort")]
    [TestCase("Signals__Detection__Products__levothyroxin__EpisodeQuietDays", "30", "Signals:Detection:Products:levothyroxin")]
    [TestCase("Signals__Storage__Provider", "postgres", "Signals:Storage:PseudonymKey")]
    [TestCase("Signals__Storage__PseudonymKey", "change-me-in-production", "Signals:Storage:PseudonymKey")]
    public async Task Invalid_config_value_stops_start_with_a_message_naming_the_key(string variable, string value, string key)
    {
        var worker = new WorkerProcess(_dir);
        worker.Environment[variable] = value;
        var (exit, stdout, stderr) = await worker.RunAsync("migrate");
        Assert.That(exit, Is.EqualTo(78), stdout + stderr);
        Assert.That(stderr, Does.Contain(key));
    }

    [Test]
    public async Task Malformed_line_and_unreadable_file_are_named_and_the_rest_is_ingested()
    {
        var good = Path.Combine(_dir, "good.jsonl");
        await File.WriteAllLinesAsync(good,
        [
            """{"id":"g1","author":"a","createdAt":"2017-07-01T10:00:00Z","lang":"fr","text":"Depuis le Levothyrox je suis épuisée"}""",
            """{"id":"g2","author":"b","createdAt":"2017-07-01T11:00:00Z","text":"Levothyrox, crampes""",
            """{"id":"g3","author":"c","createdAt":"2017-07-02T11:00:00Z","text":"My Synthroid refill came today"}""",
        ]);
        var missing = Path.Combine(_dir, "missing.jsonl");
        var worker = new WorkerProcess(_dir);

        var (exit, stdout, stderr) = await worker.RunAsync("replay", good, missing);

        Assert.That(exit, Is.EqualTo(65), "a data error is reported in the exit code");
        Assert.That(stderr, Does.Contain($"{good} line 2").And.Contain("malformed JSON"));
        Assert.That(stderr, Does.Contain(missing));
        Assert.That(stdout, Does.Contain("2 posts read, 2 about watched products, 2 new"));
    }

    [Test]
    public async Task Unreachable_smtp_server_keeps_alerts_pending_with_the_server_named()
    {
        var worker = new WorkerProcess(_dir);
        worker.Environment["Signals__Email__SmtpHost"] = "127.0.0.1";
        worker.Environment["Signals__Email__SmtpPort"] = Feeds.LoopbackHttpServer.FreePort().ToString();
        worker.Environment["Signals__Email__RetryFor"] = "00:00:00"; // one attempt
        worker.Environment["Signals__Email__RetryDelay"] = "00:00:00.050";

        var (exit, stdout, stderr) = await worker.RunAsync("replay", DemoReplay.Demo);
        Assert.That(exit, Is.EqualTo(0), stdout + stderr);
        Assert.That(stdout, Does.Contain("0 e-mails sent"));

        var (_, alerts, _) = await worker.RunAsync("alerts");
        Assert.That(alerts, Does.Contain("levothyroxine").And.Contain("pending").And.Contain("127.0.0.1:" + worker.Environment["Signals__Email__SmtpPort"]));
    }

    [Test]
    public async Task A_second_process_on_the_same_sqlite_file_is_refused_with_a_message()
    {
        var feeds = Path.Combine(_dir, "feeds.json");
        await File.WriteAllTextAsync(feeds, """{ "feeds": [] }""");
        var worker = new WorkerProcess(_dir);
        worker.Environment["Signals__Feeds__FeedsFile"] = feeds;
        worker.Environment["Signals__Health__Enabled"] = "false";
        using var running = worker.Start("run");
        try
        {
            var lockFile = worker.DatabasePath + ".lock";
            for (var i = 0; i < 100 && !File.Exists(lockFile); i++) await Task.Delay(100);
            await Task.Delay(500);
            Assert.That(running.HasExited, Is.False, "the worker runs");

            var (exit, stdout, stderr) = await worker.RunAsync("replay", Path.Combine(TestPaths.RepoRoot, "samples", "malformed-example.jsonl"));
            Assert.That(exit, Is.EqualTo(75), stdout + stderr);
            Assert.That(stderr, Does.Contain("Another Signals process is using").And.Contain(worker.DatabasePath));
        }
        finally
        {
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync();
        }

        // The lock dies with the process (here a kill): the replay now goes through.
        Assert.That((await worker.RunAsync("replay", Path.Combine(TestPaths.RepoRoot, "samples", "malformed-example.jsonl"))).ExitCode, Is.EqualTo(65));
    }
}
