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

    [Test]
    public async Task Fetch_of_an_unreachable_feed_exits_non_zero_naming_the_url()
    {
        var url = $"http://127.0.0.1:{LoopbackHttpServer.FreePort()}/feed.xml";
        var (exit, stdout, stderr) = await new WorkerProcess(TestPaths.TempDirectory()).RunAsync("fetch", "--type", "rss", "--url", url);
        Assert.That(exit, Is.EqualTo(69));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.Contain(url).And.Contain("unreachable"));
    }
}
