namespace Signals.Tests.EndToEnd;

/// <summary>
/// A configuration mistake ends the verb with exit 78 and one line naming the file, its line (1-based) and the key, or the
/// environment variable: no hosting stack trace in front of it, and no misspelt key ignored in silence.
/// </summary>
public sealed class ConfigErrorTests
{
    private static async Task<(int Exit, string[] Lines)> RunWithFeedsAsync(string feedsJson)
    {
        var dir = TestPaths.TempDirectory();
        var feeds = Path.Combine(dir, "feeds.json");
        await File.WriteAllTextAsync(feeds, feedsJson);
        var worker = new WorkerProcess(dir);
        worker.Environment["Signals__Feeds__FeedsFile"] = feeds;
        worker.Environment["Signals__Health__Port"] = Signals.Tests.Feeds.LoopbackHttpServer.FreePort().ToString();
        worker.Environment["Signals__Health__MetricsPort"] = "0";
        var (exit, _, stderr) = await worker.RunAsync("run");
        return (exit, ErrorLines(stderr));
    }

    /// <summary>The lines of the error itself: the messages "signals: …" and any stack trace line (what came before is the start-up's own log).</summary>
    private static string[] ErrorLines(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("signals:", StringComparison.Ordinal) || l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal)).ToArray();

    [Test]
    public async Task An_interval_under_ten_seconds_names_the_file_its_line_and_the_key_in_one_line()
    {
        var (exit, lines) = await RunWithFeedsAsync("""
            {
              "feeds": [
                { "name": "ok", "type": "jsonl", "location": "/tmp/in" },
                {
                  "name": "fast",
                  "type": "jsonl",
                  "location": "/tmp/in2",
                  "interval": "00:00:05"
                }
              ]
            }
            """);
        Assert.That(exit, Is.EqualTo(78), string.Join('\n', lines));
        Assert.That(lines, Has.Length.EqualTo(1), string.Join('\n', lines));
        Assert.That(lines[0], Does.Contain("feeds.json:8: feeds[1].interval").And.Contain("00:00:10"));
    }

    [Test]
    public async Task Malformed_json_is_located_on_its_one_based_line()
    {
        var (exit, lines) = await RunWithFeedsAsync("{\n  \"feeds\": [\n    { \"name\": \"a\" \"type\": \"rss\" }\n  ]\n}\n");
        Assert.That(exit, Is.EqualTo(78), string.Join('\n', lines));
        Assert.That(lines, Has.Length.EqualTo(1), string.Join('\n', lines));
        Assert.That(lines[0], Does.Contain("feeds.json:3:"));
    }

    [Test]
    public async Task An_unknown_feed_type_is_one_line_naming_the_key()
    {
        var (exit, lines) = await RunWithFeedsAsync("""{ "feeds": [ { "name": "x", "type": "gopher", "location": "http://127.0.0.1/" } ] }""");
        Assert.That(exit, Is.EqualTo(78));
        Assert.That(lines, Has.Length.EqualTo(1), string.Join('\n', lines));
        Assert.That(lines[0], Does.Contain("feeds.json:1: feeds[0].type").And.Contain("gopher"));
    }

    [Test]
    public async Task A_missing_feeds_file_is_one_line()
    {
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        worker.Environment["Signals__Feeds__FeedsFile"] = "/nonexistent/feeds.json";
        worker.Environment["Signals__Health__Port"] = Signals.Tests.Feeds.LoopbackHttpServer.FreePort().ToString();
        worker.Environment["Signals__Health__MetricsPort"] = "0";
        var (exit, _, stderr) = await worker.RunAsync("run");
        var lines = ErrorLines(stderr);
        Assert.That(exit, Is.EqualTo(78), stderr);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.Contain("/nonexistent/feeds.json"));
    }

    [Test]
    public async Task A_misspelt_key_is_reported_at_start_instead_of_ignored()
    {
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        worker.Environment["Signals__Storage__Provder"] = "postgres";
        var (exit, _, stderr) = await worker.RunAsync("migrate");
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(exit, Is.EqualTo(78), stderr);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.Contain("environment variable Signals__Storage__Provder").And.Contain("Signals:Storage:Provder").And.Contain("Provider"));
    }

    [Test]
    public async Task The_shipped_configuration_has_no_unknown_key()
    {
        var (exit, stdout, stderr) = await new WorkerProcess(TestPaths.TempDirectory()).RunAsync("migrate");
        Assert.That(exit, Is.EqualTo(0), stdout + stderr);
    }
}
