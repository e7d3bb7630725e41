using System.Net;
using System.Text.Json;

namespace Signals.Feeds;

/// <summary>Reads a response body up to a cap, so a feed that answers with 50 MB is refused instead of filling memory.</summary>
internal static class HttpFeedContent
{
    public static async Task<MemoryStream> ReadCappedAsync(HttpContent content, long max, FeedDefinition feed, CancellationToken ct)
    {
        if (content.Headers.ContentLength > max)
            throw new FeedException($"Feed '{feed.Name}' ({feed.Location}): response of {content.Headers.ContentLength} bytes exceeds the {max}-byte cap");
        await using var stream = await content.ReadAsStreamAsync(ct);
        var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            if (copy.Length + read > max)
                throw new FeedException($"Feed '{feed.Name}' ({feed.Location}): response exceeds the {max}-byte cap");
            copy.Write(buffer, 0, read);
        }
        copy.Position = 0;
        return copy;
    }

    /// <summary>Sends a GET through the feeds client; transport failures become a <see cref="FeedException"/> naming the feed.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, FeedDefinition feed, CancellationToken ct)
    {
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            throw new FeedException($"Feed '{feed.Name}' ({request.RequestUri}): unreachable: {ex.Message}", ex);
        }
        catch (Polly.Timeout.TimeoutRejectedException ex) when (!ct.IsCancellationRequested)
        {
            throw new FeedException($"Feed '{feed.Name}' ({request.RequestUri}): timed out: {ex.Message}", ex);
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException ex)
        {
            throw new FeedException($"Feed '{feed.Name}' ({request.RequestUri}): host paused after repeated failures (circuit open): {ex.Message}", ex, ex.RetryAfter);
        }
    }

    /// <summary>A response that is not a success, as an error naming the feed and URL, carrying the server's Retry-After if any.</summary>
    public static FeedException StatusError(HttpResponseMessage response, FeedDefinition feed, string url)
    {
        var retryAfter = FeedHttp.RetryAfter(response);
        return new($"Feed '{feed.Name}' ({url}): HTTP {(int)response.StatusCode} {response.ReasonPhrase}"
            + (retryAfter is { } wait ? $" (retry after {wait.TotalSeconds:0} s)" : ""), retryAfter: retryAfter);
    }

    /// <summary>The body of a 200 response to an API read, parsed as JSON; anything else is a <see cref="FeedException"/> naming the feed and URL.</summary>
    public static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, long max, FeedDefinition feed, string url, CancellationToken ct)
    {
        if (response.StatusCode != HttpStatusCode.OK)
            throw StatusError(response, feed, url);
        using var body = await ReadCappedAsync(response.Content, max, feed, ct);
        try { return await JsonDocument.ParseAsync(body, cancellationToken: ct); }
        catch (JsonException ex) { throw new FeedException($"Feed '{feed.Name}' ({url}): not JSON: {ex.Message}", ex); }
    }

    /// <summary>A string property, or null when it is missing or not a string (APIs put null, numbers or false in odd places).</summary>
    public static string? String(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
