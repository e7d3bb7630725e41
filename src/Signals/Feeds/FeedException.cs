namespace Signals.Feeds;

/// <summary>
/// A feed that could not be read; the message names the feed and its URL or path.
/// <see cref="RetryAfter"/> is the wait a server asked for (429/503 with Retry-After), which the
/// feed's next check honours.
/// </summary>
public sealed class FeedException(string message, Exception? inner = null, TimeSpan? retryAfter = null) : Exception(message, inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
