namespace Signals.Storage;

/// <summary>
/// What the worker remembers per feed between runs: the reader's cursor (an opaque string:
/// a byte offset, an ETag, a since_id…) and the error record that drives back-off.
/// </summary>
public sealed record FeedState(
    string FeedName,
    string? Cursor,
    int ErrorCount,
    string? LastError,
    DateTimeOffset? LastCheckedAt,
    DateTimeOffset? NextCheckAt);
