using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Signals.Feeds;

/// <summary>
/// Reads Bluesky's public search (<c>app.bsky.feed.searchPosts</c>) — location e.g.
/// <c>https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=levothyrox</c>. Each read asks for posts
/// <c>since</c> the newest one seen, latest first; when a burst fills a page, the API's own cursor is followed
/// (same <c>since</c>) on the next reads until the burst is read, so nothing between two polls is skipped.
/// The post's own <c>langs</c> give its language; its URL is the bsky.app page of the post under the author's DID (never the handle); the author is the DID.
/// </summary>
public sealed class BlueskyReader(IHttpClientFactory httpClients, IOptions<FeedsOptions> options) : IFeedReader
{
    public const int PageSize = 100; // the API's maximum

    public IReadOnlyCollection<string> Types { get; } = ["bluesky"];

    private sealed record State(string? Newest, string? Since, string? Page);

    public async Task<FeedReadResult> ReadAsync(FeedDefinition feed, string? cursor, CancellationToken ct)
    {
        var state = Parse(cursor);
        var since = state.Page is null ? state.Newest : state.Since;
        var separator = feed.Location.Contains('?') ? '&' : '?';
        var url = $"{feed.Location}{separator}sort=latest&limit={PageSize}"
            + (since is null ? "" : $"&since={Uri.EscapeDataString(since)}") + (state.Page is null ? "" : $"&cursor={Uri.EscapeDataString(state.Page)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await HttpFeedContent.SendAsync(httpClients.CreateClient(FeedHttp.ClientName), request, feed, ct);
        using var document = await HttpFeedContent.ReadJsonAsync(response, options.Value, feed, url, ct);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("posts", out var items) || items.ValueKind != JsonValueKind.Array)
            throw new FeedException($"Feed '{feed.Name}' ({url}): expected {{\"posts\": [...]}}, got {(root.ValueKind == JsonValueKind.Object ? root.String("message") ?? root.String("error") ?? "an object" : root.ValueKind.ToString())}");

        var posts = new List<Post>();
        var problems = new List<string>();
        var newest = state.Newest;
        foreach (var item in items.EnumerateArray())
        {
            var post = ToPost(item, out var problem);
            if (post is null) { problems.Add($"Feed '{feed.Name}' ({url}): {problem}; skipped"); continue; }
            posts.Add(post);
            var stamp = post.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            if (newest is null || string.CompareOrdinal(stamp, newest) > 0) newest = stamp;
        }
        var more = items.GetArrayLength() == PageSize && root.String("cursor") is { Length: > 0 } && since is not null;
        var next = more ? new State(newest, since, root.String("cursor")) : new State(newest, null, null);
        return new FeedReadResult(posts, JsonSerializer.Serialize(next), problems) { HasMore = more };
    }

    private static Post? ToPost(JsonElement item, out string? problem)
    {
        problem = null;
        var uri = item.String("uri");
        if (uri is null || !item.TryGetProperty("record", out var record) || record.ValueKind != JsonValueKind.Object) { problem = "post without uri or record"; return null; }
        var text = record.String("text");
        if (string.IsNullOrWhiteSpace(text)) { problem = $"{uri} has no text"; return null; }
        if (!DateTimeOffset.TryParse(record.String("createdAt") ?? item.String("indexedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
        { problem = $"{uri} has no valid createdAt"; return null; }
        var author = item.TryGetProperty("author", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
        var handle = author.ValueKind == JsonValueKind.Object ? author.String("handle") ?? author.String("did") : null;
        // The DID, not the handle, is the author: it never changes and it is all Jetstream gives, so one person counts once across both readers.
        var did = author.ValueKind == JsonValueKind.Object ? author.String("did") ?? handle : null;
        var language = record.TryGetProperty("langs", out var langs) && langs.ValueKind == JsonValueKind.Array && langs.GetArrayLength() > 0 && langs[0].ValueKind == JsonValueKind.String ? JsonText.GetString(langs[0]) : null;
        // The link names the DID, never the handle: a handle is the person's chosen name, the DID a pseudonymous id (bsky.app resolves either).
        var url = did is not null && uri.Split('/') is [.., "app.bsky.feed.post", var key] ? $"https://bsky.app/profile/{did}/post/{key}" : null;
        // The author is the DID from here on, so nothing downstream knows the handle to mask it: their own handle in their text goes now.
        if (handle is not null && handle != did) text = Storage.PostPrivacy.Text(text, handle);
        return new Post("bsky.app", uri, url, did, created.ToUniversalTime(), language, text.Trim());
    }

    private static State Parse(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return new State(null, null, null);
        try { return JsonSerializer.Deserialize<State>(cursor) ?? new State(null, null, null); }
        catch (JsonException) { return new State(null, null, null); } // an unreadable cursor only costs one full page
    }
}
