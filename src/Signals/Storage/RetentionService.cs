using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Signals.Storage;

/// <summary>
/// Privacy: every six hours, raw post text and links older than <see cref="StorageOptions.TextRetention"/> are deleted. What
/// detection needs (the post row, its products, events and author pseudonym) stays, and so does the evidence: the posts an
/// alert's e-mail cited (<see cref="ISignalStore.PurgeOldTextAsync"/>).
/// </summary>
public sealed class RetentionService(ISignalStore store, IOptions<StorageOptions> options, TimeProvider time, ILogger<RetentionService> logger)
    : PeriodicService(time)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(6);

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        if (options.Value.TextRetention <= TimeSpan.Zero) return;
        var purged = await store.PurgeOldTextAsync(Time.GetUtcNow() - options.Value.TextRetention, ct);
        if (purged > 0) logger.TextPurged(purged, options.Value.TextRetention.TotalDays);
    }

    protected override void OnRoundFailed(Exception exception) => logger.RetentionFailed(exception);
}

internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Retention: text of {Posts} posts older than {Days} days deleted")]
    public static partial void TextPurged(this ILogger logger, int posts, double days);

    [LoggerMessage(3001, LogLevel.Error, "Retention round failed; it is tried again later")]
    public static partial void RetentionFailed(this ILogger logger, Exception exception);
}
