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

/// <summary>
/// The formats and encodings of feeds in the wild, on fixtures shaped after the specifications
/// (TestData/feeds/README.md): RSS 0.90 and 1.0 (RDF), 0.91, Cyrillic in windows-1251, Latin-1
/// with no declaration or a false UTF-8 one, Arabic and Hebrew.
/// </summary>
public sealed class FeedFormatsAndEncodingsTests
{
    private static readonly DateTimeOffset FetchedAt = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static FeedReadResult Parse(string file, string? httpCharset = null)
    {
        using var stream = File.OpenRead(Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "feeds", file));
        return SyndicationParser.Parse(stream, new FeedDefinition { Name = file, Type = "rss", Location = "https://example.org/" + file }, FetchedAt, httpCharset);
    }

    [Test]
    public void Rss_1_0_rdf_items_carry_dublin_core_dates_authors_and_full_content()
    {
        var result = Parse("rss10-rdf.xml");

        Assert.That(result.Posts.Select(p => p.ExternalId), Is.EqualTo(new[]
        {
            "https://health-forum.example.org/threads/101", "https://health-forum.example.org/threads/102", "https://health-forum.example.org/threads/103",
        }));
        var first = result.Posts[0];
        Assert.That(first.Text, Does.Contain("Hair falling out").And.Contain("losing hair & feeling exhausted"));
        Assert.That(first.CreatedAt, Is.EqualTo(new DateTimeOffset(2017, 7, 20, 7, 14, 0, TimeSpan.Zero)));
        Assert.That(first.Author, Is.EqualTo("thyroid_mum"));
        Assert.That(first.Language, Is.EqualTo("en"));
        Assert.That(result.Posts[1].Text, Does.Contain("My heart is racing at night").And.Not.Contain("<b>"), "content:encoded wins over description, as text");
        Assert.That(result.Posts[2].CreatedAt, Is.EqualTo(FetchedAt), "an unreadable dc:date keeps the item with its fetch time");
    }

    [Test]
    public void Rss_0_90_and_0_91_are_read()
    {
        var old = Parse("rss090-rdf.xml");
        Assert.That(old.Posts.Select(p => p.Text), Is.EqualTo(new[] { "Generic levothyroxine shortage", "New insulin pen recall" }));
        Assert.That(old.Posts[0].Url, Is.EqualTo("http://portal.example.com/news/levothyroxine-shortage"));

        var netscape = Parse("rss091.xml");
        Assert.That(netscape.Posts, Has.Count.EqualTo(2));
        Assert.That(netscape.Posts[0].Text, Does.Contain("crampes la nuit"));
        Assert.That(netscape.Posts[0].Language, Is.EqualTo("fr"));
        Assert.That(netscape.Posts[0].ExternalId, Is.EqualTo("https://forum.example.fr/t/nouveau-levothyrox-crampes-12"), "no guid: the link is the id");
    }

    [Test]
    public void Windows_1251_is_decoded_by_its_declaration()
    {
        var result = Parse("rss20-windows-1251.xml");
        Assert.That(result.Posts[0].Text, Does.Contain("Эутирокс и выпадение волос").And.Contain("судороги в ногах"));
        Assert.That(result.Posts[0].CreatedAt, Is.EqualTo(new DateTimeOffset(2017, 7, 24, 5, 30, 0, TimeSpan.Zero)));
    }

    [TestCase("rss20-undeclared-latin1.xml", null)]
    [TestCase("rss20-undeclared-latin1.xml", "iso-8859-1")]
    [TestCase("rss20-mislabelled-utf8.xml", null)]
    [TestCase("rss20-mislabelled-utf8.xml", "utf-8")]
    public void Latin_1_without_a_true_declaration_is_still_read_as_latin_1(string file, string? httpCharset)
    {
        var text = Parse(file, httpCharset).Posts.Single().Text;
        Assert.That(text, Does.Contain("Lévothyrox nouvelle formule").And.Contain("Ça dure"));
        Assert.That(text, Does.Not.Contain("\uFFFD"));
    }

    [Test]
    public void Http_charset_decodes_an_undeclared_feed_that_is_not_utf_8()
    {
        var bytes = System.Text.CodePagesEncodingProvider.Instance.GetEncoding("koi8-r")!.GetBytes("<rss version=\"2.0\"><channel><title>t</title><item><title>Слабость и тошнота</title></item></channel></rss>");
        var feed = new FeedDefinition { Name = "koi8", Type = "rss", Location = "https://example.org/koi8" };
        Assert.That(SyndicationParser.Parse(new MemoryStream(bytes), feed, FetchedAt, "koi8-r").Posts.Single().Text, Is.EqualTo("Слабость и тошнота"));
    }

    [Test]
    public void Right_to_left_text_keeps_its_letters_and_order()
    {
        var result = Parse("atom-rtl.xml");
        Assert.That(result.Posts, Has.Count.EqualTo(2));
        Assert.That(result.Posts[0].Text, Does.Contain("آثار جانبية بعد ليفوثيروكسين").And.Contain("تساقط الشعر").And.Contain("Levothyrox"));
        Assert.That(result.Posts[0].Author, Is.EqualTo("سارة"));
        Assert.That(result.Posts[1].Text, Does.Contain("נשירת שיער ודפיקות לב"));
        Assert.That(result.Posts[0].Language, Is.EqualTo("ar"));
    }

    [Test]
    public void Unknown_declared_encoding_is_an_error_naming_the_feed()
    {
        var bytes = "<?xml version=\"1.0\" encoding=\"x-klingon\"?><rss version=\"2.0\"><channel/></rss>"u8.ToArray();
        var feed = new FeedDefinition { Name = "odd", Type = "rss", Location = "https://example.org/odd.xml" };
        var ex = Assert.Throws<FeedException>(() => SyndicationParser.Parse(new MemoryStream(bytes), feed, FetchedAt));
        Assert.That(ex!.Message, Does.Contain("https://example.org/odd.xml").And.Contain("x-klingon"));
    }
}
