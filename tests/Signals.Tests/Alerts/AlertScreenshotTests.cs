using System.Diagnostics;

namespace Signals.Tests.Alerts;

/// <summary>
/// The alert e-mail as a person sees it: the demo's alert rendered by headless Chromium (Debian's
/// chromium, installed by scripts/test.sh) through scripts/screenshot-alert.py, the script anyone
/// can run to regenerate the picture.
/// </summary>
public sealed class AlertScreenshotTests
{
    [Test]
    public async Task Alert_email_renders_in_headless_chromium()
    {
        if (!File.Exists("/usr/bin/chromium")) Assert.Fail("This test needs Debian's chromium (/usr/bin/chromium); scripts/test.sh installs it.");
        var replay = await EndToEnd.DemoReplay.GetAsync(); // the demo replayed on the defaults, shared with the tests that read the same run
        Assert.That(replay.ExitCode, Is.EqualTo(0), replay.Output);
        var eml = Directory.GetFiles(replay.OutboxPath, "*.eml").Single(f => !f.Contains("-update-") && !f.Contains("-closed"));
        var png = Path.Combine(TestContext.CurrentContext.WorkDirectory, "alert-email.png"); // kept for a look after the run

        var info = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(TestPaths.RepoRoot, "scripts", "screenshot-alert.py"), eml, png])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.EqualTo(0), await error);

        var bytes = await File.ReadAllBytesAsync(png);
        Assert.That((Png.Width(bytes), Png.Height(bytes)), Is.EqualTo((800, 1400)));
        Assert.That(bytes.Length, Is.GreaterThan(30_000), "a rendered page with text and a chart, not a blank one");
    }
}
