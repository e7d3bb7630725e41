using System.Diagnostics;
using Signals.Tests.EndToEnd;
using Signals.Tests.Feeds;

namespace Signals.Tests.Review;

/// <summary><c>signals review</c> as ops run it: served alone, stopped by SIGTERM (docker stop, systemd, timeout).</summary>
public sealed class ReviewCommandTests
{
    [Test]
    public async Task Review_served_alone_stops_on_sigterm_with_exit_0()
    {
        var dir = TestPaths.TempDirectory();
        try
        {
            var worker = new WorkerProcess(dir);
            Assert.That((await worker.RunAsync("migrate")).ExitCode, Is.EqualTo(0));
            var port = LoopbackHttpServer.FreePort();
            using var process = worker.Start("review", "--port", port.ToString());
            await WorkerProcess.WaitForReviewAsync(process, port);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync();
            using var within = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try { await process.WaitForExitAsync(within.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); Assert.Fail("signals review was still running 15 s after SIGTERM"); }
            Assert.That(process.ExitCode, Is.EqualTo(0));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
