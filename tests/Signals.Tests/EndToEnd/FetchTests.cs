using System.Text.Json;
using Signals.Tests.Feeds;

namespace Signals.Tests.EndToEnd;

/// <summary><c>signals fetch</c>: one read of a feed, printed as replayable JSON Lines.</summary>
public sealed class FetchTests
{
    [Test]
    public async Task Fetch_prints_a_real_atom_feed_served_over_http_as_json_lines()
    {
        var atom = await File.ReadAllBytesAsync(TestPaths.Shared("data/feeds-rss-atom/small_atom.xml"));
        using var server = new LoopbackHttpServer(async (_, response) =>
        {
            response.ContentType = "application/atom+xml";
            await response.OutputStream.WriteAsync(atom);
        });
        var worker = new WorkerProcess(TestPaths.TempDirectory());

        var (exit, stdout, stderr) = await worker.RunAsync("fetch", "--type", "atom", "--url", server.Url("feed.atom"), "--limit", "5");

        Assert.That(exit, Is.EqualTo(0), stderr);
        var posts = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(posts, Has.Count.EqualTo(5));
        Assert.That(posts, Has.All.Matches<JsonElement>(p => p.GetProperty("id").GetString()!.Length > 0
            && DateTimeOffset.Parse(p.GetProperty("createdAt").GetString()!).Year >= 2024
            && p.GetProperty("text").GetString()!.Length > 0
            && p.GetProperty("source").GetString() == "127.0.0.1"));
    }

    private static string Fixture(string folder, string file) => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", folder, file);

    /// <summary>Every reader, through the command, against its fixture served on loopback (a file for jsonl).</summary>
    [TestCase("rss", 40)]
    [TestCase("atom", 20)]
    [TestCase("mastodon", 3)]
    [TestCase("reddit", 3)]
    [TestCase("bluesky", 2)]
    [TestCase("jetstream", 5)]
    [TestCase("jsonl", 12)]
    public async Task Fetch_reads_each_type_and_prints_posts_with_ids_timestamps_and_text(string type, int expected)
    {
        byte[] Body() => type switch
        {
            "rss" => File.ReadAllBytes(TestPaths.Shared("data/feeds-rss-atom/encoding_ISO-8859-1.xml")),
            "atom" => File.ReadAllBytes(TestPaths.Shared("data/feeds-rss-atom/small_atom.xml")),
            "mastodon" => File.ReadAllBytes(Fixture("mastodon", "tag-levothyrox.json")),
            "reddit" => File.ReadAllBytes(Fixture("reddit", "new.json")),
            _ => File.ReadAllBytes(Fixture("bluesky", "search-levothyrox.json")),
        };
        // Read here, not in the server's handler: without ../shared the test is then reported as not run, not as an HTTP 500.
        var body = type == "jetstream" ? null : Body();
        using var server = type == "jetstream"
            ? LoopbackHttpServer.WebSocket(async (_, socket) =>
            {
                foreach (var line in File.ReadAllLines(Fixture("bluesky", "jetstream-events.jsonl")))
                    await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(line), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
                await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "end of recording", CancellationToken.None);
            })
            : new LoopbackHttpServer(async (_, response) => await response.OutputStream.WriteAsync(body!));
        var url = type switch
        {
            "jetstream" => server.WebSocketUrl("subscribe"),
            "jsonl" => DemoReplay.Demo,
            _ => server.Url("feed"),
        };

        var args = new List<string> { "fetch", "--type", type, "--url", url };
        if (type == "jsonl") args.AddRange(["--limit", "12"]);
        var (exit, stdout, stderr) = await new WorkerProcess(TestPaths.TempDirectory()).RunAsync([.. args]);

        Assert.That(exit, Is.EqualTo(0), stderr);
        var posts = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(posts, Has.Count.EqualTo(expected), stdout);
        Assert.That(posts.Select(p => p.GetProperty("id").GetString()).Distinct().Count(), Is.EqualTo(expected), "ids present and distinct");
        Assert.That(posts, Has.All.Matches<JsonElement>(p => DateTimeOffset.Parse(p.GetProperty("createdAt").GetString()!).Year >= 2000
            && p.GetProperty("text").GetString()!.Trim().Length > 0));
    }

    [Test]
    public async Task Fetch_of_an_unreachable_feed_exits_non_zero_naming_the_url()
    {
        var url = $"http://127.0.0.1:{LoopbackHttpServer.FreePort()}/feed.xml";
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        worker.Environment["Signals__Feeds__RetryDelay"] = "00:00:00.1"; // the shipped retries, without the shipped 2 s (doubling) between them
        var (exit, stdout, stderr) = await worker.RunAsync("fetch", "--type", "rss", "--url", url);
        Assert.That(exit, Is.EqualTo(69));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.Contain(url).And.Contain("unreachable"));
    }
}
