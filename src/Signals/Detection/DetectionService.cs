using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Signals.Detection;

/// <summary>
/// Live detection: at every interval it judges the last complete UTC day (a day still in
/// progress would always look low). Judging the same day again is harmless: alerts are idempotent.
/// </summary>
public sealed class DetectionService(DetectionRunner runner, IOptions<DetectionOptions> options, TimeProvider time, ILogger<DetectionService> logger)
    : PeriodicService(time)
{
    protected override TimeSpan Interval => options.Value.Interval;

    protected override Task RunOnceAsync(CancellationToken ct) =>
        runner.RunForDayAsync(DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime).AddDays(-1), ct);

    protected override void OnRoundFailed(Exception exception) => logger.DetectionFailed(exception);
}
