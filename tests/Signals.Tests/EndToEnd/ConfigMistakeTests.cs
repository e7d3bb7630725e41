using Signals.Tests.Feeds;

namespace Signals.Tests.EndToEnd;

/// <summary>
/// The configuration mistakes of the second outside trial: each ends the verb with exit 78 and one line naming where the mistake is
/// and what was meant, instead of a trace (exit 134) or a default used in silence.
/// </summary>
public sealed class ConfigMistakeTests
{
    private string _dir = null!;

    [SetUp] public void SetUp() => _dir = TestPaths.TempDirectory();
    [TearDown] public void TearDown() => Directory.Delete(_dir, recursive: true);

    /// <summary>The lines of the error itself: "signals: …" messages and anything that looks like a trace.</summary>
    private static string[] ErrorLines(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("signals:", StringComparison.Ordinal) || l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal))
            .ToArray();

    private async Task<(int Exit, string[] Lines, string Stderr)> RunAsync(string verb, params (string Name, string Value)[] environment)
    {
        var worker = new WorkerProcess(_dir);
        worker.Environment["Signals__Health__Port"] = LoopbackHttpServer.FreePort().ToString();
        worker.Environment["Signals__Health__MetricsPort"] = "0";
        foreach (var (name, value) in environment) worker.Environment[name] = value;
        var (exit, _, stderr) = await worker.RunAsync(verb);
        return (exit, ErrorLines(stderr), stderr);
    }

    [TestCase("migrate")]
    [TestCase("run")]
    public async Task A_malformed_sqlite_connection_string_is_one_line_and_exit_78(string verb)
    {
        var (exit, lines, stderr) = await RunAsync(verb, ("Signals__Storage__ConnectionString", $"Data Sorce={Path.Combine(_dir, "x.db")}"));
        Assert.That(exit, Is.EqualTo(78), stderr);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.Contain("Signals:Storage:ConnectionString is not a valid SQLite connection string").And.Contain("data sorce").IgnoreCase);
    }

    [TestCase("migrate")]
    [TestCase("run")]
    public async Task A_malformed_postgresql_connection_string_is_one_line_and_exit_78(string verb)
    {
        var (exit, lines, stderr) = await RunAsync(verb, ("Signals__Storage__Provider", "postgres"),
            ("Signals__Storage__ConnectionString", "Host=127.0.0.1;Username=postgres;Password=s3cret-pw;Timeout=abc"),
            ("Signals__Storage__PseudonymKey", "config-mistake-test-key-of-32-bytes-at-least"));
        Assert.That(exit, Is.EqualTo(78), stderr);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.Contain("Signals:Storage:ConnectionString is not a valid PostgreSQL"));
        Assert.That(stderr, Does.Not.Contain("s3cret-pw"), "the password is not echoed");
    }

    [TestCase("intervall", "interval")]
    [TestCase("enabeld", "enabled")]
    [TestCase("Locaton", "location")]
    public async Task A_misspelt_key_in_feeds_json_names_the_file_the_line_and_the_nearest_key(string misspelt, string meant)
    {
        var feeds = Path.Combine(_dir, "feeds.json");
        await File.WriteAllTextAsync(feeds, $$"""
            {
              "feeds": [
                { "name": "ok", "type": "jsonl", "location": "/tmp/in" },
                {
                  "name": "second",
                  "type": "jsonl",
                  "location": "/tmp/in2",
                  "{{misspelt}}": "01:00:00"
                }
              ]
            }
            """);
        var (exit, lines, stderr) = await RunAsync("run", ("Signals__Feeds__FeedsFile", feeds));
        Assert.That(exit, Is.EqualTo(78), stderr);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.Contain($"{feeds}:8: feeds[1].{misspelt.ToLowerInvariant()}: unknown key (did you mean \"{meant}\"?)"));
    }

    [Test]
    public async Task A_misspelt_product_setting_names_the_variable_and_the_nearest_key()
    {
        var (exit, lines, stderr) = await RunAsync("migrate", ("Signals__Detection__Products__levothyroxine__Treshold", "5"));
        Assert.That(exit, Is.EqualTo(78), stderr);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.Contain("environment variable Signals__Detection__Products__levothyroxine__Treshold")
            .And.Contain("did you mean Signals:Detection:Products:levothyroxine:Threshold?"));
    }

    [Test]
    public async Task A_misspelt_top_level_prefix_names_the_variable_and_the_prefix_meant()
    {
        var (exit, lines, stderr) = await RunAsync("migrate", ("Signal__Storage__Provider", "postgres"));
        Assert.That(exit, Is.EqualTo(78), stderr);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.Contain("environment variable Signal__Storage__Provider").And.Contain("did you mean Signals:Storage:Provider?"));
    }

    [Test]
    public async Task A_recipient_that_is_not_an_address_is_refused_at_start()
    {
        var (exit, lines, stderr) = await RunAsync("migrate", ("Signals__Email__To__0", "not-an-address"));
        Assert.That(exit, Is.EqualTo(78), stderr);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.Contain("Signals:Email:To:").And.Contain("is not an e-mail address: 'not-an-address'"));
    }

    [Test]
    public async Task A_sqlite_data_source_in_a_missing_folder_is_created_and_start_up_says_so_once()
    {
        var folder = Path.Combine(_dir, "no", "such", "folder");
        var (exit, _, stderr) = await RunAsync("migrate", ("Signals__Storage__ConnectionString", $"Data Source={Path.Combine(folder, "signals.db")}"));
        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stderr, Does.Contain($"the folder {folder} of the database (Signals:Storage:ConnectionString) did not exist; created it"));
        Assert.That(File.Exists(Path.Combine(folder, "signals.db")), Is.True);

        var (again, _, second) = await RunAsync("migrate", ("Signals__Storage__ConnectionString", $"Data Source={Path.Combine(folder, "signals.db")}"));
        Assert.That(again, Is.EqualTo(0), second);
        Assert.That(second, Does.Not.Contain("did not exist"), "only when it was made");
    }
}
