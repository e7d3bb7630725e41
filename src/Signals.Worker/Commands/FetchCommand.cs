using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Signals.Feeds;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>signals fetch --type rss|atom|mastodon|reddit|bluesky|jetstream|jsonl --url URL [--limit N]</c>: reads a feed once and prints its posts as
/// JSON Lines in the replay format, so ops can check a feed and the output can be replayed. Nothing is stored.
/// </summary>
internal static class FetchCommand
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (CommandLine.Options(args, "fetch", "--type", "--url", "--limit") is not { } o) return 64;
        if (!o.TryGetValue("--type", out var type) || !o.TryGetValue("--url", out var url))
            return Usage.Print(Console.Error, 64, "fetch needs --type and --url");
        var limit = o.TryGetValue("--limit", out var l) && int.TryParse(l, out var n) && n > 0 ? n : int.MaxValue;

        using var host = SignalsHost.Build();
        var reader = host.Services.GetServices<IFeedReader>().FirstOrDefault(r => r.Types.Contains(type, StringComparer.OrdinalIgnoreCase));
        if (reader is null)
        {
            var known = host.Services.GetServices<IFeedReader>().SelectMany(r => r.Types);
            return Usage.Print(Console.Error, 64, $"fetch: unknown type '{type}' (known: {string.Join(", ", known)})");
        }
        // The feed is named after its host (or file), which RSS/Atom posts take as their source.
        var name = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ws" or "wss" ? uri.Host : Path.GetFileName(url);
        var feed = new FeedDefinition { Name = name, Type = type, Location = url };
        FeedReadResult result;
        try
        {
            result = await reader.ReadAsync(feed, null, ct);
        }
        catch (FeedException ex)
        {
            await Console.Error.WriteLineAsync($"signals fetch: {ex.Message}");
            return 69; // EX_UNAVAILABLE
        }
        foreach (var problem in result.Problems) await Console.Error.WriteLineAsync($"signals fetch: {problem}");
        foreach (var post in result.Posts.Take(limit))
        {
            var line = new Dictionary<string, string?>
            {
                ["id"] = post.ExternalId, ["source"] = post.Source,
                ["url"] = post.Url, ["author"] = post.Author, ["createdAt"] = post.CreatedAt.ToString("O"), ["lang"] = PostLanguage.Of(post), ["text"] = post.Text,
            };
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(line, Json));
        }
        return 0;
    }
}
