using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Signals.Feeds;

namespace Signals.Tests.Feeds;

/// <summary>The Mastodon reader over real HTTP on loopback, serving statuses shaped as the API documentation shows them.</summary>
public sealed class MastodonReaderTests
{
    private ServiceProvider _services = null!;
    private static readonly string Fixture = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "mastodon", "tag-levothyrox.json");

    [SetUp]
    public void SetUp() => _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();

    [TearDown]
    public void TearDown() => _services.Dispose();

    private MastodonReader Reader() => new(_services.GetRequiredService<IHttpClientFactory>(), Options.Create(new FeedsOptions()));

    private static FeedDefinition Feed(LoopbackHttpServer server) =>
        new() { Name = "mastodon-levothyrox", Type = "mastodon", Location = server.Url("api/v1/timelines/tag/levothyrox") };

    [Test]
    public async Task Status_search_results_are_read_like_a_timeline()
    {
        // /api/v2/search answers {"accounts": [], "statuses": [...], "hashtags": []} (Mastodon API docs, Search entity).
        var statuses = await File.ReadAllTextAsync(Fixture);
        using var server = new LoopbackHttpServer(async (request, response) =>
        {
            response.ContentType = "application/json";
            var body = request.QueryString["min_id"] is null ? $"{{\"accounts\": [], \"statuses\": {statuses}, \"hashtags\": []}}" : "{\"accounts\": [], \"statuses\": [], \"hashtags\": []}";
            await response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(body));
        });
        var feed = new FeedDefinition { Name = "search", Type = "mastodon", Location = server.Url("api/v2/search?type=statuses&q=levothyrox") };

        var first = await Reader().ReadAsync(feed, null, CancellationToken.None);
        var next = await Reader().ReadAsync(feed, first.Cursor, CancellationToken.None);

        Assert.That(first.Posts, Has.Count.EqualTo(3));
        Assert.That(first.Cursor, Is.EqualTo("113270115826048977"));
        Assert.That(server.Requests[0].Url!.Query, Does.Contain("type=statuses&q=levothyrox&limit=40"));
        Assert.That(server.Requests[1].QueryString["min_id"], Is.EqualTo("113270115826048977"));
        Assert.That(next.Posts, Is.Empty);
    }

    [Test]
    public async Task Statuses_become_posts_with_text_boosts_and_content_warnings_handled()
    {
        var statuses = await File.ReadAllBytesAsync(Fixture);
        using var server = new LoopbackHttpServer(async (request, response) =>
        {
            response.ContentType = "application/json";
            await response.OutputStream.WriteAsync(request.QueryString["min_id"] is null ? statuses : "[]"u8.ToArray());
        });

        var first = await Reader().ReadAsync(Feed(server), null, CancellationToken.None);

        Assert.That(first.Problems, Is.Empty);
        Assert.That(first.Posts, Has.Count.EqualTo(3));
        var marie = first.Posts[0];
        Assert.That(marie.Text, Is.EqualTo("Depuis le nouveau #Levothyrox je suis épuisée :blobcat_sad: & je perds mes cheveux"));
        Assert.That((marie.Author, marie.Language, marie.Url), Is.EqualTo(("marie_l", (string?)"fr", (string?)server.Url("statuses/113270115826048977"))),
            "the status by id on the instance read, not /@marie_l/…");
        Assert.That(marie.CreatedAt, Is.EqualTo(new DateTimeOffset(2024, 7, 18, 9, 12, 44, 901, TimeSpan.Zero)));

        var boosted = first.Posts[1];
        Assert.That(boosted.ExternalId, Is.EqualTo("https://piaille.fr/users/claire/statuses/112801234567890123"), "a boost is the boosted status");
        Assert.That(boosted.Author, Is.EqualTo("claire@piaille.fr"));
        Assert.That(boosted.Text, Is.EqualTo("Levothyrox, effets indésirables\nCrampes et palpitations depuis juillet.\nMon endocrinologue dit que ça va passer."));
        Assert.That(boosted.Language, Is.Null);

        Assert.That(first.Posts[2].Text, Does.StartWith("@marie_l same here, #Synthroid dose went up"));
        Assert.That(first.Cursor, Is.EqualTo("113270115826048977"), "the newest id");

        var second = await Reader().ReadAsync(Feed(server), first.Cursor, CancellationToken.None);
        Assert.That(server.Requests[1].QueryString["min_id"], Is.EqualTo("113270115826048977"));
        Assert.That(second.Posts, Is.Empty);
        Assert.That(second.Cursor, Is.EqualTo(first.Cursor));
    }

    [Test]
    public async Task An_error_body_or_truncated_json_is_an_error_naming_the_feed()
    {
        var bodies = new Queue<string>(["{\"error\":\"Record not found\"}", "[{\"id\":\"1\",\"created_at\":"]);
        using var server = new LoopbackHttpServer(async (_, response) =>
        {
            response.ContentType = "application/json";
            await response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(bodies.Dequeue()));
        });

        var error = await Assert.ThrowsAsync<FeedException>(() => Reader().ReadAsync(Feed(server), null, CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("mastodon-levothyrox").And.Contain("Record not found"));
        var truncated = await Assert.ThrowsAsync<FeedException>(() => Reader().ReadAsync(Feed(server), null, CancellationToken.None));
        Assert.That(truncated!.Message, Does.Contain("not JSON"));
    }
}
