using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Signals.Feeds;

namespace Signals.Tests.Feeds;

/// <summary>The Reddit reader over real HTTP on loopback, serving a listing shaped as Reddit's JSON documentation shows it.</summary>
public sealed class RedditReaderTests
{
    private ServiceProvider _services = null!;
    private static readonly string Fixture = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "reddit", "new.json");

    [SetUp]
    public void SetUp() => _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();

    [TearDown]
    public void TearDown() => _services.Dispose();

    private RedditReader Reader() => new(_services.GetRequiredService<IHttpClientFactory>(), Options.Create(new FeedsOptions()));

    private static FeedDefinition Feed(LoopbackHttpServer server) =>
        new() { Name = "reddit-hypothyroidism", Type = "reddit", Location = server.Url("r/Hypothyroidism/new.json") };

    [Test]
    public async Task Listing_items_become_posts_and_the_next_read_asks_for_newer_ones()
    {
        var listing = await File.ReadAllBytesAsync(Fixture);
        using var server = new LoopbackHttpServer(async (request, response) =>
        {
            response.ContentType = "application/json";
            await response.OutputStream.WriteAsync(request.QueryString["before"] is null ? listing
                : """{"kind":"Listing","data":{"after":null,"before":null,"children":[]}}"""u8.ToArray());
        });

        var first = await Reader().ReadAsync(Feed(server), null, CancellationToken.None);

        Assert.That(first.Problems, Is.Empty);
        Assert.That(first.Posts.Select(p => p.ExternalId), Is.EqualTo(new[] { "t3_1e5x2aa", "t3_1e5x1b7", "t3_1e5x0c1" }));
        var post = first.Posts[0];
        Assert.That(post.Text, Does.StartWith("Generic levo switch - anyone else feel awful?\nSwitched from Synthroid").And.Contain("hair is falling out in the shower & leg cramps"));
        Assert.That((post.Source, post.Author), Is.EqualTo(("reddit.com/r/Hypothyroidism", (string?)"tired_thyroid_22")));
        Assert.That(post.Url, Is.EqualTo("https://www.reddit.com/r/Hypothyroidism/comments/1e5x2aa/generic_levo_switch_anyone_else_feel_awful/"));
        Assert.That(post.CreatedAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1721296364)));
        Assert.That(first.Posts[1].Text, Is.EqualTo("ANSM page on the new Levothyrox formula (FR)"), "a link post is its title; edited as a number is fine");
        Assert.That(first.Posts[2].Author, Is.Null, "[deleted] is no author");
        Assert.That(first.Cursor, Is.EqualTo("t3_1e5x2aa"));
        Assert.That(server.Requests[0].QueryString["raw_json"], Is.EqualTo("1"));

        var second = await Reader().ReadAsync(Feed(server), first.Cursor, CancellationToken.None);
        Assert.That(server.Requests[1].QueryString["before"], Is.EqualTo("t3_1e5x2aa"));
        Assert.That(second.Posts, Is.Empty);
        Assert.That(second.Cursor, Is.EqualTo(first.Cursor));
    }

    [Test]
    public async Task A_post_on_a_users_own_page_gets_a_source_and_link_without_their_name()
    {
        var listing = """
            {"kind":"Listing","data":{"children":[
              {"kind":"t3","data":{"name":"t3_1e5y9zz","subreddit":"u_tired_thyroid_22","author":"tired_thyroid_22","title":"My levo diary",
               "selftext":"Week 3 on Levothyrox: cramps","created_utc":1721296364.0,"permalink":"/user/tired_thyroid_22/comments/1e5y9zz/my_levo_diary/"}},
              {"kind":"t1","data":{"name":"t1_kq1x2","subreddit":"u_tired_thyroid_22","author":"someone","body":"same here with Levothyrox",
               "link_id":"t3_1e5y9zz","created_utc":1721296400.0,"permalink":"/r/u_tired_thyroid_22/comments/1e5y9zz/my_levo_diary/kq1x2/"}}]}}
            """;
        using var server = new LoopbackHttpServer(async (_, response) => await response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(listing)));

        var posts = (await Reader().ReadAsync(Feed(server), null, CancellationToken.None)).Posts;

        Assert.That(posts.Select(p => (p.Source, p.Url)), Is.EqualTo(new[]
        {
            ("reddit.com/user", (string?)"https://www.reddit.com/comments/1e5y9zz/"),
            ("reddit.com/user", (string?)"https://www.reddit.com/comments/1e5y9zz/_/kq1x2/"),
        }));
    }

    [TestCase("""{"message": "Forbidden", "error": 403}""", "Forbidden")]
    [TestCase("""<html><body>whoa there, pardner!</body></html>""", "not JSON")]
    public async Task An_error_body_is_an_error_naming_the_feed(string body, string expected)
    {
        using var server = new LoopbackHttpServer(async (_, response) => await response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(body)));
        var error = await Assert.ThrowsAsync<FeedException>(() => Reader().ReadAsync(Feed(server), null, CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("reddit-hypothyroidism").And.Contain(expected));
    }
}
