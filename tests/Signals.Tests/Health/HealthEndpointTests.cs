using System.Net;
using Signals.Tests.EndToEnd;
using Signals.Tests.Faults;
using Signals.Tests.Feeds;

namespace Signals.Tests.Health;

/// <summary>The running worker's health endpoints tell ops what is wrong: an undeliverable alert, a paused feed.</summary>
public sealed class HealthEndpointTests
{
    [Test]
    public async Task Ready_reports_a_stuck_outbox_and_a_paused_feed_while_live_stays_up()
    {
        var dir = TestPaths.TempDirectory();
        var worker = new WorkerProcess(dir);
        var smtpPort = LoopbackHttpServer.FreePort(); // nothing listens: the alert cannot be delivered
        worker.Environment["Signals__Email__SmtpHost"] = "127.0.0.1";
        worker.Environment["Signals__Email__SmtpPort"] = smtpPort.ToString();
        worker.Environment["Signals__Email__RetryFor"] = "00:00:00"; // one attempt
        worker.Environment["Signals__Email__Retries"] = "0";
        var (exit, stdout, stderr) = await worker.RunAsync("replay", DemoReplay.Demo);
        Assert.That(exit, Is.EqualTo(0), stdout + stderr);

        var feeds = Path.Combine(dir, "feeds.json");
        var missing = Path.Combine(dir, "missing.jsonl");
        await File.WriteAllTextAsync(feeds, $$"""{ "feeds": [ { "name": "drop-folder", "type": "jsonl", "location": "{{missing}}", "interval": "00:00:10" } ] }""");
        worker.Environment["Signals__Health__FeedErrorLimit"] = "1";
        var metricsPort = LoopbackHttpServer.FreePort();
        worker.Environment["Signals__Health__MetricsPort"] = metricsPort.ToString();
        using var running = RunningWorker.Start(worker, feeds);
        try
        {
            await running.WaitUntilAsync(async () => await running.ReadyAsync() is { } r && r.Checks["feeds"].Detail.Contains("drop-folder"),
                TimeSpan.FromSeconds(20), "the paused feed reported");
            var (status, checks) = (await running.ReadyAsync())!.Value;
            Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(checks["outbox"].Healthy, Is.False);
            Assert.That(checks["outbox"].Detail, Does.Contain("levothyroxine").And.Contain($"127.0.0.1:{smtpPort}"));
            Assert.That(checks["feeds"].Healthy, Is.False);
            Assert.That(checks["feeds"].Detail, Does.Contain("drop-folder").And.Contain(missing));
            Assert.That((checks["database"].Healthy, checks["model"].Healthy), Is.EqualTo((true, true)));

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{running.HealthPort}/"), Timeout = TimeSpan.FromSeconds(10) };
            var live = await http.GetAsync("health/live");
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));

            // Prometheus metrics: the failing feed is counted under its name.
            var metrics = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
            Assert.That(metrics, Does.Match(@"signals_feed_errors_total\{[^}]*feed=""drop-folder""[^}]*\} [1-9]"), metrics);
            Assert.That(metrics, Does.Contain("signals_outbox_oldest_pending_age"));

            // The container's health check command says the same.
            Assert.That((await worker.RunAsync("health")).ExitCode, Is.EqualTo(1), "unready");
            Assert.That((await worker.RunAsync("health", "--live")).ExitCode, Is.EqualTo(0), "live");
        }
        finally
        {
            running.Kill9();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task A_taken_metrics_port_is_reported_and_the_worker_runs_on()
    {
        var dir = TestPaths.TempDirectory();
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Any, 0);
        taken.Start();
        var metricsPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var feeds = Path.Combine(dir, "feeds.json");
        await File.WriteAllTextAsync(feeds, """{ "feeds": [] }""");
        var worker = new WorkerProcess(dir);
        var healthPort = LoopbackHttpServer.FreePort();
        worker.Environment["Signals__Feeds__FeedsFile"] = feeds;
        worker.Environment["Signals__Health__Host"] = "127.0.0.1";
        worker.Environment["Signals__Health__Port"] = healthPort.ToString();
        worker.Environment["Signals__Health__MetricsPort"] = metricsPort.ToString();
        using var process = worker.Start("run");
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        bool Contains() { lock (errors) return errors.ToString().Contains($"port {metricsPort} is taken"); }
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            HttpStatusCode? live = null;
            for (var i = 0; i < 100 && live is null; i++)
            {
                await Task.Delay(200);
                try { live = (await http.GetAsync($"http://127.0.0.1:{healthPort}/health/live")).StatusCode; }
                catch (HttpRequestException) { /* not yet */ }
            }
            Assert.That(live, Is.EqualTo(HttpStatusCode.OK), errors.ToString());
            Assert.That(process.HasExited, Is.False);
            // The health endpoint can answer before the metrics listener's failure reaches stderr (the log is written
            // asynchronously): wait for the line rather than reading stderr once.
            for (var i = 0; i < 50 && !Contains(); i++) await Task.Delay(200);
            lock (errors) Assert.That(errors.ToString(), Does.Contain($"port {metricsPort} is taken"));
            Assert.That(process.HasExited, Is.False, "the worker runs on without its metrics port");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }
}
