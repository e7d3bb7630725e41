using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Signals.Detection;

/// <summary>
/// Live detection: at every interval it judges the last complete UTC day (a day still in progress would always look low).
/// More often (every <see cref="BacklogCheck"/>) it judges, in order, the complete days that received posts after they were
/// judged (<see cref="DayBacklog"/>): a backfill's alerts come within a minute, not never. Judging the same day again is
/// harmless: alerts are idempotent.
/// </summary>
public sealed class DetectionService(DetectionRunner runner, DayBacklog backlog, IOptions<DetectionOptions> options, TimeProvider time, ILogger<DetectionService> logger)
    : PeriodicService(time)
{
    public static readonly TimeSpan BacklogCheck = TimeSpan.FromSeconds(30);
    private DateTimeOffset? _lastJudged;

    protected override TimeSpan Interval => options.Value.Interval < BacklogCheck ? options.Value.Interval : BacklogCheck;

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var yesterday = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1);
        await backlog.JudgeAsync(yesterday, ct);
        if (_lastJudged is { } last && now - last < options.Value.Interval) return;
        await runner.RunForDayAsync(yesterday, ct);
        _lastJudged = now;
    }

    protected override void OnRoundFailed(Exception exception) => logger.DetectionFailed(exception);
}
