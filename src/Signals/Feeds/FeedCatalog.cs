using System.Text.Json;
using System.Text.Json.Serialization;

namespace Signals.Feeds;

/// <summary>The feeds of config/feeds.json, checked when loaded: a bad entry stops start-up with a message naming the file and the feed.</summary>
public sealed class FeedCatalog(IReadOnlyList<FeedDefinition> feeds)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public IReadOnlyList<FeedDefinition> Feeds { get; } = feeds;

    /// <summary>The keys a feed entry may have, as the file writes them.</summary>
    private static readonly string[] Keys = typeof(FeedDefinition).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToArray();

    public static FeedCatalog Load(string path, IReadOnlyCollection<string> knownTypes)
    {
        FeedsFile? file;
        string text;
        try
        {
            text = File.ReadAllText(path);
            file = JsonSerializer.Deserialize<FeedsFile>(text, Json);
        }
        catch (JsonException ex)
        {
            // JsonException counts lines from 0; editors from 1. Its message ends with the location, given here in front.
            var message = ex.Message.Split(" Path:")[0].Split(" LineNumber:")[0];
            var key = ex.Path is { Length: > 1 } p ? $" {p.TrimStart('$', '.')}:" : "";
            throw new InvalidDataException($"{path}:{ex.LineNumber + 1}:{key} {message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the feed list: {ex.Message}", ex);
        }
        var feeds = file?.Feeds ?? throw new InvalidDataException($"{path}:1: expected {{\"feeds\": [...]}}");
        var lines = FeedsFileLines.Of(text);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (feed, i) in feeds.Select((f, i) => (f, i)))
        {
            var where = $"{path}:{FeedsFileLines.Line(lines, i, "")}: feeds[{i}]";
            string At(string key) => $"{path}:{FeedsFileLines.Line(lines, i, key)}: feeds[{i}].{key}";
            // A misspelt key ("intervall", "enabeld") would otherwise leave its default in force without a word.
            if (i < lines.Count && lines[i].Keys.FirstOrDefault(k => k.Length > 0 && !Keys.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } unknown)
                throw new InvalidDataException($"{path}:{lines[i][unknown]}: feeds[{i}].{unknown}: unknown key (did you mean \"{ConfigurationCheck.Nearest(unknown, Keys)}\"?)");
            if (string.IsNullOrWhiteSpace(feed.Name)) throw new InvalidDataException($"{where}: \"name\" is required");
            if (!names.Add(feed.Name)) throw new InvalidDataException($"{where}: duplicate feed name '{feed.Name}'");
            if (!knownTypes.Contains(feed.Type))
                throw new InvalidDataException($"{At("type")} ('{feed.Name}'): unknown type '{feed.Type}'; known: {string.Join(", ", knownTypes)}");
            if (string.IsNullOrWhiteSpace(feed.Location)) throw new InvalidDataException($"{At("location")} ('{feed.Name}'): \"location\" is required");
            if (feed.Type != "jsonl" && !Uri.TryCreate(feed.Location, UriKind.Absolute, out _))
                throw new InvalidDataException($"{At("location")} ('{feed.Name}'): \"location\" must be an absolute URL");
            if (feed.Interval < TimeSpan.FromSeconds(10)) throw new InvalidDataException($"{At("interval")} ('{feed.Name}'): \"interval\" must be at least 00:00:10");
        }
        return new FeedCatalog(feeds.Where(f => f.Enabled).ToList());
    }

    private sealed record FeedsFile([property: JsonPropertyName("feeds")] List<FeedDefinition>? Feeds);
}
