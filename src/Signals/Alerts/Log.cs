using Microsoft.Extensions.Logging;

namespace Signals.Alerts;

/// <summary>Alert-stage log messages, event ids 5000–5099.</summary>
internal static partial class Log
{
    // The model version of the example posts: which classifier counted the reports behind the alert.
    [LoggerMessage(5000, LogLevel.Information, "Alert {AlertId} for {Product} sent to {Destination} (classifier {ModelVersion})")]
    public static partial void AlertSent(this ILogger logger, long alertId, string product, string destination, string modelVersion);

    [LoggerMessage(5001, LogLevel.Warning, "Alert {AlertId} for {Product} not delivered (attempt {Attempt}), tried again from {RetryAt}: {Error}")]
    public static partial void AlertDeliveryFailed(this ILogger logger, long alertId, string product, int attempt, string retryAt, string error);

    [LoggerMessage(5005, LogLevel.Error, "Alert {AlertId} for {Product} not delivered after {Attempt} attempts since {FailingSince}; it stays pending for an operator (signals alerts resend): {Error}")]
    public static partial void AlertDeliveryGivenUp(this ILogger logger, long alertId, string product, int attempt, string failingSince, string error);

    [LoggerMessage(5002, LogLevel.Error, "Alert dispatch failed; it is tried again at the next interval")]
    public static partial void DispatchFailed(this ILogger logger, Exception exception);

    [LoggerMessage(5003, LogLevel.Information, "Digest of {Day:yyyy-MM-dd} sent to {Destination}: {Open} open alerts")]
    public static partial void DigestSent(this ILogger logger, DateOnly day, int open, string destination);

    [LoggerMessage(5004, LogLevel.Error, "Digest of {Day:yyyy-MM-dd} not delivered; it is tried again: {Error}")]
    public static partial void DigestFailed(this ILogger logger, DateOnly day, string error);

    [LoggerMessage(5008, LogLevel.Information, "Alert {AlertId} for {Product}: the episode {FirstDay} to {LastDay} has ended; closing e-mail sent to {Destination}")]
    public static partial void EpisodeClosed(this ILogger logger, long alertId, string product, DateOnly firstDay, DateOnly lastDay, string destination);

    [LoggerMessage(5006, LogLevel.Error, "Alert {AlertId} for {Product}: closing e-mail not delivered (attempt {Attempt}), tried again from {RetryAt}: {Error}")]
    public static partial void ClosingFailed(this ILogger logger, long alertId, string product, int attempt, string retryAt, string error);

    [LoggerMessage(5007, LogLevel.Information, "Digest of {Day} not sent: no open signal (Signals:Email:SendEmptyDigest is off)")]
    public static partial void DigestEmpty(this ILogger logger, DateOnly day);
}
