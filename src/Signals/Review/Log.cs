using Microsoft.Extensions.Logging;

namespace Signals.Review;

/// <summary>Review page log messages, event ids 8000–8099.</summary>
internal static partial class Log
{
    [LoggerMessage(8000, LogLevel.Information, "Review page on {Url}")]
    public static partial void ReviewListening(this ILogger logger, string url);

    [LoggerMessage(8001, LogLevel.Error, "Review page could not listen on {Url}: {Error}; the worker goes on without it")]
    public static partial void ReviewListenFailed(this ILogger logger, string url, string error);

    [LoggerMessage(8005, LogLevel.Error, "Review page could not listen on {Url}: {Error}; give another port with --port or Signals:Review:Port")]
    public static partial void ReviewAloneListenFailed(this ILogger logger, string url, string error);

    [LoggerMessage(8002, LogLevel.Information, "Post {PostId} judged {Verdict} by {Reviewer}")]
    public static partial void PostJudged(this ILogger logger, long postId, string verdict, string reviewer);

    [LoggerMessage(8003, LogLevel.Information, "Alert {AlertId} set to {Status} by {Reviewer}")]
    public static partial void AlertReviewed(this ILogger logger, long alertId, string status, string reviewer);

    [LoggerMessage(8004, LogLevel.Warning, "Review sign-in refused for user {User} from {Remote}")]
    public static partial void SignInRefused(this ILogger logger, string user, string remote);
}
