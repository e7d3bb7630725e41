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
            throw new FeedException($"Feed '{feed.Name}' ({feed.Location}): unreachable: {ex.Message}", ex);
        }
    }
}
