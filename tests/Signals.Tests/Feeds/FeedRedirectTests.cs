using System.Net;
using System.Net.Sockets;
using System.Text;
using Signals.Feeds;
using Signals.Tests.EndToEnd;

namespace Signals.Tests.Feeds;

/// <summary>
/// Where a feed's redirects may lead, through the real executable (<c>fetch</c>) over real HTTP. A public feed is played honestly
/// without the internet: the worker reaches <c>http://203.0.113.5/</c> (a public address) through an HTTP proxy on loopback
/// (HTTP_PROXY, which .NET honours as any deployment behind a proxy does), and that "public server" answers with a redirect to
/// this machine's loopback address, where a second server holds what must not be read.
/// </summary>
public sealed class FeedRedirectTests
{
    private const string Secret = "Levothyrox admin-only secret item";

    private static string Rss(string text) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>t</title><link>https://example.org/</link><description>d</description>
        <item><guid>g1</guid><title>t</title><description>{text}</description><pubDate>Sat, 15 Jul 2017 10:00:00 GMT</pubDate></item>
        </channel></rss>
        """;

    private static async Task Answer(HttpListenerResponse response, string text)
    {
        response.ContentType = "application/rss+xml";
        await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(Rss(text)));
    }

    [Test]
    public async Task A_redirect_from_a_public_feed_to_a_loopback_address_is_refused_in_one_line_naming_the_feed_and_nothing_is_read_there()
    {
        using var admin = new LoopbackHttpServer((_, response) => Answer(response, Secret));
        using var proxy = new TinyProxy(admin.Url("admin"));
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        worker.Environment["HTTP_PROXY"] = $"http://127.0.0.1:{proxy.Port}";
        worker.Environment["NO_PROXY"] = "";

        var (exit, stdout, stderr) = await worker.RunAsync("fetch", "--type", "rss", "--url", "http://203.0.113.5/feed.xml");

        Assert.That(proxy.Requests, Has.Some.Contains("203.0.113.5/feed.xml"), "the public feed was asked, through the proxy");
        Assert.That(stdout, Does.Not.Contain("secret"), "nothing from the loopback server");
        Assert.That(admin.RequestCount + proxy.Requests.Count(r => r.Contains("/admin")), Is.Zero, "the loopback address was never requested");
        Assert.That(exit, Is.EqualTo(69), stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.Contain("Feed '203.0.113.5'").And.Contain("redirect from the public address 203.0.113.5 to the private or loopback address 127.0.0.1 refused"));
    }

    [Test]
    public async Task A_redirect_to_a_file_address_is_one_line_naming_the_feed_not_a_crash()
    {
        using var server = new LoopbackHttpServer((_, response) =>
        {
            response.StatusCode = 302;
            response.RedirectLocation = "file:///etc/passwd";
            return Task.CompletedTask;
        });
        var (exit, stdout, stderr) = await new WorkerProcess(TestPaths.TempDirectory()).RunAsync("fetch", "--type", "rss", "--url", server.Url("feed.xml"));

        Assert.That(exit, Is.EqualTo(69), stdout + stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.Contain("Feed '127.0.0.1'").And.Contain("redirect to a file: address refused"));
        Assert.That(stdout, Does.Not.Contain("root:"));
    }

    [Test]
    public async Task A_feed_configured_on_a_private_address_may_redirect_within_the_private_network()
    {
        using var target = new LoopbackHttpServer((_, response) => Answer(response, "Levothyrox moved feed"));
        using var moved = new LoopbackHttpServer((_, response) =>
        {
            response.StatusCode = 301;
            response.RedirectLocation = target.Url("feed.xml");
            return Task.CompletedTask;
        });
        var (exit, stdout, stderr) = await new WorkerProcess(TestPaths.TempDirectory()).RunAsync("fetch", "--type", "rss", "--url", moved.Url("old.xml"));

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("Levothyrox moved feed"));
        Assert.That(target.RequestCount, Is.EqualTo(1));
    }

    [TestCase("127.0.0.1", true)]
    [TestCase("10.1.2.3", true)]
    [TestCase("172.20.0.1", true)]
    [TestCase("192.168.1.1", true)]
    [TestCase("169.254.169.254", true)]
    [TestCase("100.64.0.1", true)]
    [TestCase("::1", true)]
    [TestCase("fd00::1", true)]
    [TestCase("fe80::1", true)]
    [TestCase("::ffff:127.0.0.1", true)]
    [TestCase("0.0.0.0", true)]
    [TestCase("203.0.113.5", false)]
    [TestCase("93.184.215.14", false)]
    [TestCase("172.32.0.1", false)]
    [TestCase("2606:4700::1111", false)]
    public void Addresses_are_classified_as_private_or_public(string address, bool isPrivate) =>
        Assert.That(NetworkScope.IsPrivate(IPAddress.Parse(address)), Is.EqualTo(isPrivate));

    /// <summary>
    /// An HTTP proxy standing in for the internet: a request for the public feed gets a redirect to <paramref name="redirectTo"/>;
    /// anything else it is asked for it answers with the secret (so following the redirect through it would show too).
    /// </summary>
    private sealed class TinyProxy : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly string _redirectTo;

        public TinyProxy(string redirectTo)
        {
            _redirectTo = redirectTo;
            _listener.Start();
            _ = Task.Run(LoopAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
        public List<string> Requests { get; } = [];

        private async Task LoopAsync()
        {
            while (true)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(); }
                catch (Exception) { return; }
                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using var _ = client;
            var stream = client.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n"))
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0) return;
                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            var line = head.ToString().Split("\r\n")[0];
            lock (Requests) Requests.Add(line);
            var answer = line.Contains("203.0.113.5/feed.xml")
                ? $"HTTP/1.1 302 Found\r\nLocation: {_redirectTo}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                : Ok(Rss(Secret));
            await stream.WriteAsync(Encoding.UTF8.GetBytes(answer));
        }

        private static string Ok(string body) =>
            $"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

        public void Dispose() => _listener.Stop();
    }
}
