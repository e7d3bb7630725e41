using Microsoft.Extensions.Logging;

namespace Signals.Feeds;

/// <summary>Feed-stage log messages, event ids 1000–1099.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Feed {FeedId}: read {Read} posts, {Matched} about watched products, {Stored} new")]
    public static partial void FeedRead(this ILogger logger, string feedId, int read, int matched, int stored);

    [LoggerMessage(1001, LogLevel.Warning, "Feed {FeedId}: {Problem}")]
    public static partial void FeedProblem(this ILogger logger, string feedId, string problem);

    [LoggerMessage(1002, LogLevel.Error, "Feed {FeedId} failed ({ErrorCount} in a row), next try at {NextCheckAt:O}: {Error}")]
    public static partial void FeedFailed(this ILogger logger, string feedId, int errorCount, DateTimeOffset nextCheckAt, string error);

    [LoggerMessage(1003, LogLevel.Error, "Feed scheduler tick failed; it goes on at the next tick")]
    public static partial void SchedulerTickFailed(this ILogger logger, Exception exception);

    [LoggerMessage(1004, LogLevel.Information, "Feed scheduler started with {FeedCount} feeds")]
    public static partial void SchedulerStarted(this ILogger logger, int feedCount);

    [LoggerMessage(1005, LogLevel.Warning, "Feed {FeedId}: lease not given back ({Error}); it runs out by itself")]
    public static partial void LeaseNotReleased(this ILogger logger, string feedId, string error);

    [LoggerMessage(1006, LogLevel.Warning, "Feed {FeedId}: stopped after {Pages} pages in one read (Signals:Feeds:MaxPagesPerRead); the rest is read at the next round")]
    public static partial void FeedPagesCapped(this ILogger logger, string feedId, int pages);

    [LoggerMessage(1007, LogLevel.Error, "Feed {FeedId}: {Refused}; the feed's other posts are stored")]
    public static partial void PostRefused(this ILogger logger, string feedId, string refused);

    [LoggerMessage(1008, LogLevel.Information, "Feed scheduler {Recovered}")]
    public static partial void SchedulerRecovered(this ILogger logger, string recovered);
}
