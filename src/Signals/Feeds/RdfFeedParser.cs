using System.Xml.Linq;

namespace Signals.Feeds;

/// <summary>
/// RSS 1.0 and 0.90 (RDF Site Summary): items sit beside the channel under <c>rdf:RDF</c>,
/// dates and authors come from the Dublin Core module and full text from the content module.
/// System.ServiceModel.Syndication reads neither, and forums and older sites still publish them.
/// </summary>
internal static class RdfFeedParser
{
    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    public static bool IsRdf(XElement root) => root.Name == Rdf + "RDF";

    public static IEnumerable<FeedItem> Items(XElement root)
    {
        // RSS 1.0 (http://purl.org/rss/1.0/) and 0.90 (http://my.netscape.com/rdf/simple/0.9/) differ only by namespace.
        var ns = root.Elements().FirstOrDefault(e => e.Name.LocalName == "channel")?.Name.Namespace ?? XNamespace.None;
        var language = root.Element(ns + "channel")?.Element(Dc + "language")?.Value;
        foreach (var item in root.Elements(ns + "item"))
        {
            var link = item.Element(ns + "link")?.Value.Trim();
            yield return new FeedItem(
                Id: (string?)item.Attribute(Rdf + "about") ?? link,
                Url: link,
                Title: item.Element(ns + "title")?.Value,
                Body: item.Element(Content + "encoded")?.Value ?? item.Element(ns + "description")?.Value,
                Date: SyndicationParser.ParseDate(item.Element(Dc + "date")?.Value),
                Author: item.Element(Dc + "creator")?.Value,
                Language: item.Element(Dc + "language")?.Value ?? language);
        }
    }
}

/// <summary>An item as a feed format gives it, before it becomes a <see cref="Post"/>.</summary>
internal sealed record FeedItem(string? Id, string? Url, string? Title, string? Body, DateTimeOffset? Date, string? Author, string? Language);
