using System.Text.RegularExpressions;

namespace Signals.Tests.EndToEnd;

/// <summary>Dates in log messages are ISO 8601 (2017-07-16), as in the e-mails and the CLI, never a culture's 07/16/2017.</summary>
public sealed partial class LogDateTests
{
    [Test]
    public async Task A_replay_logs_its_alert_days_as_iso_dates()
    {
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        var (exit, stdout, stderr) = await worker.RunAsync("replay", Path.Combine(TestPaths.RepoRoot, "samples", "demo-levothyrox-2017.jsonl"));

        Assert.That(exit, Is.EqualTo(0), stdout + stderr);
        Assert.That(stderr, Does.Contain("Alert opened for levothyroxine on 2017-07-16"), stderr);
        Assert.That(CultureDate().Matches(stderr).Select(m => m.Value), Is.Empty, "no culture-formatted date in the logs");
    }

    [GeneratedRegex(@"\b\d{1,2}/\d{1,2}/\d{4}\b")]
    private static partial Regex CultureDate();
}
