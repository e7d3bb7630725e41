using System.Net;
using System.Text.Json;

namespace Signals.Feeds;

/// <summary>
/// Reads a response body up to a cap and a deadline, so a feed that answers with 50 MB is refused instead of filling
/// memory, and one that drips a byte at a time is abandoned instead of holding its read (and <c>fetch</c>) for ever:
/// the resilience pipeline's timeouts end when the headers arrive, so the body gets its own, <see cref="FeedsOptions.RequestTimeout"/>.
/// </summary>
internal static class HttpFeedContent
{
    public static async Task<MemoryStream> ReadCappedAsync(HttpContent content, FeedsOptions options, FeedDefinition feed, CancellationToken ct)
    {
        var max = options.MaxResponseBytes;
        if (content.Headers.ContentLength > max)
            throw new FeedException($"Feed '{feed.Name}' ({feed.Location}): response of {content.Headers.ContentLength} bytes exceeds the {max}-byte cap");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.RequestTimeout);
        var copy = new MemoryStream();
        try
        {
            await using var stream = await content.ReadAsStreamAsync(deadline.Token);
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                if (copy.Length + read > max)
                    throw new FeedException($"Feed '{feed.Name}' ({feed.Location}): response exceeds the {max}-byte cap");
                copy.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new FeedException($"Feed '{feed.Name}' ({feed.Location}): timed out: the response body did not arrive whole within "
                + $"{options.RequestTimeout.TotalSeconds:0.#} s (Signals:Feeds:RequestTimeout); {copy.Length} bytes came", ex);
        }
        catch (IOException ex) when (!ct.IsCancellationRequested)
        {
            throw new FeedException($"Feed '{feed.Name}' ({feed.Location}): connection lost while reading the response: {Causes(ex)}", ex);
        }
        copy.Position = 0;
        return copy;
    }

    /// <summary>Sends a GET through the feeds client; transport failures become a <see cref="FeedException"/> naming the feed.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, FeedDefinition feed, CancellationToken ct)
    {
        request.Options.Set(FeedHttp.FeedKey, feed.Name); // the circuit breaker is the feed's own (FeedHttp)
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            throw new FeedException($"Feed '{feed.Name}' ({request.RequestUri}): unreachable: {Causes(ex)}", ex);
        }
        catch (Polly.Timeout.TimeoutRejectedException ex) when (!ct.IsCancellationRequested)
        {
            throw new FeedException($"Feed '{feed.Name}' ({request.RequestUri}): timed out: {ex.Message}", ex);
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException ex)
        {
            // The breaker's own message says nothing of why; the failure that opened it does, when Polly kept it.
            var cause = ex.InnerException is { } inner ? $"; cause: {Causes(inner)}" : "";
            throw new FeedException($"Feed '{feed.Name}' ({request.RequestUri}): {CircuitOpen}: {ex.Message}{cause}", ex, ex.RetryAfter);
        }
    }

    /// <summary>The words every circuit-open error carries, so the refresher can keep the real cause beside it.</summary>
    public const string CircuitOpen = "feed paused after repeated failures (circuit open)";

    /// <summary>
    /// An error and its inner errors, each message once: "The SSL connection could not be established, see inner
    /// exception" is useless without the inner one (certificate, name mismatch), as is a DNS failure's wrapper.
    /// </summary>
    public static string Causes(Exception ex)
    {
        var messages = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
            if (!string.IsNullOrWhiteSpace(e.Message) && !messages.Any(m => m.Contains(e.Message, StringComparison.Ordinal))) messages.Add(e.Message.Trim());
        return string.Join(" — ", messages);
    }

    /// <summary>A response that is not a success, as an error naming the feed and URL, carrying the server's Retry-After if any.</summary>
    public static FeedException StatusError(HttpResponseMessage response, FeedDefinition feed, string url)
    {
        var retryAfter = FeedHttp.RetryAfter(response);
        return new($"Feed '{feed.Name}' ({url}): HTTP {(int)response.StatusCode} {response.ReasonPhrase}"
            + (retryAfter is { } wait ? $" (retry after {wait.TotalSeconds:0} s)" : ""), retryAfter: retryAfter);
    }

    /// <summary>The body of a 200 response to an API read, parsed as JSON; anything else is a <see cref="FeedException"/> naming the feed and URL.</summary>
    public static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, FeedsOptions options, FeedDefinition feed, string url, CancellationToken ct)
    {
        if (response.StatusCode != HttpStatusCode.OK)
            throw StatusError(response, feed, url);
        using var body = await ReadCappedAsync(response.Content, options, feed, ct);
        try { return await JsonDocument.ParseAsync(body, cancellationToken: ct); }
        catch (JsonException ex) { throw new FeedException($"Feed '{feed.Name}' ({url}): not JSON: {ex.Message}", ex); }
    }

    /// <summary>A string property, or null when it is missing or not a string (APIs put null, numbers or false in odd places).</summary>
    public static string? String(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? JsonText.GetString(value) : null;
}
