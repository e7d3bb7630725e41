using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Options;
using Signals.Feeds;

namespace Signals.Tests.Feeds;

/// <summary>The Jetstream reader against a real WebSocket server on loopback replaying Jetstream events (TestData/bluesky/README.md).</summary>
public sealed class JetstreamReaderTests
{
    private static readonly string[] Events = File.ReadAllLines(Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "bluesky", "jetstream-events.jsonl"));

    private static long TimeUs(string line) =>
        System.Text.RegularExpressions.Regex.Match(line, "\"time_us\":\\s*(\\d+)") is { Success: true } m ? long.Parse(m.Groups[1].Value) : 0;

    /// <summary>Sends the events at or after the request's cursor, then keeps the connection open (a live stream) until the client leaves.</summary>
    private static LoopbackHttpServer Jetstream(List<string> queries) => LoopbackHttpServer.WebSocket(async (request, socket) =>
    {
        lock (queries) queries.Add(request.Url!.Query);
        var cursor = long.TryParse(request.QueryString["cursor"], out var c) ? c : 0;
        foreach (var line in Events.Where(l => TimeUs(l) >= cursor))
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            // Long messages arrive in several frames, as they may from the real service.
            for (var offset = 0; offset < bytes.Length; offset += 100)
                await socket.SendAsync(bytes.AsMemory(offset, Math.Min(100, bytes.Length - offset)), WebSocketMessageType.Text, offset + 100 >= bytes.Length, CancellationToken.None);
        }
        var sink = new byte[1024];
        try { while ((await socket.ReceiveAsync(sink, CancellationToken.None)).MessageType != WebSocketMessageType.Close) { } }
        catch (WebSocketException) { /* client aborted */ }
    });

    private static JetstreamReader Reader(int batch = 1000) =>
        new(Options.Create(new FeedsOptions { StreamWindow = TimeSpan.FromSeconds(1), StreamBatch = batch }));

    [Test]
    public async Task New_posts_become_posts_and_other_events_only_move_the_cursor()
    {
        var queries = new List<string>();
        using var server = Jetstream(queries);
        var feed = new FeedDefinition { Name = "jetstream", Type = "jetstream", Location = server.WebSocketUrl("subscribe") };

        var result = await Reader().ReadAsync(feed, null, CancellationToken.None);

        Assert.That(queries.Single(), Does.Contain("wantedCollections=app.bsky.feed.post"));
        Assert.That(result.Posts.Select(p => p.ExternalId), Is.EqualTo(new[]
        {
            "at://did:plc:eygmaihciaxprqvxpfvl6flk/app.bsky.feed.post/3l3qo2vuowo2b",
            "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3l3qo2wbpxk2a",
            "at://did:plc:ufbl4k27gp6kzas5glhz7fim/app.bsky.feed.post/3l3qo2xkcfs2a",
            "at://did:plc:4uz2445cjiw7w4nobfgnu35f/app.bsky.feed.post/3l3qo2zzq4k2c",
            "at://did:plc:eygmaihciaxprqvxpfvl6flk/app.bsky.feed.post/3l3qo3aaq4k2d",
        }), "likes, deletes, identity and account events and the empty post are not posts");
        var first = result.Posts[0];
        Assert.That(first.Text, Is.EqualTo("Depuis le nouveau #Levothyrox je perds mes cheveux"));
        Assert.That((first.Source, first.Author, first.Language), Is.EqualTo(("bsky.app", "did:plc:eygmaihciaxprqvxpfvl6flk", "fr")));
        Assert.That(first.Url, Is.EqualTo("https://bsky.app/profile/did:plc:eygmaihciaxprqvxpfvl6flk/post/3l3qo2vuowo2b"));
        Assert.That(first.CreatedAt, Is.EqualTo(new DateTimeOffset(2024, 7, 20, 9, 1, 0, TimeSpan.Zero)));
        Assert.That(result.Posts[2].Language, Is.Null, "no langs");
        Assert.That(result.Posts[3].CreatedAt, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(TimeUs(Events[^2]) / 1000)), "unreadable createdAt: when Jetstream saw it");
        Assert.That(result.Problems, Has.Some.Contains("unreadable event").And.Some.Contains("has no text"));
        Assert.That(result.Cursor, Is.EqualTo(TimeUs(Events[^1]).ToString()));
        Assert.That(result.HasMore, Is.False, "the window ended before the batch filled");
    }

    [Test]
    public async Task A_full_batch_says_more_is_waiting_and_the_next_read_resumes_at_the_cursor_without_loss()
    {
        var queries = new List<string>();
        using var server = Jetstream(queries);
        var feed = new FeedDefinition { Name = "jetstream", Type = "jetstream", Location = server.WebSocketUrl("subscribe") };
        var reader = Reader(batch: 4);

        var seen = new List<string>();
        string? cursor = null;
        FeedReadResult read;
        var reads = 0;
        do
        {
            read = await reader.ReadAsync(feed, cursor, CancellationToken.None);
            seen.AddRange(read.Posts.Select(p => p.ExternalId));
            cursor = read.Cursor;
            reads++;
        } while (read.HasMore && reads < 10);

        Assert.That(reads, Is.GreaterThan(1));
        Assert.That(queries.Skip(1), Has.All.Contains("&cursor="), "each later read resumes at the cursor");
        Assert.That(seen.Distinct().Count(), Is.EqualTo(5), "all five posts, none lost across reconnections");
    }

    [Test]
    public async Task An_unreachable_stream_is_an_error_naming_the_feed_and_url()
    {
        var url = $"ws://127.0.0.1:{LoopbackHttpServer.FreePort()}/subscribe";
        var feed = new FeedDefinition { Name = "jetstream", Type = "jetstream", Location = url };

        var ex = await Assert.ThrowsAsync<FeedException>(() => Reader().ReadAsync(feed, null, CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("jetstream").And.Contain("127.0.0.1"));
    }
}
