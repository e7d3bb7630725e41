using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Signals.Feeds;

/// <summary>
/// Reads RSS/Atom over HTTP with a conditional GET: the cursor keeps the ETag and
/// Last-Modified of the last response, so an unchanged feed costs one 304 and no parsing.
/// </summary>
public sealed class RssAtomReader(IHttpClientFactory httpClients, IOptions<FeedsOptions> options, TimeProvider time) : IFeedReader
{
    public IReadOnlyCollection<string> Types { get; } = ["rss", "atom"];

    public async Task<FeedReadResult> ReadAsync(FeedDefinition feed, string? cursor, CancellationToken ct)
    {
        var validators = Validators.Parse(cursor);
        using var request = new HttpRequestMessage(HttpMethod.Get, feed.Location);
        if (validators.ETag is { Length: > 0 } etag && EntityTagHeaderValue.TryParse(etag, out var tag)) request.Headers.IfNoneMatch.Add(tag);
        if (validators.LastModified is { } since) request.Headers.IfModifiedSince = since;

        using var response = await HttpFeedContent.SendAsync(httpClients.CreateClient(FeedHttp.ClientName), request, feed, ct);
        if (response.StatusCode == HttpStatusCode.NotModified) return FeedReadResult.Unchanged(cursor);
        if (!response.IsSuccessStatusCode)
            throw HttpFeedContent.StatusError(response, feed, feed.Location);

        using var body = await HttpFeedContent.ReadCappedAsync(response.Content, options.Value, feed, ct);
        var result = SyndicationParser.Parse(body, feed, time.GetUtcNow(), response.Content.Headers.ContentType?.CharSet, ct);
        var next = new Validators(response.Headers.ETag?.ToString(), response.Content.Headers.LastModified);
        return result with { Cursor = next.ToCursor() };
    }

    private sealed record Validators(string? ETag, DateTimeOffset? LastModified)
    {
        public static Validators Parse(string? cursor)
        {
            if (string.IsNullOrEmpty(cursor)) return new(null, null);
            try { return JsonSerializer.Deserialize<Validators>(cursor) ?? new(null, null); }
            catch (JsonException) { return new(null, null); } // an unreadable cursor only costs one full fetch
        }

        public string ToCursor() => JsonSerializer.Serialize(this);
    }
}
