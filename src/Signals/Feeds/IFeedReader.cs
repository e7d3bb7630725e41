namespace Signals.Feeds;

/// <summary>Reads one kind of feed. The cursor is the reader's own opaque state, kept in the store per feed.</summary>
public interface IFeedReader
{
    /// <summary>The feed types this reader handles, as written in feeds.json.</summary>
    IReadOnlyCollection<string> Types { get; }

    /// <summary>Reads what is new since <paramref name="cursor"/>. Throws <see cref="FeedException"/> when the feed cannot be read at all.</summary>
    Task<FeedReadResult> ReadAsync(FeedDefinition feed, string? cursor, CancellationToken ct);
}
