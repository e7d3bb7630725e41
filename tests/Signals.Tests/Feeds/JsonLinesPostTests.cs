using System.Text;
using Signals.Feeds;

namespace Signals.Tests.Feeds;

/// <summary>The replay format's parser, line by line.</summary>
public sealed class JsonLinesPostTests
{
    private static Post? Parse(string line, out string? error) => JsonLinesPost.Parse(Encoding.UTF8.GetBytes(line), out error);

    [Test]
    public void Numbers_are_kept_as_written_and_unknown_properties_of_any_shape_are_skipped()
    {
        var post = Parse("""{"id":1234567890123,"extra":{"a":[1,{"b":null}]},"tags":["x"],"createdAt":"2017-07-16T08:00:00Z","text":"Levothyrox","lang":"fr","author":null}""", out var error);
        Assert.That(error, Is.Null);
        Assert.That(post, Is.EqualTo(new Post("replay", "1234567890123", null, null, new DateTimeOffset(2017, 7, 16, 8, 0, 0, TimeSpan.Zero), "fr", "Levothyrox")));
    }

    [TestCase("2017-07-16T10:00:00+02:00")]
    [TestCase("2017-07-16T08:00:00Z")]
    [TestCase("2017-07-16T08:00:00")]       // no offset: UTC
    [TestCase("2017-07-16 08:00:00")]       // lenient
    [TestCase("2017-07-16T08\u003A00:00Z")] // escaped
    public void Instants_are_read_in_utc(string createdAt)
    {
        var post = Parse($$"""{"id":"1","createdAt":"{{createdAt}}","text":"t"}""", out var error);
        Assert.That(error, Is.Null);
        Assert.That(post!.CreatedAt, Is.EqualTo(new DateTimeOffset(2017, 7, 16, 8, 0, 0, TimeSpan.Zero)));
        Assert.That(post.CreatedAt.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [TestCase("""[1,2]""", "not a JSON object")]
    [TestCase("""{"id":"1","text":"t"}""", "missing \"createdAt\"")]
    [TestCase("""{"id":"1","text":"t","createdAt":"  "}""", "missing \"createdAt\"")]
    [TestCase("""{"id":"1","text":"t","createdAt":"yesterday"}""", "\"createdAt\" is not an ISO-8601 date: yesterday")]
    [TestCase("""{"id":"","text":"t","createdAt":"2017-07-16T08:00:00Z"}""", "missing \"id\"")]
    [TestCase("""{"id":"1","text":"t","createdAt":"2017-07-16T08:00:00Z" """, "malformed JSON")]
    public void A_bad_line_says_why(string line, string why)
    {
        Assert.That(Parse(line, out var error), Is.Null);
        Assert.That(error, Does.StartWith(why));
    }

    [Test]
    public void Blank_lines_carriage_returns_and_byte_order_marks_are_not_posts_nor_errors()
    {
        Assert.That(JsonLinesPost.TryParseLine("  \t\r"u8, out var post, out var error), Is.False);
        Assert.That((post, error), Is.EqualTo(((Post?)null, (string?)null)));
        Assert.That(JsonLinesPost.TryParseLine("\uFEFF{\"id\":\"1\",\"createdAt\":\"2017-07-16T08:00:00Z\",\"text\":\"t\"}\r"u8, out post, out error), Is.True);
        Assert.That(post?.ExternalId, Is.EqualTo("1"), error);
    }
}
