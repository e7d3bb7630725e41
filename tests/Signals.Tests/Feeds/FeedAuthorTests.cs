using System.Text;
using Signals.Feeds;

namespace Signals.Tests.Feeds;

/// <summary>
/// The author wherever a feed gives it: detection counts distinct authors, and a forum feed whose authors come out null
/// counts every post as a separate person.
/// </summary>
public sealed class FeedAuthorTests
{
    private static readonly FeedDefinition Feed = new() { Name = "forum", Type = "rss", Location = "https://forum.example.org/feed" };

    private static IReadOnlyList<Post> Parse(string xml) =>
        SyndicationParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)), Feed, DateTimeOffset.UnixEpoch).Posts;

    [Test]
    public void Rss_dc_creator_and_itunes_author_are_read_as_the_author_and_the_channel_editor_is_not()
    {
        var posts = Parse("""
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
              <channel><title>Forum</title><managingEditor>editor@forum.example.org (Editor)</managingEditor>
                <item><guid>1</guid><title>Levothyrox et fatigue</title><dc:creator>thyroid_mum</dc:creator></item>
                <item><guid>2</guid><title>Levothyrox podcast</title><itunes:author>Dr Who</itunes:author></item>
                <item><guid>3</guid><title>Levothyrox et crampes</title><author>jane@example.org (Jane)</author></item>
                <item><guid>4</guid><title>Levothyrox anonyme</title></item>
              </channel>
            </rss>
            """);

        Assert.That(posts.Select(p => p.Author), Is.EqualTo(new[] { "thyroid_mum", "Dr Who", "jane@example.org (Jane)", null }));
    }

    [Test]
    public void An_atom_entry_without_an_author_takes_the_feeds_author_name()
    {
        var posts = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title>Blog</title><id>urn:blog</id><updated>2017-07-20T07:00:00Z</updated><author><name>Marie</name></author>
              <entry><id>urn:1</id><title>Levothyrox et fatigue</title><updated>2017-07-20T07:00:00Z</updated></entry>
              <entry><id>urn:2</id><title>Levothyrox et crampes</title><updated>2017-07-20T07:00:00Z</updated><author><name>Paul</name></author></entry>
            </feed>
            """);

        Assert.That(posts.Select(p => p.Author), Is.EqualTo(new[] { "Marie", "Paul" }));
    }
}
