using Microsoft.Extensions.Logging;

namespace Signals.Worker;

/// <summary>The worker's own start-up messages, in the storage stage's range (3000–3099): they are about the database.</summary>
internal static partial class Log
{
    [LoggerMessage(3010, LogLevel.Warning, "{Problem}; trying again in {Wait:0} s")]
    public static partial void DatabaseWaited(this ILogger logger, string problem, double wait);

    [LoggerMessage(3011, LogLevel.Information, "Took back {Count} feed leases and alert claims left by a worker that stopped on this host")]
    public static partial void LeasesTakenBack(this ILogger logger, int count);
}
