using Microsoft.Extensions.Logging;
using Signals.Alerts;
using Signals.Storage;

namespace Signals.Detection;

/// <summary>
/// Judges the days whose counts changed after they were last judged — a backfill, a file dropped into a jsonl feed's
/// folder, the bundled demo read by a first <c>run</c> — oldest first, each then dispatched as of that day, as a replay does:
/// the worker raises the alerts and e-mails a replay of the same posts would, without being told. Judging is idempotent, so a
/// day judged twice (a replica, a crash before it was marked) gives the same alerts.
/// </summary>
public sealed class DayBacklog(DetectionRunner runner, AlertDispatcher dispatcher, ISignalStore store, ILogger<DayBacklog> logger)
{
    /// <summary>Judges every queued day up to <paramref name="through"/> (the last complete day); returns how many.</summary>
    public async Task<int> JudgeAsync(DateOnly through, CancellationToken ct)
    {
        var days = await store.GetUnjudgedDaysAsync(through, ct);
        if (days.Count == 0) return 0;
        // Live operation queues yesterday's posts every day; more than that is a backlog, which the operator should hear about.
        if (days.Count > 1 || days[0].Day != through) logger.JudgingBacklog(days.Count, days[0].Day, days[^1].Day);
        int alerts = 0, sent = 0;
        foreach (var day in days)
        {
            alerts += (await runner.RunForDayAsync(day.Day, ct)).Count;
            sent += await dispatcher.DispatchPendingAsync(ct, asOf: day.Day);
            await store.MarkDayJudgedAsync(day, ct);
        }
        if (days.Count > 1 || days[0].Day != through) logger.BacklogJudged(days.Count, alerts, sent);
        return days.Count;
    }
}
