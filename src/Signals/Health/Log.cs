using Microsoft.Extensions.Logging;

namespace Signals.Health;

/// <summary>Health endpoint log messages, event ids 6000–6099.</summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Information, "Health endpoints on {Prefix}health/live and {Prefix}health/ready")]
    public static partial void HealthListening(this ILogger logger, string prefix);

    [LoggerMessage(6001, LogLevel.Error, "Health endpoints could not listen on {Prefix}: {Error}; the worker goes on without them")]
    public static partial void HealthListenerFailed(this ILogger logger, string prefix, string error);

    [LoggerMessage(6002, LogLevel.Error, "Health request failed")]
    public static partial void HealthAnswerFailed(this ILogger logger, Exception exception);

    [LoggerMessage(6003, LogLevel.Error, "Metrics not served: port {Port} is taken (Signals:Health:MetricsPort); the worker goes on without /metrics")]
    public static partial void MetricsPortTaken(this ILogger logger, int port);
}
