using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Signals.Feeds;

/// <summary>
/// Reads a Reddit listing as JSON — location e.g. <c>https://www.reddit.com/r/Hypothyroidism/new.json</c> or
/// <c>https://www.reddit.com/search.json?q=levothyrox&amp;sort=new</c>. The cursor is the fullname
/// (<c>t3_…</c>) of the newest item seen; each read asks for what came <c>before</c> it, newest first.
/// Submissions (<c>t3</c>) give title and self text, comments (<c>t1</c>) their body; <c>raw_json=1</c> keeps
/// Reddit from HTML-escaping the text. Reddit asks for a descriptive User-Agent: the feeds client sends one.
/// </summary>
public sealed class RedditReader(IHttpClientFactory httpClients, IOptions<FeedsOptions> options) : IFeedReader
{
    public const int PageSize = 100; // the API's maximum

    public IReadOnlyCollection<string> Types { get; } = ["reddit"];

    public async Task<FeedReadResult> ReadAsync(FeedDefinition feed, string? cursor, CancellationToken ct)
    {
        var separator = feed.Location.Contains('?') ? '&' : '?';
        var url = $"{feed.Location}{separator}limit={PageSize}&raw_json=1" + (cursor is null ? "" : $"&before={Uri.EscapeDataString(cursor)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await HttpFeedContent.SendAsync(httpClients.CreateClient(FeedHttp.ClientName), request, feed, ct);
        using var document = await HttpFeedContent.ReadJsonAsync(response, options.Value, feed, url, ct);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || root.String("kind") != "Listing" || !root.TryGetProperty("data", out var data)
            || !data.TryGetProperty("children", out var children) || children.ValueKind != JsonValueKind.Array)
            throw new FeedException($"Feed '{feed.Name}' ({url}): expected a Listing, got {Describe(root)}");

        var posts = new List<Post>();
        var problems = new List<string>();
        foreach (var child in children.EnumerateArray())
        {
            var post = ToPost(child, out var problem);
            if (post is not null) posts.Add(post);
            else problems.Add($"Feed '{feed.Name}' ({url}): {problem}; skipped");
        }
        // Listings are newest first: the first item is the new cursor. A full page after a cursor means more is waiting.
        var newest = children.GetArrayLength() > 0 && children[0].TryGetProperty("data", out var first) ? first.String("name") ?? cursor : cursor;
        return new FeedReadResult(posts, newest, problems) { HasMore = cursor is not null && children.GetArrayLength() == PageSize };
    }

    private static Post? ToPost(JsonElement child, out string? problem)
    {
        problem = null;
        var kind = child.String("kind");
        if (kind is not ("t3" or "t1") || !child.TryGetProperty("data", out var d)) { problem = $"item of kind '{kind}' is not a post or comment"; return null; }
        var name = d.String("name");
        if (name is null) { problem = "item without a name"; return null; }
        if (!d.TryGetProperty("created_utc", out var created) || created.ValueKind != JsonValueKind.Number) { problem = $"{name} has no created_utc"; return null; }
        var text = kind == "t3"
            ? string.Join("\n", new[] { d.String("title"), d.String("selftext") }.Where(s => !string.IsNullOrWhiteSpace(s)))
            : d.String("body") ?? "";
        if (string.IsNullOrWhiteSpace(text) || text is "[removed]" or "[deleted]") { problem = $"{name} has no text"; return null; }
        var author = d.String("author") is { } a && a != "[deleted]" ? a : null;
        // A post on a user's own page lives in the subreddit u_{name} (permalink /user/{name}/…): neither its source nor its link names them.
        var subreddit = d.String("subreddit") ?? "?";
        var personal = subreddit.StartsWith("u_", StringComparison.OrdinalIgnoreCase);
        var permalink = d.String("permalink");
        var url = permalink is null ? null
            : personal || permalink.Contains("/user/", StringComparison.OrdinalIgnoreCase) || permalink.StartsWith("/u/", StringComparison.OrdinalIgnoreCase)
                ? $"https://www.reddit.com/comments/{(kind == "t3" ? Bare(name) : $"{Bare(d.String("link_id") ?? "")}/_/{Bare(name)}")}/"
                : "https://www.reddit.com" + permalink;
        return new Post(personal ? "reddit.com/user" : $"reddit.com/r/{subreddit}", name, url, author,
            DateTimeOffset.FromUnixTimeMilliseconds((long)(created.GetDouble() * 1000)), null, text.Trim());
    }

    /// <summary>The id of a fullname (<c>t3_abc</c> → <c>abc</c>).</summary>
    private static string Bare(string fullname) => fullname[(fullname.IndexOf('_') + 1)..];

    private static string Describe(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var message)
            ? $"an error: {message} ({(root.TryGetProperty("error", out var code) ? code.ToString() : "?")})"
            : root.ValueKind.ToString();
}
