using System.Text.RegularExpressions;

namespace Signals.Tests.EndToEnd;

/// <summary>Dates in log messages are ISO 8601 (2017-07-16), as in the e-mails and the CLI, never a culture's 07/16/2017.</summary>
public sealed partial class LogDateTests
{
    [Test]
    public async Task A_replay_logs_its_alert_days_as_iso_dates()
    {
        var replay = await DemoReplay.GetAsync(); // the demo replayed on the defaults, shared with the tests that read the same run
        var (exit, stdout, stderr) = (replay.ExitCode, replay.Stdout, replay.Stderr);

        Assert.That(exit, Is.EqualTo(0), stdout + stderr);
        Assert.That(stderr, Does.Contain("Alert opened for levothyroxine on 2017-07-16"), stderr);
        Assert.That(CultureDate().Matches(stderr).Select(m => m.Value), Is.Empty, "no culture-formatted date in the logs");
    }

    [GeneratedRegex(@"\b\d{1,2}/\d{1,2}/\d{4}\b")]
    private static partial Regex CultureDate();
}
