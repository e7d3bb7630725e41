using System.Globalization;
using System.Security.Cryptography;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Signals.Feeds;

/// <summary>
/// Parses RSS 0.9x/1.0 (RDF)/2.0 and Atom 1.0 documents, in any encoding, into posts. DTDs are refused (no entity bombs, no
/// external entities); dates the formatter cannot read are parsed leniently, and an item
/// without a usable date falls back to the time it was fetched.
/// </summary>
public static partial class SyndicationParser
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        Async = false,
    };

    /// <summary>
    /// Deepest element nesting a feed may have. RSS and Atom need four or five levels, Atom XHTML content a few more; the
    /// syndication formatter slows down more than linearly with depth (200,000 nested elements took 106 s), so a deeper
    /// document is refused by a linear first pass, with an error naming this limit, before the formatter sees it.
    /// </summary>
    public const int MaxDepth = 64;

    /// <param name="httpCharset">The charset of the response's Content-Type, if any (see <see cref="FeedEncoding"/>).</param>
    /// <param name="ct">The read's deadline: parsing stops there (a hostile document must not hold a feed slot past it).</param>
    public static FeedReadResult Parse(Stream content, FeedDefinition feed, DateTimeOffset fetchedAt, string? httpCharset = null, CancellationToken ct = default)
    {
        var bytes = content is MemoryStream memory ? memory.ToArray() : ReadAll(content);
        var (text, _) = FeedEncoding.Decode(bytes, httpCharset, feed);
        List<FeedItem> items;
        try
        {
            CheckDepth(text, feed, ct);
            // Decoded already: a reader over text ignores the declaration's encoding, which may be the wrong one.
            using var xml = XmlReader.Create(new StringReader(text), Settings);
            xml.MoveToContent();
            items = xml.LocalName switch
            {
                "RDF" => RdfFeedParser.Items(XElement.Load(xml)).ToList(),
                "rss" => ReadSyndication(AsRss20(XElement.Load(xml)), feed),
                _ => ReadSyndication(xml, feed),
            };
        }
        catch (Exception ex) when (ex is XmlException or InvalidOperationException or FormatException)
        {
            throw new FeedException($"Feed '{feed.Name}' ({feed.Location}): malformed XML: {ex.Message}", ex);
        }

        var posts = new List<Post>();
        var problems = new List<string>();
        foreach (var item in items)
        {
            ct.ThrowIfCancellationRequested();
            var post = ToPost(item, feed, fetchedAt);
            if (post is null) problems.Add($"Feed '{feed.Name}' ({feed.Location}): item '{item.Id ?? item.Title}' has no text; skipped");
            else posts.Add(post);
        }
        return new FeedReadResult(posts, null, problems);
    }

    private static void CheckDepth(string text, FeedDefinition feed, CancellationToken ct)
    {
        using var xml = XmlReader.Create(new StringReader(text), Settings);
        var nodes = 0;
        while (xml.Read())
        {
            if (xml.Depth > MaxDepth)
                throw new FeedException($"Feed '{feed.Name}' ({feed.Location}): elements nested deeper than {MaxDepth} (SyndicationParser.MaxDepth) at line {((IXmlLineInfo)xml).LineNumber}; feed refused");
            if ((++nodes & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// RSS 0.91/0.92 (and "2.0.1", or no version at all) use a subset of 2.0's elements, but the
    /// formatter refuses any version but "2.0"; relabelling the document lets it read them all.
    /// </summary>
    private static XmlReader AsRss20(XElement rss)
    {
        rss.SetAttributeValue("version", "2.0");
        // Through text: the formatter stumbles on the node reader of an XElement ("'Text' is an invalid XmlNodeType").
        var reader = XmlReader.Create(new StringReader(rss.ToString(SaveOptions.DisableFormatting)), Settings);
        reader.MoveToContent();
        return reader;
    }

    private static List<FeedItem> ReadSyndication(XmlReader xml, FeedDefinition feed)
    {
        var atom = xml.LocalName == "feed";
        SyndicationFeedFormatter formatter = atom ? new Atom10FeedFormatter() : new Rss20FeedFormatter();
        formatter.DateTimeParser = TryParseDate;
        if (!formatter.CanRead(xml))
            throw new FeedException($"Feed '{feed.Name}' ({feed.Location}): not an RSS or Atom document (root <{xml.Name}>)");
        formatter.ReadFrom(xml);
        var parsed = formatter.Feed;
        return parsed.Items.Select(item => new FeedItem(
            Id: item.Id,
            Url: item.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate")?.Uri?.ToString(),
            Title: item.Title?.Text,
            Body: item.Content is TextSyndicationContent content ? content.Text : item.Summary?.Text,
            Date: item.PublishDate != default ? item.PublishDate : item.LastUpdatedTime != default ? item.LastUpdatedTime : null,
            Author: Author(item, atom ? parsed : null),
            Language: parsed.Language)).ToList();
    }

    private static readonly (string Name, string Namespace)[] AuthorExtensions =
    [
        ("creator", "http://purl.org/dc/elements/1.1/"),             // dc:creator — WordPress, phpBB, Discourse, Mastodon
        ("author", "http://www.itunes.com/dtds/podcast-1.0.dtd"),    // itunes:author
    ];

    /// <summary>
    /// The item's author wherever the feed puts it: the format's own author (Atom author/name, RSS author, an e-mail then a
    /// name), dc:creator, itunes:author, else for Atom the feed's own author (an entry inherits it; an RSS channel's
    /// managingEditor is not the poster). Without one, a post counts as an author of its own in the distinct-author counts
    /// detection rests on.
    /// </summary>
    private static string? Author(SyndicationItem item, SyndicationFeed? feed)
    {
        var own = item.Authors.Select(a => !string.IsNullOrWhiteSpace(a.Name) ? a.Name : a.Email).FirstOrDefault(a => !string.IsNullOrWhiteSpace(a));
        if (own is not null) return own;
        foreach (var (name, ns) in AuthorExtensions)
        {
            var value = item.ElementExtensions.ReadElementExtensions<string>(name, ns).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
            if (value is not null) return value;
        }
        return feed?.Authors.Select(a => !string.IsNullOrWhiteSpace(a.Name) ? a.Name : a.Email).FirstOrDefault(a => !string.IsNullOrWhiteSpace(a));
    }

    private static Post? ToPost(FeedItem item, FeedDefinition feed, DateTimeOffset fetchedAt)
    {
        var title = HtmlText.ToPlainText(item.Title);
        var text = string.Join("\n", new[] { title, HtmlText.ToPlainText(item.Body) }.Where(s => s.Length > 0).Distinct());
        if (text.Length == 0) return null;
        var id = !string.IsNullOrWhiteSpace(item.Id) ? item.Id : item.Url ?? Hash(text);
        var author = string.IsNullOrWhiteSpace(item.Author) ? null : item.Author.Trim();
        return new Post(feed.Name, id, item.Url, author, (item.Date ?? fetchedAt).ToUniversalTime(), item.Language, text);
    }

    private static byte[] ReadAll(Stream content)
    {
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>A date as feeds write it, or null when it cannot be read (the item then keeps its fetch time).</summary>
    internal static DateTimeOffset? ParseDate(string? value) =>
        value is not null && TryParseDate(new XmlDateTimeData(value, new XmlQualifiedName()), out var date) && date != default ? date : null;

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

    private static readonly Dictionary<string, string> NamedZones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GMT"] = "+00:00", ["UT"] = "+00:00", ["UTC"] = "+00:00", ["Z"] = "+00:00",
        ["EST"] = "-05:00", ["EDT"] = "-04:00", ["CST"] = "-06:00", ["CDT"] = "-05:00",
        ["MST"] = "-07:00", ["MDT"] = "-06:00", ["PST"] = "-08:00", ["PDT"] = "-07:00",
        ["CET"] = "+01:00", ["CEST"] = "+02:00", ["BST"] = "+01:00",
    };

    /// <summary>
    /// Feeds in the wild write dates in every format (RFC 822 with named or colon-less zones,
    /// ISO 8601, or prose); an unreadable one must not lose the item, so it becomes "no date"
    /// and the item keeps its fetch time.
    /// </summary>
    private static bool TryParseDate(XmlDateTimeData data, out DateTimeOffset result)
    {
        var value = ZoneWithoutColon().Replace(data.DateTimeString.Trim(), "$1:$2");
        var lastSpace = value.LastIndexOf(' ');
        if (lastSpace > 0 && NamedZones.TryGetValue(value[(lastSpace + 1)..], out var offset)) value = value[..lastSpace] + " " + offset;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out result)) return Written(ref result);
        // "Sat, 15 Jul 2017 …": a weekday that does not fit the date makes .NET refuse it; the date itself is what counts.
        var comma = value.IndexOf(',');
        if (comma is > 0 and < 10 && DateTimeOffset.TryParse(value[(comma + 1)..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out result)) return Written(ref result);
        result = default;
        return true;
    }

    /// <summary>
    /// A date the feed wrote. Year 1 at midnight UTC is <c>default</c>, which the syndication classes take for "no date" (and the item
    /// would keep its fetch time); one tick later it stays a written date, and an absurd one, refused like any other (PostLimits).
    /// </summary>
    private static bool Written(ref DateTimeOffset result)
    {
        if (result == default) result = DateTimeOffset.MinValue.AddTicks(1);
        return true;
    }

    [GeneratedRegex(@"\s([+-]\d\d)(\d\d)$")]
    private static partial Regex ZoneWithoutColon();
}
