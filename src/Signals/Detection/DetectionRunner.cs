using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signals.Alerts;
using Signals.Health;
using Signals.Matching;
using Signals.Storage;

namespace Signals.Detection;

/// <summary>
/// Judges one complete day for every watched product with the <see cref="SpikeDetector"/> on
/// the daily counts of distinct authors, and writes alerts to the store (the outbox) — never
/// e-mails them itself. Running a day twice gives the same alerts: an alert's
/// key is its product and first day, and a later alarming day extends the open episode.
/// </summary>
public sealed class DetectionRunner(
    ProductCatalog catalog,
    ISignalStore store,
    IOptions<DetectionOptions> options,
    TimeProvider time,
    ILogger<DetectionRunner> logger,
    SignalsMetrics? metrics = null)
{
    // The days re-judged before the one asked about, so the detector's reset after an alarm is in the same state
    // as in a continuous run (an alarm resets its windows for up to 14 days).
    private const int Lookback = 42;
    private const int MaterialGrowth = 2;

    public async Task<IReadOnlyList<Alert>> RunForDayAsync(DateOnly day, CancellationToken ct)
    {
        // Ingestion refuses posts dated outside Feeds.PostLimits, so such a day has nothing to judge (an old row, a mistyped
        // day); near DateOnly's ends the history arithmetic below would overflow.
        if (day < DateOnly.FromDateTime(Feeds.PostLimits.Earliest.UtcDateTime) || day > DateOnly.MaxValue.AddDays(-366)) return [];
        // One judge at a time across replicas: two judging the same day at once could both extend an episode or both open
        // an alert whose key they compute differently. Under the lock a second run finds the first one's alerts (keys are idempotent).
        await using var exclusive = await store.LockAsync("signals:detection", ct);
        var opened = new List<Alert>();
        // Only products with adverse-event authors in the longest window can alarm, and only those with an open episode have
        // one to close: one query names them, so a product nobody wrote about costs a set lookup, not its history — with the
        // whole catalogue watched (thousands of products), a day costs what the products people write about cost.
        var longest = options.Value.ToSettings().Windows[^1];
        var toJudge = await store.GetProductsToJudgeAsync(day.AddDays(-longest + 1), day, ct);
        foreach (var product in catalog.Products.Select(p => p.Id))
        {
            if (!toJudge.Contains(product)) continue;
            // The product's own settings (Signals:Detection:Products:{id}) apply to its events too.
            var (settings, quietDays) = options.Value.For(product);
            var detector = new SpikeDetector(settings);
            // With NormalizeByVolume the product's mentions are the exposure of the product and of each of its events.
            // Episodes still open on the day: their days stay out of the baseline (docs/detection.md, "Episodes").
            var (volume, episodes) = await HistoryAsync(product, settings, day, ct);
            var open = episodes.Where(a => a.FirstDay <= day && a.LastDay >= day.AddDays(-quietDays)).ToList();
            var (decision, monitoredSince) = await DecideAsync(detector, product, null, day, null, volume, open.Where(a => a.Event is null), ct);
            if (decision is { Alarm: true } && await RecordAsync(product, null, day, decision, quietDays, ct) is { } alert) opened.Add(alert);

            // Product–event pairs: a rise of one event (hair loss) can hide in a flat product total. Only events with enough
            // authors in the longest window can alarm, so the rest are not even fitted.
            if (monitoredSince is null) continue;
            var window = settings.Windows[^1];
            foreach (var ev in await store.GetActiveEventsAsync(product, day.AddDays(-window + 1), day, settings.MinimumCount, ct))
            {
                var (pair, _) = await DecideAsync(detector, product, ev, day, monitoredSince, volume, open.Where(a => a.Event is null || a.Event == ev), ct);
                if (pair is { Alarm: true } && await RecordAsync(product, ev, day, pair, quietDays, ct) is { } eventAlert) opened.Add(eventAlert);
            }
            await CloseQuietEpisodesAsync(episodes, day, quietDays, ct);
        }
        return opened;
    }

    /// <summary>
    /// What judging a product's day reads besides its counts, over the history the baseline may use: its daily mention
    /// volume (only with NormalizeByVolume: the exposure of the product and its events) and its alert episodes.
    /// </summary>
    private async Task<(IReadOnlyList<DailyCount>? Volume, IReadOnlyList<Alert> Episodes)> HistoryAsync(
        string product, DetectorSettings settings, DateOnly day, CancellationToken ct)
    {
        var from = day.AddDays(-settings.MaxHistoryDays - settings.GuardDays);
        var volume = options.Value.NormalizeByVolume ? await store.GetDailyMentionCountsAsync(product, from, day, ct) : null;
        return (volume, await store.GetProductAlertsAsync(product, from, day, ct));
    }

    /// <summary>
    /// Stores the end of every episode of the product (and its events) whose last alarm is more than the quiet days behind the
    /// day: its counts have been back within the baseline that long. The closing day is computed, not today, so a replay and a
    /// worker that missed a day store the same one.
    /// </summary>
    private async Task CloseQuietEpisodesAsync(IReadOnlyList<Alert> episodes, DateOnly day, int quietDays, CancellationToken ct)
    {
        foreach (var episode in episodes.Where(a => a.ClosedOn is null && a.LastDay < day.AddDays(-quietDays)))
        {
            var closedOn = episode.LastDay.AddDays(quietDays + 1);
            await store.CloseAlertEpisodeAsync(episode.Id, closedOn, ct);
            logger.AlertClosed(episode.Id, episode.Event is null ? episode.Product : $"{episode.Product} / {episode.Event}", closedOn);
        }
    }

    /// <summary>
    /// The day as <see cref="RunForDayAsync"/> judges it for the product (or one of its events): observed, expected, the day's
    /// own alarm bound, score, alarm. E-mails, digests and charts quote these (through <see cref="JudgeDaysAsync"/>, which
    /// judges a whole chart with one read of the history and must give each day exactly this), so their numbers are the detector's.
    /// </summary>
    public async Task<DayScore?> JudgeAsync(string product, string? ev, DateOnly day, CancellationToken ct)
    {
        var (settings, quietDays) = options.Value.For(product);
        var detector = new SpikeDetector(settings);
        // The open episodes as RunForDayAsync found them when it first judged the day, so the numbers quoted are the ones it
        // stored: an episode that this very day opened did not exist yet then (its lead-in days would otherwise leave the baseline).
        var (volume, episodes) = await HistoryAsync(product, settings, day, ct);
        var open = episodes.Where(a => a.FirstDay < day && a.LastDay >= day.AddDays(-quietDays)).ToList();
        DateOnly? since = null;
        if (ev is not null)
        {
            // As in RunForDayAsync: an event's series starts when its product's does.
            (_, since) = await DecideAsync(detector, product, null, day, null, volume, open.Where(a => a.Event is null), ct);
            if (since is null) return null;
        }
        var relevant = ev is null ? open.Where(a => a.Event is null) : open.Where(a => a.Event is null || a.Event == ev);
        return (await DecideAsync(detector, product, ev, day, since, volume, relevant, ct)).Decision;
    }

    /// <summary>
    /// Every day from <paramref name="from"/> to <paramref name="to"/> judged exactly as <see cref="JudgeAsync"/> judges each
    /// (null where it would be), with the product's history read once for the whole range instead of once a day: an e-mail's
    /// 90-day chart is one read of each series, not 270 queries. Each day still gets its own series, open episodes and fits.
    /// </summary>
    public async Task<IReadOnlyList<DayScore?>> JudgeDaysAsync(string product, string? ev, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (to < from) return [];
        var (settings, quietDays) = options.Value.For(product);
        var detector = new SpikeDetector(settings);
        var history = settings.MaxHistoryDays + settings.GuardDays;
        var earliest = from.AddDays(-history);
        // The union of what HistoryAsync and DecideAsync read for each day; each day below takes its own slice of it.
        var volume = options.Value.NormalizeByVolume ? await store.GetDailyMentionCountsAsync(product, earliest, to, ct) : null;
        var episodes = await store.GetProductAlertsAsync(product, earliest, to, ct);
        var productCounts = await store.GetDailyCountsAsync(product, null, earliest, to, ct);
        var eventCounts = ev is null ? productCounts : await store.GetDailyCountsAsync(product, ev, earliest, to, ct);

        var scores = new DayScore?[to.DayNumber - from.DayNumber + 1];
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var start = day.AddDays(-history);
            // What GetProductAlertsAsync(product, start, day) returns (last day from start on), then JudgeAsync's rule for the
            // episodes open on the day (opened before it, last alarm within the quiet days).
            var open = episodes.Where(a => a.LastDay >= start && a.FirstDay < day && a.LastDay >= day.AddDays(-quietDays)).ToList();
            var dayVolume = volume is null ? null : Between(volume, start, day);
            DateOnly? since = null;
            if (ev is not null)
            {
                // JudgeAsync's product decision only supplies the day its series starts: its first stored count.
                var productDays = Between(productCounts, start, day);
                if (productDays.Count == 0) continue;
                since = productDays[0].Day;
            }
            var relevant = ev is null ? open.Where(a => a.Event is null) : open.Where(a => a.Event is null || a.Event == ev);
            scores[day.DayNumber - from.DayNumber] = Decide(detector, day, since, Between(eventCounts, start, day), dayVolume, relevant).Decision;
        }
        return scores;
    }

    /// <summary>The counts of <paramref name="counts"/> (ordered by day) from <paramref name="from"/> to <paramref name="to"/>, as the store's range query returns them.</summary>
    private static List<DailyCount> Between(IReadOnlyList<DailyCount> counts, DateOnly from, DateOnly to)
    {
        var lo = 0;
        var hi = counts.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (counts[mid].Day < from) lo = mid + 1; else hi = mid;
        }
        var slice = new List<DailyCount>();
        for (var i = lo; i < counts.Count && counts[i].Day <= to; i++) slice.Add(counts[i]);
        return slice;
    }

    /// <summary>
    /// Judges the day for the product (or one of its events). The series starts at <paramref name="since"/>, or else at the
    /// product's first report: an event first named today has a history of zeros since the product has been watched, not none.
    /// With <paramref name="volume"/> the baseline is the share of the product's mentions.
    /// </summary>
    private async Task<(DayScore? Decision, DateOnly? Since)> DecideAsync(SpikeDetector detector, string product, string? ev, DateOnly day,
        DateOnly? since, IReadOnlyList<DailyCount>? volume, IEnumerable<Alert> openEpisodes, CancellationToken ct)
    {
        var from = day.AddDays(-detector.Settings.MaxHistoryDays - detector.Settings.GuardDays);
        return Decide(detector, day, since, await store.GetDailyCountsAsync(product, ev, from, day, ct), volume, openEpisodes);
    }

    /// <summary>
    /// <see cref="DecideAsync"/> on the series' <paramref name="stored"/> counts of its history (MaxHistoryDays + GuardDays
    /// before the day, to the day), already read: the one computation behind the run, <see cref="JudgeAsync"/> and
    /// <see cref="JudgeDaysAsync"/>.
    /// </summary>
    private static (DayScore? Decision, DateOnly? Since) Decide(SpikeDetector detector, DateOnly day, DateOnly? since,
        IReadOnlyList<DailyCount> stored, IReadOnlyList<DailyCount>? volume, IEnumerable<Alert> openEpisodes)
    {
        if (stored.Count == 0) return (null, since);
        var earliest = day.AddDays(-detector.Settings.MaxHistoryDays - detector.Settings.GuardDays);
        var from = since is { } s && s >= earliest && s <= stored[0].Day ? s : stored[0].Day;
        var counts = new int[day.DayNumber - from.DayNumber + 1];
        foreach (var c in stored) counts[c.Day.DayNumber - from.DayNumber] = c.Count;
        int DayOfWeek(int i) => ((int)from.AddDays(i).DayOfWeek + 6) % 7;
        int[]? mentions = null;
        if (volume is not null)
        {
            mentions = new int[counts.Length];
            foreach (var v in volume.Where(v => v.Day >= from)) mentions[v.Day.DayNumber - from.DayNumber] = v.Count;
        }
        var first = Math.Max(0, counts.Length - Lookback);
        var baseline = detector.ComputeBaseline(counts, DayOfWeek, first, mentions, EpisodeDays(detector.Settings, openEpisodes, from, counts.Length));
        return (detector.DecideLast(counts, baseline, detector.Settings.Threshold, first), from);
    }

    /// <summary>
    /// The days of the open episodes, from their lead-in before the first alarm to today (at most
    /// <see cref="DetectorSettings.MaxEpisodeMaskDays"/> from the first alarm), as <see cref="SpikeDetector.Run"/> keeps them out:
    /// an outbreak in progress never becomes its own baseline. Null when nothing is open.
    /// </summary>
    private static bool[]? EpisodeDays(DetectorSettings settings, IEnumerable<Alert> openEpisodes, DateOnly from, int days)
    {
        bool[]? excluded = null;
        foreach (var episode in openEpisodes)
        {
            excluded ??= new bool[days];
            var start = episode.FirstDay.DayNumber - from.DayNumber;
            EpisodeMask.Mark(excluded, start - settings.EpisodeLeadDays, Math.Min(days - 1, start + settings.MaxEpisodeMaskDays - 1));
        }
        return excluded;
    }

    /// <summary>
    /// Opens a new episode, or extends the open one of the same product (and event). A product–event alert raised while
    /// the product's own episode is open is stored as covered by it: evidence for that e-mail, not an e-mail of its own.
    /// Returns the alert only when a new one was opened.
    /// </summary>
    private async Task<Alert?> RecordAsync(string product, string? ev, DateOnly day, DayScore decision, int quietDays, CancellationToken ct)
    {
        var latest = await store.GetLatestAlertAsync(product, ev, day, ct);
        if (latest is not null && latest.LastDay >= day.AddDays(-quietDays))
        {
            if (day > latest.LastDay)
            {
                // The episode keeps the numbers of its most striking day; later days only extend it.
                var peak = decision.Observed > latest.Observed;
                await store.UpdateAlertEpisodeAsync(latest.Id, day, peak ? decision.Observed : latest.Observed,
                    peak ? decision.Expected : latest.Expected, peak ? decision.Threshold : latest.Threshold, peak ? decision.Score : latest.Score, ct);
                logger.AlertExtended(latest.Id, ev is null ? product : $"{product} / {ev}", day, decision.Observed);
                // An episode that has doubled since its last e-mail is news for the analyst: send it again, as an update.
                if (peak && latest.Status == AlertStatus.Sent && latest.NotifiedObserved > 0 && decision.Observed >= MaterialGrowth * latest.NotifiedObserved)
                    await store.RenotifyAlertAsync(latest.Id, ct);
            }
            return null;
        }
        var status = AlertStatus.Pending;
        if (ev is not null && await store.GetLatestAlertAsync(product, null, day, ct) is { } productAlert
            && productAlert.LastDay >= day.AddDays(-quietDays))
            status = AlertStatus.Covered;
        var key = $"{product}|{ev ?? "*"}|{day:yyyy-MM-dd}";
        var alert = await store.AddAlertAsync(new Alert(0, key, product, ev, day, day, decision.Observed, decision.Expected,
            decision.Threshold, status, 0, null, time.GetUtcNow(), null) { Score = decision.Score }, ct);
        logger.AlertOpened(ev is null ? product : $"{product} / {ev}", day, decision.Observed, decision.Expected, decision.Threshold);
        metrics?.AlertOpened(product);
        return alert;
    }
}
