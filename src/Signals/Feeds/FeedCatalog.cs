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

    public static FeedCatalog Load(string path, IReadOnlyCollection<string> knownTypes)
    {
        FeedsFile? file;
        try
        {
            file = JsonSerializer.Deserialize<FeedsFile>(File.ReadAllText(path), Json);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the feed list: {ex.Message}", ex);
        }
        var feeds = file?.Feeds ?? throw new InvalidDataException($"{path}: expected {{\"feeds\": [...]}}");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (feed, i) in feeds.Select((f, i) => (f, i)))
        {
            var where = $"{path}: feeds[{i}]";
            if (string.IsNullOrWhiteSpace(feed.Name)) throw new InvalidDataException($"{where}: \"name\" is required");
            if (!names.Add(feed.Name)) throw new InvalidDataException($"{where}: duplicate feed name '{feed.Name}'");
            if (!knownTypes.Contains(feed.Type))
                throw new InvalidDataException($"{where} ('{feed.Name}'): unknown type '{feed.Type}'; known: {string.Join(", ", knownTypes)}");
            if (string.IsNullOrWhiteSpace(feed.Location)) throw new InvalidDataException($"{where} ('{feed.Name}'): \"location\" is required");
            if (feed.Type != "jsonl" && !Uri.TryCreate(feed.Location, UriKind.Absolute, out _))
                throw new InvalidDataException($"{where} ('{feed.Name}'): \"location\" must be an absolute URL");
            if (feed.Interval < TimeSpan.FromSeconds(10)) throw new InvalidDataException($"{where} ('{feed.Name}'): \"interval\" must be at least 00:00:10");
        }
        return new FeedCatalog(feeds.Where(f => f.Enabled).ToList());
    }

    private sealed record FeedsFile([property: JsonPropertyName("feeds")] List<FeedDefinition>? Feeds);
}
