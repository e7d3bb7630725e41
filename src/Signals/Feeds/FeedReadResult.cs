namespace Signals.Feeds;

/// <summary>
/// What one read of a feed gave: the new posts, the cursor to save once they are stored, and
/// the problems met on the way (a malformed line, an entry without text) — reported, not fatal.
/// </summary>
public sealed record FeedReadResult(IReadOnlyList<Post> Posts, string? Cursor, IReadOnlyList<string> Problems)
{
    /// <summary>True when the reader stopped at its batch size and more is waiting: read again at once.</summary>
    public bool HasMore { get; init; }

    public static FeedReadResult Unchanged(string? cursor) => new([], cursor, []);
}
