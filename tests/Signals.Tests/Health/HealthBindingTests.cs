using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Signals.Tests.EndToEnd;
using Signals.Tests.Feeds;

namespace Signals.Tests.Health;

/// <summary>
/// Health and metrics show database, feed and SMTP details and ask for no credentials, so a local run keeps them on loopback;
/// the container image opens them on every interface itself (Dockerfile ENV), for its orchestrator and Prometheus.
/// "From another machine" is this machine's own non-loopback address, as the review page's tests do.
/// </summary>
public sealed class HealthBindingTests
{
    [Test]
    public async Task By_default_health_and_metrics_answer_on_loopback_and_refuse_connections_from_other_addresses()
    {
        var external = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? throw new InvalidOperationException("this machine has no non-loopback IPv4 address to connect from");
        var dir = TestPaths.TempDirectory();
        var feeds = Path.Combine(dir, "feeds.json");
        await File.WriteAllTextAsync(feeds, """{ "feeds": [] }""");
        var worker = new WorkerProcess(dir);
        var (healthPort, metricsPort) = (LoopbackHttpServer.FreePort(), LoopbackHttpServer.FreePort());
        worker.Environment["Signals__Feeds__FeedsFile"] = feeds;
        worker.Environment["Signals__Health__Port"] = healthPort.ToString(); // no Host: the default is under test
        worker.Environment["Signals__Health__MetricsPort"] = metricsPort.ToString();
        using var process = worker.Start("run");
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            HttpStatusCode? live = null;
            var started = System.Diagnostics.Stopwatch.StartNew();
            while (started.Elapsed < TimeSpan.FromSeconds(90) && live is null && !process.HasExited) // a loaded shared machine can take a minute
            {
                await Task.Delay(200);
                try { live = (await http.GetAsync($"http://127.0.0.1:{healthPort}/health/live")).StatusCode; }
                catch (HttpRequestException) { /* not yet */ }
            }
            Assert.That(live, Is.EqualTo(HttpStatusCode.OK), "health on loopback");
            Assert.That((await http.GetAsync($"http://127.0.0.1:{metricsPort}/metrics")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "metrics on loopback");

            foreach (var port in new[] { healthPort, metricsPort })
            {
                using var client = new TcpClient();
                SocketError? error = null;
                try { await client.ConnectAsync(external, port); }
                catch (SocketException ex) { error = ex.SocketErrorCode; }
                Assert.That(error, Is.EqualTo(SocketError.ConnectionRefused), $"port {port} from {external}");
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void The_container_image_opens_health_and_metrics_on_every_interface_itself()
    {
        var dockerfile = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "Dockerfile"));
        Assert.That(dockerfile, Does.Match(@"ENV[^\n]*(\\\n[^\n]*)*Signals__Health__Host=""?\*"));
    }
}
