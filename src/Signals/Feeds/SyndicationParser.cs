using System.Globalization;
using System.Security.Cryptography;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace Signals.Feeds;

/// <summary>
/// Parses RSS 2.0 and Atom 1.0 documents into posts. DTDs are refused (no entity bombs, no
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

    public static FeedReadResult Parse(Stream content, FeedDefinition feed, DateTimeOffset fetchedAt)
    {
        SyndicationFeed parsed;
        try
        {
            using var xml = XmlReader.Create(content, Settings);
            xml.MoveToContent();
            SyndicationFeedFormatter formatter = xml.LocalName == "feed" ? new Atom10FeedFormatter() : new Rss20FeedFormatter();
            formatter.DateTimeParser = TryParseDate;
            if (!formatter.CanRead(xml))
                throw new FeedException($"Feed '{feed.Name}' ({feed.Location}): not an RSS or Atom document (root <{xml.Name}>)");
            formatter.ReadFrom(xml);
            parsed = formatter.Feed;
        }
        catch (Exception ex) when (ex is XmlException or InvalidOperationException or FormatException)
        {
            throw new FeedException($"Feed '{feed.Name}' ({feed.Location}): malformed XML: {ex.Message}", ex);
        }

        var posts = new List<Post>();
        var problems = new List<string>();
        foreach (var item in parsed.Items)
        {
            var post = ToPost(item, feed, parsed.Language, fetchedAt);
            if (post is null) problems.Add($"Feed '{feed.Name}' ({feed.Location}): item '{item.Id ?? item.Title?.Text}' has no text; skipped");
            else posts.Add(post);
        }
        return new FeedReadResult(posts, null, problems);
    }

    private static Post? ToPost(SyndicationItem item, FeedDefinition feed, string? language, DateTimeOffset fetchedAt)
    {
        var title = HtmlText.ToPlainText(item.Title?.Text);
        var body = item.Content is TextSyndicationContent content ? content.Text : item.Summary?.Text;
        var text = string.Join("\n", new[] { title, HtmlText.ToPlainText(body) }.Where(s => s.Length > 0).Distinct());
        if (text.Length == 0) return null;

        var url = item.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate")?.Uri?.ToString();
        var id = !string.IsNullOrWhiteSpace(item.Id) ? item.Id : url ?? Hash(text);
        var created = item.PublishDate != default ? item.PublishDate
            : item.LastUpdatedTime != default ? item.LastUpdatedTime
            : fetchedAt;
        var author = item.Authors.Select(a => a.Name ?? a.Email).FirstOrDefault(a => !string.IsNullOrWhiteSpace(a));
        return new Post(feed.Name, id, url, author, created.ToUniversalTime(), language, text);
    }

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
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out result)) return true;
        // "Sat, 15 Jul 2017 …": a weekday that does not fit the date makes .NET refuse it; the date itself is what counts.
        var comma = value.IndexOf(',');
        if (comma is > 0 and < 10 && DateTimeOffset.TryParse(value[(comma + 1)..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out result)) return true;
        result = default;
        return true;
    }

    [GeneratedRegex(@"\s([+-]\d\d)(\d\d)$")]
    private static partial Regex ZoneWithoutColon();
}
