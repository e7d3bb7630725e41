namespace Signals.Feeds;

/// <summary>
/// One entry of config/feeds.json. <see cref="Location"/> is a URL for web feeds and a file or
/// folder path for replay files.
/// </summary>
public sealed record FeedDefinition
{
    public required string Name { get; init; }
    /// <summary><c>rss</c>, <c>atom</c> (same reader) or <c>jsonl</c>.</summary>
    public required string Type { get; init; }
    public required string Location { get; init; }
    /// <summary>How often the feed is checked when healthy.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(15);
    public bool Enabled { get; init; } = true;
}
