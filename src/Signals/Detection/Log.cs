using Microsoft.Extensions.Logging;

namespace Signals.Detection;

/// <summary>Detection-stage log messages, event ids 4000–4099.</summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Warning, "Alert opened for {Product} on {Day:yyyy-MM-dd}: {Observed} authors vs {Expected:F1} expected (threshold {Threshold:F1})")]
    public static partial void AlertOpened(this ILogger logger, string product, DateOnly day, int observed, double expected, double threshold);

    // Debug: a surge extends its episode every day (795 lines for the demo); the alert's opening and e-mails are what a user follows.
    [LoggerMessage(4001, LogLevel.Debug, "Alert {AlertId} for {Subject} extended to {Day:yyyy-MM-dd}: {Observed} authors")]
    public static partial void AlertExtended(this ILogger logger, long alertId, string subject, DateOnly day, int observed);

    [LoggerMessage(4004, LogLevel.Information, "Judging {Days} days whose posts arrived after they were last judged ({First:yyyy-MM-dd} to {Last:yyyy-MM-dd}), oldest first")]
    public static partial void JudgingBacklog(this ILogger logger, int days, DateOnly first, DateOnly last);

    [LoggerMessage(4005, LogLevel.Information, "Judged {Days} days: {Alerts} alerts opened, {Sent} e-mails sent")]
    public static partial void BacklogJudged(this ILogger logger, int days, int alerts, int sent);

    [LoggerMessage(4003, LogLevel.Information, "Alert {AlertId} for {Product} closed on {Day}: its counts are back within the baseline")]
    public static partial void AlertClosed(this ILogger logger, long alertId, string product, DateOnly day);

    [LoggerMessage(4002, LogLevel.Error, "Detection run failed; it is tried again at the next interval")]
    public static partial void DetectionFailed(this ILogger logger, Exception exception);
}
