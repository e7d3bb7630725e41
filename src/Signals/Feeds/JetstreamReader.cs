using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Signals.Feeds;

/// <summary>
/// Reads Bluesky's whole public post stream through Jetstream, its JSON firehose over a
/// WebSocket — location e.g. <c>wss://jetstream2.us-east.bsky.network/subscribe</c> (the reader
/// asks for <c>wantedCollections=app.bsky.feed.post</c>). Each read connects at the cursor (the
/// <c>time_us</c> of the last event taken, so a restart resumes where it stopped: Jetstream
/// replays from a time cursor, and re-reading the last event is harmless because posts are
/// stored once), takes events for up to <see cref="FeedsOptions.StreamWindow"/> or
/// <see cref="FeedsOptions.StreamBatch"/> events, then disconnects; a full batch says more is
/// waiting. New posts become posts under the same source and at:// id as the search reader, so
/// a post found both ways is stored once; likes, deletes, identity and account events only move the cursor.
/// </summary>
public sealed class JetstreamReader(IOptions<FeedsOptions> options) : IFeedReader
{
    private const int MaxMessageBytes = 1 << 20; // a post record is a few KB; anything this large is not one

    public IReadOnlyCollection<string> Types { get; } = ["jetstream"];

    public async Task<FeedReadResult> ReadAsync(FeedDefinition feed, string? cursor, CancellationToken ct)
    {
        var settings = options.Value;
        var url = SubscribeUrl(feed.Location, cursor);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("User-Agent", settings.UserAgent);
        using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            connecting.CancelAfter(settings.AttemptTimeout);
            try { await socket.ConnectAsync(url, connecting.Token); }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or HttpRequestException && !ct.IsCancellationRequested)
            {
                throw new FeedException($"Feed '{feed.Name}' ({url}): cannot connect: {ex.Message}", ex);
            }
        }

        var posts = new List<Post>();
        var problems = new List<string>();
        var newest = cursor;
        var events = 0;
        using var window = CancellationTokenSource.CreateLinkedTokenSource(ct);
        window.CancelAfter(settings.StreamWindow);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (events < settings.StreamBatch)
            {
                buffer.ResetWrittenCount();
                if (!await ReceiveMessageAsync(socket, buffer, window.Token)) break;
                events++;
                var post = Parse(buffer.WrittenSpan, out var timeUs, out var problem);
                if (problem is not null) problems.Add($"Feed '{feed.Name}' ({feed.Location}): {problem}; skipped");
                if (post is not null) posts.Add(post);
                if (timeUs is { } t && (newest is null || t > long.Parse(newest, CultureInfo.InvariantCulture))) newest = t.ToString(CultureInfo.InvariantCulture);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { /* the window is over: what was read stands */ }
        catch (WebSocketException ex) when (!ct.IsCancellationRequested)
        {
            // The events taken so far are kept and the cursor moves past them; the next read reconnects from there.
            problems.Add($"Feed '{feed.Name}' ({feed.Location}): connection lost after {events} events: {ex.Message}");
        }
        ct.ThrowIfCancellationRequested();
        await CloseQuietlyAsync(socket);
        return new FeedReadResult(posts, newest, problems) { HasMore = events >= settings.StreamBatch };
    }

    /// <summary>The subscribe URL with the post collection and the cursor.</summary>
    public static Uri SubscribeUrl(string location, string? cursor)
    {
        var url = location;
        if (!url.Contains("wantedCollections=", StringComparison.Ordinal)) url += (url.Contains('?') ? '&' : '?') + "wantedCollections=app.bsky.feed.post";
        if (cursor is not null) url += "&cursor=" + Uri.EscapeDataString(cursor);
        return new Uri(url);
    }

    /// <summary>One whole message into <paramref name="buffer"/>; false when the server closed the stream.</summary>
    private static async Task<bool> ReceiveMessageAsync(ClientWebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken ct)
    {
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(8 * 1024), ct);
            if (result.MessageType == WebSocketMessageType.Close) return false;
            buffer.Advance(result.Count);
            if (buffer.WrittenCount > MaxMessageBytes) throw new WebSocketException($"a message over {MaxMessageBytes} bytes");
            if (result.EndOfMessage) return true;
        }
    }

    private static Post? Parse(ReadOnlySpan<byte> message, out long? timeUs, out string? problem)
    {
        timeUs = null;
        problem = null;
        JsonDocument document;
        try { document = JsonDocument.Parse(message.ToArray()); }
        catch (JsonException ex) { problem = $"unreadable event ({ex.Message})"; return null; }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { problem = "event is not an object"; return null; }
            if (root.TryGetProperty("time_us", out var t) && t.TryGetInt64(out var us)) timeUs = us;
            if (root.String("kind") != "commit" || !root.TryGetProperty("commit", out var commit) || commit.ValueKind != JsonValueKind.Object) return null;
            if (commit.String("operation") != "create" || commit.String("collection") != "app.bsky.feed.post") return null;
            var did = root.String("did");
            var rkey = commit.String("rkey");
            if (did is null || rkey is null || !commit.TryGetProperty("record", out var record) || record.ValueKind != JsonValueKind.Object)
            { problem = "post event without did, rkey or record"; return null; }
            var uri = $"at://{did}/app.bsky.feed.post/{rkey}";
            var text = record.String("text");
            if (string.IsNullOrWhiteSpace(text)) { problem = $"{uri} has no text"; return null; }
            // A missing or unreadable createdAt falls back to when Jetstream saw the event.
            var created = DateTimeOffset.TryParse(record.String("createdAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var c) ? c
                : timeUs is { } seen ? DateTimeOffset.FromUnixTimeMilliseconds(seen / 1000) : (DateTimeOffset?)null;
            if (created is null) { problem = $"{uri} has no date"; return null; }
            var language = record.TryGetProperty("langs", out var langs) && langs.ValueKind == JsonValueKind.Array && langs.GetArrayLength() > 0 && langs[0].ValueKind == JsonValueKind.String ? JsonText.GetString(langs[0]) : null;
            return new Post("bsky.app", uri, $"https://bsky.app/profile/{did}/post/{rkey}", did, created.Value.ToUniversalTime(), language, text.Trim());
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        if (socket.State != WebSocketState.Open) return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "batch read", timeout.Token); }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException) { /* the server went first */ }
    }
}
