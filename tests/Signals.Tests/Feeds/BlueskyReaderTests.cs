using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Signals.Feeds;

namespace Signals.Tests.Feeds;

/// <summary>The Bluesky search reader over real HTTP on loopback, on a response shaped as the searchPosts lexicon defines it.</summary>
public sealed class BlueskyReaderTests
{
    private ServiceProvider _services = null!;
    private static readonly string Fixture = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "bluesky", "search-levothyrox.json");

    [SetUp]
    public void SetUp() => _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();

    [TearDown]
    public void TearDown() => _services.Dispose();

    private BlueskyReader Reader() => new(_services.GetRequiredService<IHttpClientFactory>(), Options.Create(new FeedsOptions()));

    private static FeedDefinition Feed(LoopbackHttpServer server) =>
        new() { Name = "bluesky-levothyrox", Type = "bluesky", Location = server.Url("xrpc/app.bsky.feed.searchPosts?q=levothyrox") };

    private static byte[] Page(int count, string? cursor) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        cursor,
        posts = Enumerable.Range(0, count).Select(i => new
        {
            uri = $"at://did:plc:burst{i}/app.bsky.feed.post/3burst{i}",
            author = new { did = $"did:plc:burst{i}", handle = $"p{i}.bsky.social" },
            record = new Dictionary<string, object> { ["$type"] = "app.bsky.feed.post", ["text"] = $"Levothyrox et crampes ({i})", ["createdAt"] = $"2024-07-19T{i / 60:00}:{i % 60:00}:00.000Z" },
            indexedAt = "2024-07-19T12:00:00.000Z",
        }),
    });

    [Test]
    public async Task Posts_become_posts_and_a_burst_larger_than_a_page_is_read_to_the_end()
    {
        var fixture = await File.ReadAllBytesAsync(Fixture);
        using var server = new LoopbackHttpServer(async (request, response) =>
        {
            response.ContentType = "application/json";
            var body = (request.QueryString["since"], request.QueryString["cursor"]) switch
            {
                (null, _) => fixture,
                (_, null) when request.QueryString["since"] == "2024-07-18T10:21:07.512Z" => Page(BlueskyReader.PageSize, "page-2"),
                (_, "page-2") => Page(3, null),
                _ => Page(0, null),
            };
            await response.OutputStream.WriteAsync(body);
        });
        var reader = Reader();

        var first = await reader.ReadAsync(Feed(server), null, CancellationToken.None);
        Assert.That(first.Problems, Is.Empty);
        Assert.That(first.Posts, Has.Count.EqualTo(2));
        var sophie = first.Posts[0];
        Assert.That(sophie.Text, Does.StartWith("Trois semaines de #levothyrox nouvelle formule"));
        Assert.That((sophie.Source, sophie.Author, sophie.Language), Is.EqualTo(("bsky.app", (string?)"did:plc:4x7q2mzk3aa5cvb6dd7ee8ff", (string?)"fr")));
        Assert.That(sophie.Url, Is.EqualTo("https://bsky.app/profile/did:plc:4x7q2mzk3aa5cvb6dd7ee8ff/post/3kxyzlevo2aa2"), "the DID, never the handle");
        Assert.That(first.Posts[1].Language, Is.Null, "no langs in the record");
        Assert.That(first.HasMore, Is.False);

        var burst = await reader.ReadAsync(Feed(server), first.Cursor, CancellationToken.None);
        Assert.That(server.Requests[1].QueryString["since"], Is.EqualTo("2024-07-18T10:21:07.512Z"));
        Assert.That((burst.Posts.Count, burst.HasMore), Is.EqualTo((BlueskyReader.PageSize, true)));

        var rest = await reader.ReadAsync(Feed(server), burst.Cursor, CancellationToken.None);
        Assert.That(server.Requests[2].QueryString["cursor"], Is.EqualTo("page-2"));
        Assert.That(server.Requests[2].QueryString["since"], Is.EqualTo("2024-07-18T10:21:07.512Z"), "the burst keeps its lower bound");
        Assert.That((rest.Posts.Count, rest.HasMore), Is.EqualTo((3, false)));

        await reader.ReadAsync(Feed(server), rest.Cursor, CancellationToken.None);
        Assert.That(server.Requests[3].QueryString["since"], Is.EqualTo("2024-07-19T01:39:00.000Z"), "then from the newest post of the burst");
        Assert.That(server.Requests[3].QueryString["cursor"], Is.Null);
    }

    [Test]
    public async Task An_error_body_is_an_error_naming_the_feed()
    {
        using var server = new LoopbackHttpServer(async (_, response) =>
        {
            response.StatusCode = 400;
            await response.OutputStream.WriteAsync("""{"error":"BadQueryString","message":"Error: Params must have the property \"q\""}"""u8.ToArray());
        });
        var error = await Assert.ThrowsAsync<FeedException>(() => Reader().ReadAsync(Feed(server), null, CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("bluesky-levothyrox").And.Contain("400"));
    }
}
