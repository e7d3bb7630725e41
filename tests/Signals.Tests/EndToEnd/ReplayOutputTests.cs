using System.Text.Json;
using System.Text.RegularExpressions;

namespace Signals.Tests.EndToEnd;

/// <summary>
/// What a replay prints (issue 23, items 3 and 7): by default a line per alert opened, e-mail sent and problem — each one line
/// with its ISO UTC time — and at Debug the details, where an extended alert names its event.
/// </summary>
public sealed partial class ReplayOutputTests
{

    [Test]
    public async Task By_default_a_replay_logs_one_timestamped_line_per_alert_opened_and_email_sent()
    {
        var replay = await DemoReplay.GetAsync(); // the demo replayed on the defaults, shared with the tests that read the same run
        var (exit, stdout, stderr) = (replay.ExitCode, replay.Stdout, replay.Stderr);

        Assert.That(exit, Is.EqualTo(0), stdout + stderr);
        Assert.That(stdout, Does.Contain("12 alerts opened, 3 e-mails sent; 0 problems"));
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines.Count(l => l.Contains("Alert opened for ")), Is.EqualTo(12), stderr);
        Assert.That(lines.Count(l => l.Contains(" sent to ")), Is.EqualTo(3), stderr);
        Assert.That(lines, Has.Length.EqualTo(15), "nothing else: " + stderr);
        foreach (var line in lines) Assert.That(line, Does.Match(PlainLine()), "one line an entry, with its UTC time");
    }

    [Test]
    public async Task At_debug_in_json_every_extended_alert_names_its_event_and_every_line_has_its_time_and_an_event_id()
    {
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        worker.Environment["Logging__LogLevel__Default"] = "Debug";
        worker.Environment["Logging__Console__FormatterName"] = "json";
        var (exit, stdout, stderr) = await worker.RunAsync("replay", DemoReplay.Demo);

        Assert.That(exit, Is.EqualTo(0), stdout + stderr);
        var entries = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var signals = entries.Where(e => e.GetProperty("Category").GetString()!.StartsWith("Signals.", StringComparison.Ordinal)).ToList();
        Assert.That(signals.Select(e => e.GetProperty("EventId").GetInt32()), Has.All.Not.EqualTo(0));
        foreach (var e in entries) Assert.That(e.GetProperty("Timestamp").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
        var extended = signals.Where(e => e.GetProperty("EventId").GetInt32() == 4001).Select(e => e.GetProperty("Message").GetString()!).ToList();
        Assert.That(extended, Has.Count.GreaterThan(100));
        Assert.That(extended.Where(m => m.Contains(" / ")).ToList(), Has.Count.GreaterThan(extended.Count / 2), "event alerts say which event");
        Assert.That(extended, Has.Some.Match(@"^Alert \d+ for levothyroxine / alopecia extended to 2017-"));
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit): Signals\.[\w.]+\[\d+\] ")]
    private static partial Regex PlainLine();
}
