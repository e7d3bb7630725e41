using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Signals.Feeds;

namespace Signals.Tests.Feeds;

/// <summary>The RSS/Atom reader over real HTTP on loopback, serving a recorded real feed.</summary>
public sealed class RssAtomReaderTests
{
    private ServiceProvider _services = null!;

    [SetUp]
    public void SetUp() => _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();

    [TearDown]
    public void TearDown() => _services.Dispose();

    private RssAtomReader Reader(long maxBytes = 10 * 1024 * 1024) =>
        new(_services.GetRequiredService<IHttpClientFactory>(), Options.Create(new FeedsOptions { MaxResponseBytes = maxBytes }), TimeProvider.System);

    private static FeedDefinition Feed(string url) => new() { Name = "loopback", Type = "atom", Location = url };

    [Test]
    public async Task Unchanged_feed_is_fetched_conditionally_and_not_parsed_again()
    {
        var atom = await File.ReadAllBytesAsync(TestPaths.Shared("data/feeds-rss-atom/small_atom.xml"));
        using var server = new LoopbackHttpServer(async (request, response) =>
        {
            if (request.Headers["If-None-Match"] == "\"v1\"") { response.StatusCode = 304; return; }
            response.Headers["ETag"] = "\"v1\"";
            response.ContentType = "application/atom+xml";
            await response.OutputStream.WriteAsync(atom);
        });
        var reader = Reader();

        var first = await reader.ReadAsync(Feed(server.Url("feed.atom")), null, CancellationToken.None);
        var second = await reader.ReadAsync(Feed(server.Url("feed.atom")), first.Cursor, CancellationToken.None);

        Assert.That(first.Posts, Has.Count.EqualTo(20));
        Assert.That(second.Posts, Is.Empty);
        Assert.That(second.Cursor, Is.EqualTo(first.Cursor));
        Assert.That(server.Requests[1].Headers["If-None-Match"], Is.EqualTo("\"v1\""));
    }

    [Test]
    public async Task Html_page_instead_of_a_feed_is_an_error_naming_the_url()
    {
        using var server = new LoopbackHttpServer(async (_, response) =>
        {
            response.ContentType = "text/html";
            await response.OutputStream.WriteAsync("<!DOCTYPE html><html><body><p>Login required</body></html>"u8.ToArray());
        });
        var url = server.Url("not-a-feed");
        var ex = await Assert.ThrowsAsync<FeedException>(() => Reader().ReadAsync(Feed(url), null, CancellationToken.None));
        Assert.That(ex!.Message, Does.Contain(url));
    }

    [TestCase(500)]
    [TestCase(404)]
    public async Task Http_error_is_an_error_naming_the_url_and_status(int status)
    {
        using var server = new LoopbackHttpServer((_, response) => { response.StatusCode = status; return Task.CompletedTask; });
        var url = server.Url("broken");
        var ex = await Assert.ThrowsAsync<FeedException>(() => Reader().ReadAsync(Feed(url), null, CancellationToken.None));
        Assert.That(ex!.Message, Does.Contain(url).And.Contain(status.ToString()));
    }

    [Test]
    public async Task Response_over_the_size_cap_is_refused()
    {
        using var server = new LoopbackHttpServer(async (_, response) =>
        {
            response.SendChunked = true; // no Content-Length: the cap must hold while reading
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            for (var i = 0; i < 8; i++) await response.OutputStream.WriteAsync(chunk);
        });
        var ex = await Assert.ThrowsAsync<FeedException>(() => Reader(maxBytes: 100_000).ReadAsync(Feed(server.Url("huge")), null, CancellationToken.None));
        Assert.That(ex!.Message, Does.Contain("cap"));
    }

    [Test]
    public async Task Unreachable_server_is_an_error_naming_the_url()
    {
        var url = $"http://127.0.0.1:{LoopbackHttpServer.FreePort()}/feed.xml";
        var ex = await Assert.ThrowsAsync<FeedException>(() => Reader().ReadAsync(Feed(url), null, CancellationToken.None));
        Assert.That(ex!.Message, Does.Contain(url).And.Contain("unreachable"));
    }
}
