using Microsoft.Extensions.Logging;
using Signals.Alerts;
using Signals.Detection;
using Signals.Storage;

namespace Signals.Ingestion;

/// <summary>
/// Replays JSON Lines files as if live: every post goes through the streaming <see cref="IngestionPipeline"/> (the
/// memory of a few batches, however large the files), then each UTC day from the first to the last is judged and
/// pending alerts are dispatched, in order — the same stages the worker runs. Judging a day reads only counts up to
/// that day, so storing first gives the alerts and e-mails a day-by-day feed would. Every step is idempotent, so a
/// replay interrupted at any point can simply be run again.
/// </summary>
public sealed class Replayer(IngestionPipeline pipeline, DetectionRunner detection, AlertDispatcher dispatcher, ISignalStore store, ILogger<Replayer> logger)
{
    public async Task<ReplayResult> ReplayAsync(IReadOnlyList<string> files, CancellationToken ct)
    {
        var ingested = await pipeline.RunAsync(files, ct);
        foreach (var problem in ingested.Problems) logger.ReplayProblem(problem);
        if (ingested is not { FirstDay: { } first, LastDay: { } last }) return new ReplayResult(0, 0, 0, 0, 0, ingested.Problems);

        int alerts = 0, sent = 0;
        // The days this replay judges are off the worker's queue (DayBacklog) once judged; earlier queued days stay for it.
        var queued = (await store.GetUnjudgedDaysAsync(last, ct)).Where(d => d.Day >= first).ToDictionary(d => d.Day);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            alerts += (await detection.RunForDayAsync(day, ct)).Count;
            sent += await dispatcher.DispatchPendingAsync(ct, asOf: day); // as of the replayed day: an episode ends in data time
            if (queued.TryGetValue(day, out var judged)) await store.MarkDayJudgedAsync(judged, ct);
        }
        return new ReplayResult(ingested.Read, ingested.Matched, ingested.Stored, alerts, sent, ingested.Problems);
    }
}

/// <summary>What a replay did: posts read, naming a watched product, new to the store; alerts opened; e-mails sent; problems met.</summary>
public sealed record ReplayResult(long Read, long Matched, long Stored, int AlertsOpened, int EmailsSent, IReadOnlyList<string> Problems);
