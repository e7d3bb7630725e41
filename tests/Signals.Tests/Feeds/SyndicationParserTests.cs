using System.Text;
using Signals.Feeds;

namespace Signals.Tests.Feeds;

/// <summary>Real feeds recorded by Miniflux (Apache-2.0), read from ../shared/data/feeds-rss-atom.</summary>
public sealed class SyndicationParserTests
{
    private static readonly DateTimeOffset FetchedAt = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static FeedReadResult ParseShared(string file)
    {
        using var stream = File.OpenRead(TestPaths.Shared($"data/feeds-rss-atom/{file}"));
        return SyndicationParser.Parse(stream, new FeedDefinition { Name = file, Type = "atom", Location = "https://example.org/" + file }, FetchedAt);
    }

    [TestCase("small_atom.xml", 20)]
    [TestCase("large_atom.xml", 25)]
    [TestCase("encoding_ISO-8859-1.xml", 40)]
    public void Real_feed_yields_one_post_per_entry_with_id_link_date_and_text(string file, int entries)
    {
        var result = ParseShared(file);

        Assert.That(result.Posts, Has.Count.EqualTo(entries));
        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Posts.Select(p => p.ExternalId).Distinct().Count(), Is.EqualTo(entries));
        Assert.That(result.Posts, Has.All.Matches<Post>(p => p!.Text.Length > 0 && p.Url != null && p.CreatedAt < FetchedAt && p.CreatedAt.Year > 2000));
        // The markup goes; text that only shows a tag (code in a post: "&amp;lt;/iframe&amp;gt;") stays as the author wrote it.
        string[] markup = ["<span", "<code>", "<p>", "<a href", "<br", "<div"];
        Assert.That(result.Posts, Has.None.Matches<Post>(p => markup.Any(m => p!.Text.Contains(m, StringComparison.OrdinalIgnoreCase))), "HTML must be turned into text");
    }

    [Test]
    public void Iso_8859_1_feed_is_decoded_by_its_declared_encoding()
    {
        var result = ParseShared("encoding_ISO-8859-1.xml");
        var all = string.Join(" ", result.Posts.Select(p => p.Text));
        Assert.That(all, Does.Match("[äöüÄÖÜß]"), "umlauts decoded from ISO-8859-1");
        Assert.That(all, Does.Not.Contain("\uFFFD"));
        Assert.That(result.Posts[0].Language, Is.EqualTo("de"));
    }

    [Test]
    public void Entity_bomb_is_refused_with_the_feed_named()
    {
        const string bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <rss version="2.0"><channel><title>&lol2;</title><item><title>x</title></item></channel></rss>
            """;
        var feed = new FeedDefinition { Name = "bomb", Type = "rss", Location = "https://example.org/bomb.xml" };
        var ex = Assert.Throws<FeedException>(() => SyndicationParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(bomb)), feed, FetchedAt));
        Assert.That(ex!.Message, Does.Contain("bomb").And.Contain("https://example.org/bomb.xml"));
    }

    [Test]
    public void Unreadable_date_keeps_the_item_with_its_fetch_time()
    {
        const string rss = """
            <rss version="2.0"><channel><title>t</title>
            <item><guid>1</guid><title>Levothyrox et fatigue</title><pubDate>le 15 juillet</pubDate></item>
            <item><guid>2</guid><title>Euthyrox</title><pubDate>Sat, 15 Jul 2017 10:00:00 CEST</pubDate></item>
            </channel></rss>
            """;
        var feed = new FeedDefinition { Name = "dates", Type = "rss", Location = "https://example.org/d.xml" };
        var result = SyndicationParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(rss)), feed, FetchedAt);

        Assert.That(result.Posts, Has.Count.EqualTo(2));
        Assert.That(result.Posts[0].CreatedAt, Is.EqualTo(FetchedAt));
        Assert.That(result.Posts[1].CreatedAt.Date, Is.EqualTo(new DateTime(2017, 7, 15)));
    }
}
