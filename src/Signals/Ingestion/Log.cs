using Microsoft.Extensions.Logging;

namespace Signals.Ingestion;

/// <summary>Ingestion log messages, event ids 2000–2099.</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Warning, "Replay: {Problem}")]
    public static partial void ReplayProblem(this ILogger logger, string problem);
}
