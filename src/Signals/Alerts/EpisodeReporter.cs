using Microsoft.Extensions.Options;
using Signals.Detection;
using Signals.Storage;

namespace Signals.Alerts;

/// <summary>
/// Builds an <see cref="EpisodeReport"/>: each day of the chart is judged again by <see cref="DetectionRunner.JudgeDaysAsync"/>,
/// the computation that raised and extended the alert, so the stored peak, the e-mail's sentences and the plotted bars and
/// lines are the same numbers. Also decides when an episode has ended (<see cref="HasEnded"/>).
/// </summary>
public sealed class EpisodeReporter(ISignalStore store, DetectionRunner detection, IOptions<DetectionOptions> options)
{
    public const int ChartDays = 90;
    public const int LeadDays = 14;
    public const int ExampleCount = 8;

    /// <summary>Retention keeps the texts of this many days before an episode's first alarm (the rise that led to it).</summary>
    public const int LeadInDays = 2;

    /// <summary>
    /// An episode is over once detection has stored its end (<see cref="Alert.ClosedOn"/>, the day after its product's quiet
    /// days have passed with no alarm) on or before the day: a new alarm would open a new episode. Detection decides; this reads it.
    /// </summary>
    public bool HasEnded(Alert alert, DateOnly asOf) => alert.ClosedOn is { } closed && closed <= asOf;

    /// <summary>The last day of the episode's quiet period: on the day after it (its stored end), the episode is over.</summary>
    public DateOnly EndDay(Alert alert) => (alert.ClosedOn ?? alert.LastDay.AddDays(QuietDays(alert.Product) + 1)).AddDays(-1);

    public int QuietDays(string product) => options.Value.For(product).EpisodeQuietDays;

    /// <summary>The episode as of <paramref name="asOf"/> (its last alarm day when null), with chart days, events and examples.</summary>
    public Task<EpisodeReport> LoadAsync(Alert alert, EpisodeEmailKind kind, DateOnly? asOf, CancellationToken ct) =>
        LoadAsync(alert, kind, asOf ?? alert.LastDay, full: true, ct);

    /// <summary>Only the numbers as of <paramref name="asOf"/> (the days from the first alarm on, no chart history, events or posts): for the digest.</summary>
    public Task<EpisodeReport> FiguresAsync(Alert alert, DateOnly asOf, CancellationToken ct) => LoadAsync(alert, EpisodeEmailKind.Opened, asOf, full: false, ct);

    private async Task<EpisodeReport> LoadAsync(Alert alert, EpisodeEmailKind kind, DateOnly asOf, bool full, CancellationToken ct)
    {
        var from = full ? DateOnlyMin(asOf.AddDays(1 - ChartDays), alert.FirstDay.AddDays(-LeadDays)) : alert.FirstDay;
        // Every chart day judged as detection judged it, the history read once for all of them (not once a day).
        var judgedDays = await detection.JudgeDaysAsync(alert.Product, alert.Event, from, asOf, ct);
        var days = new List<ChartDay>(judgedDays.Count);
        for (var i = 0; i < judgedDays.Count; i++)
        {
            var day = from.AddDays(i);
            days.Add(judgedDays[i] is not { } judged
                ? new ChartDay(day, 0, double.NaN, double.NaN)
                : new ChartDay(day, judged.Observed, judged.Expected, judged.Threshold, judged.Alarm, judged.Score, judged.Window));
        }
        // Alarm days of this episode, as of the day: the peak is the first of the largest, as detection keeps it. Should the
        // judgement no longer alarm (data corrected since), the stored numbers stand in, so the e-mail still says what was raised.
        var stored = new ChartDay(alert.FirstDay, alert.Observed, alert.Expected, alert.Threshold, true, alert.Score);
        var alarms = days.Where(d => d.Alarm && d.Day >= alert.FirstDay && d.Day <= alert.LastDay).ToList();
        var peak = alarms.Count > 0 ? alarms.MaxBy(d => d.Observed)! : stored;
        var opening = alarms.FirstOrDefault(d => d.Day == alert.FirstDay) ?? stored;
        var lastAlarm = alarms.Count > 0 ? alarms[^1].Day : alert.FirstDay;
        ChartDay? previous = kind == EpisodeEmailKind.Update && alert.NotifiedObserved > 0
            ? alarms.FirstOrDefault(d => d.Observed == alert.NotifiedObserved) ?? opening
            : null;
        if (!full) return new EpisodeReport(alert, kind, asOf, days, lastAlarm, opening, peak, previous, [], [], null);

        // Examples from the episode's own days, the days whose posts the review page shows as its evidence.
        var examples = await store.GetExamplePostsAsync(alert.Product, alert.FirstDay, lastAlarm, ExampleCount * 5, ct);
        var events = alert.Event is null ? await EventsAsync(alert, lastAlarm, ct) : [];
        return new EpisodeReport(alert, kind, asOf, days, lastAlarm, opening, peak, previous, events, examples.Take(ExampleCount).ToList(),
            examples.FirstOrDefault()?.ModelVersion);
    }

    /// <summary>
    /// Each event named in the episode's adverse-event posts up to <paramref name="lastAlarm"/>, with its people-days and the day
    /// it alarmed on its own, if it did; all of them, in <see cref="EpisodeEvents.Order"/> (where they are listed, <see cref="EpisodeEvents.Select"/> chooses).
    /// </summary>
    public async Task<IReadOnlyList<EpisodeEvent>> EventsAsync(Alert alert, DateOnly lastAlarm, CancellationToken ct)
    {
        var rose = (await store.ListAlertsAsync(ct))
            .Where(a => a.Product == alert.Product && a.Event is not null && a.FirstDay >= alert.FirstDay && a.FirstDay <= lastAlarm)
            .GroupBy(a => a.Event!).ToDictionary(g => g.Key, g => g.Min(a => a.FirstDay));
        var events = new List<EpisodeEvent>();
        foreach (var ev in await store.GetActiveEventsAsync(alert.Product, alert.FirstDay, lastAlarm, 1, ct))
        {
            var counts = await store.GetDailyCountsAsync(alert.Product, ev, alert.FirstDay, lastAlarm, ct);
            events.Add(new EpisodeEvent(ev, counts.Sum(c => c.Count), rose.TryGetValue(ev, out var day) ? day : null));
        }
        return EpisodeEvents.Order(events);
    }

    private static DateOnly DateOnlyMin(DateOnly a, DateOnly b) => a < b ? a : b;
}
