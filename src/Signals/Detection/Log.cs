using Microsoft.Extensions.Logging;

namespace Signals.Detection;

/// <summary>Detection-stage log messages, event ids 4000–4099.</summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Warning, "Alert opened for {Product} on {Day:yyyy-MM-dd}: {Observed} authors vs {Expected:F1} expected (threshold {Threshold:F1})")]
    public static partial void AlertOpened(this ILogger logger, string product, DateOnly day, int observed, double expected, double threshold);

    [LoggerMessage(4001, LogLevel.Information, "Alert {AlertId} for {Product} extended to {Day:yyyy-MM-dd}: {Observed} authors")]
    public static partial void AlertExtended(this ILogger logger, long alertId, string product, DateOnly day, int observed);

    [LoggerMessage(4003, LogLevel.Information, "Alert {AlertId} for {Product} closed on {Day}: its counts are back within the baseline")]
    public static partial void AlertClosed(this ILogger logger, long alertId, string product, DateOnly day);

    [LoggerMessage(4002, LogLevel.Error, "Detection run failed; it is tried again at the next interval")]
    public static partial void DetectionFailed(this ILogger logger, Exception exception);
}
