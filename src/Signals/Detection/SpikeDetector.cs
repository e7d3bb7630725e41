namespace Signals.Detection;

/// <summary>
/// Prospective spike and surge detection on one daily series. For every day, the expected
/// count comes from a <see cref="BaselineModel"/> fitted on history that stops
/// <see cref="DetectorSettings.GuardDays"/> before the refit day and, in <see cref="Run"/>, leaves out the days of an
/// episode still open (so an outbreak in progress does not raise its own baseline). The day is then judged by a scan over the windows ending
/// on it (1 day for a sharp spike, up to two weeks for a slow build-up): the score is
/// −log10 of the smallest tail probability of a window's total under the baseline. It is not
/// corrected for the number of windows (a correction only rescales it; the benchmark showed no
/// gain), so read the threshold as a calibrated setting, not a p-value. After an alarm, windows start afresh (as a
/// CUSUM resets), so one outbreak does not keep alarming on the days that follow it.
/// </summary>
public sealed class SpikeDetector(DetectorSettings settings)
{
    public DetectorSettings Settings { get; } = settings;

    /// <summary>
    /// Expected counts and dispersion for days from <paramref name="firstDay"/> on, each from data before it only. With
    /// <paramref name="volume"/> (the product's mentions per day) the baseline is the share of mentions times the day's
    /// volume: the day's own volume is known when it is judged, and a busier day is expected to bring more reports.
    /// Days marked in <paramref name="excluded"/> (outbreak episodes: see <see cref="EpisodeMask"/>) are left out of every fit.
    /// </summary>
    public Baseline ComputeBaseline(IReadOnlyList<int> counts, Func<int, int> dayOfWeek, int firstDay, IReadOnlyList<int>? volume = null,
        IReadOnlyList<bool>? excluded = null)
    {
        var fitter = new BaselineFitter(this, counts, dayOfWeek, volume, excluded);
        for (var t = Math.Max(firstDay, 0); t < counts.Count; t++) fitter.Step(t);
        return fitter.Baseline;
    }

    /// <summary>
    /// Judges the days from <paramref name="from"/> on that have a baseline, in order, with the reset after each alarm.
    /// <paramref name="withBounds"/> also computes each day's own alarm count (skipped in threshold sweeps: it costs a search).
    /// </summary>
    public DayScore[] Decide(IReadOnlyList<int> counts, Baseline baseline, double threshold, int from = 0, bool withBounds = true)
    {
        var scores = new DayScore[counts.Count];
        var lastAlarm = from - 1;
        for (var t = from; t < counts.Count; t++) scores[t] = DecideDay(counts, baseline, threshold, t, ref lastAlarm, withBounds);
        return scores;
    }

    /// <summary>
    /// The verdict of the last day of <paramref name="counts"/>, judged as <see cref="Decide"/> judges it from
    /// <paramref name="from"/> on (the days before it only set the reset after an alarm): the same as <c>Decide(…)[^1]</c>,
    /// without a bound search for days whose bound nobody reads.
    /// </summary>
    public DayScore DecideLast(IReadOnlyList<int> counts, Baseline baseline, double threshold, int from)
    {
        var lastAlarm = from - 1;
        for (var t = from; t < counts.Count - 1; t++) DecideDay(counts, baseline, threshold, t, ref lastAlarm, withBounds: false);
        return DecideDay(counts, baseline, threshold, counts.Count - 1, ref lastAlarm, withBounds: true);
    }

    /// <summary>
    /// The whole prospective run as the worker lives it, for a series judged from its first day: each alarm opens or extends
    /// an episode (a later alarm within <paramref name="quietDays"/> of its last one), and while an episode is open its days —
    /// from <see cref="DetectorSettings.EpisodeLeadDays"/> before its first alarm, for at most
    /// <see cref="DetectorSettings.MaxEpisodeMaskDays"/> — are kept out of the fits, so an outbreak in progress never becomes
    /// its own baseline. Once it has closed, its days return to the fit, where the down-weighting of outlying days treats them
    /// like any past outbreak (keeping closed episodes out too biased the baseline low and tripled false alarms on the
    /// benchmark). The worker keeps the same days out, read from its stored alerts.
    /// </summary>
    public DayScore[] Run(IReadOnlyList<int> counts, Func<int, int> dayOfWeek, double threshold, int quietDays, bool withBounds = true,
        IReadOnlyList<int>? volume = null)
    {
        var excluded = new bool[counts.Count];
        var fitter = new BaselineFitter(this, counts, dayOfWeek, volume, excluded);
        var scores = new DayScore[counts.Count];
        var lastAlarm = -1;
        int first = -1, last = int.MinValue / 2;
        for (var t = 0; t < counts.Count; t++)
        {
            fitter.Step(t);
            var day = scores[t] = DecideDay(counts, fitter.Baseline, threshold, t, ref lastAlarm, withBounds);
            var open = t - last <= quietDays;
            if (day.Alarm)
            {
                if (!open) first = t;
                last = t;
            }
            else if (!open && first >= 0)
            {
                // Closed: its days go back to the fit, where the reweighting of outlying days handles them like any past outbreak.
                EpisodeMask.Mark(excluded, first - Settings.EpisodeLeadDays, t, false);
                first = -1;
            }
            if (first >= 0) EpisodeMask.Mark(excluded, first - Settings.EpisodeLeadDays, Math.Min(t, first + Settings.MaxEpisodeMaskDays - 1));
        }
        return scores;
    }

    private DayScore DecideDay(IReadOnlyList<int> counts, Baseline baseline, double threshold, int t, ref int lastAlarm, bool withBounds)
    {
        if (double.IsNaN(baseline.Expected[t])) return new DayScore(counts[t], double.NaN, double.NaN, 0, 0, false);
        var score = Score(counts, baseline, t, lastAlarm);
        var bound = withBounds ? CountTail.UpperBound(baseline.Expected[t], baseline.Dispersion[t], Math.Pow(10, -threshold)) : double.NaN;
        var alarm = score.Value >= threshold && score.WindowObserved >= Settings.MinimumCount && counts[t] >= Settings.MinimumDayCount;
        if (alarm) lastAlarm = t;
        return new DayScore(counts[t], baseline.Expected[t], bound, score.Value, score.Window, alarm);
    }

    /// <summary>Refits every <see cref="DetectorSettings.RefitEveryDays"/> on history that stops <see cref="DetectorSettings.GuardDays"/> before the day.</summary>
    private sealed class BaselineFitter(SpikeDetector detector, IReadOnlyList<int> counts, Func<int, int> dayOfWeek, IReadOnlyList<int>? volume,
        IReadOnlyList<bool>? excluded)
    {
        private BaselineModel? _model;
        private int _fittedAt = int.MinValue;

        public Baseline Baseline { get; } = Baseline.Empty(counts.Count);

        public void Step(int t)
        {
            var settings = detector.Settings;
            var end = t - settings.GuardDays;
            if (end < settings.MinHistoryDays) return;
            if (_model is null || t - _fittedAt >= settings.RefitEveryDays)
            {
                var start = Math.Max(0, end - settings.MaxHistoryDays);
                // A long episode can leave too little history outside it; then the last fit stands (or, for a series that
                // has never been fitted, the episode is fitted too: a baseline that knows the outbreak beats none).
                var mask = excluded is not null && Usable(start, end) >= settings.MinHistoryDays ? excluded : null;
                if (mask is not null || excluded is null || _model is null)
                    _model = BaselineModel.Fit(counts, start, end, dayOfWeek, _model, volume, mask);
                _fittedAt = t;
            }
            Baseline.Expected[t] = _model.Expected(t, dayOfWeek(t), volume is null ? 1 : Math.Max(volume[t], counts[t]));
            Baseline.Dispersion[t] = _model.Dispersion;
        }

        private int Usable(int start, int end)
        {
            var n = 0;
            for (var i = start; i < end; i++) if (!excluded![i]) n++;
            return n;
        }
    }

    private (double Value, int Window, int WindowObserved) Score(IReadOnlyList<int> counts, Baseline baseline, int t, int lastAlarm)
    {
        var best = 1.0;
        int bestWindow = 1, bestObserved = counts[t];
        var observed = 0;
        var expected = 0.0;
        var length = 0;
        foreach (var window in Settings.Windows)
        {
            // Grow the running window total to this length.
            while (length < window)
            {
                var day = t - length;
                if (day <= lastAlarm || day < 0 || double.IsNaN(baseline.Expected[day])) goto done;
                observed += counts[day];
                expected += baseline.Expected[day];
                length++;
            }
            var p = CountTail.AtLeast(observed, expected, baseline.Dispersion[t]);
            if (p < best) (best, bestWindow, bestObserved) = (p, window, observed);
        }
    done:
        return (-Math.Log10(Math.Max(best, 1e-300)), bestWindow, bestObserved);
    }
}

/// <summary>Expected count and dispersion per day (NaN before there is enough history).</summary>
public sealed record Baseline(double[] Expected, double[] Dispersion)
{
    public static Baseline Empty(int days)
    {
        var expected = new double[days];
        Array.Fill(expected, double.NaN);
        return new Baseline(expected, new double[days]);
    }
}

/// <summary>
/// The days kept out of the baseline fit because an outbreak was under way: each episode from
/// <see cref="DetectorSettings.EpisodeLeadDays"/> before its first alarm (the build-up the scan windows read) until its
/// quiet days have passed after its last alarm (a guard band: the decay of an outbreak is not a normal day either).
/// </summary>
public static class EpisodeMask
{
    /// <summary>Marks days [<paramref name="from"/>, <paramref name="to"/>] (clipped to the series).</summary>
    public static void Mark(bool[] excluded, int from, int to, bool value = true)
    {
        for (var i = Math.Max(0, from); i <= Math.Min(excluded.Length - 1, to); i++) excluded[i] = value;
    }
}

/// <summary>
/// One day's verdict. <see cref="Threshold"/> is the count that day alone would need to alarm;
/// <see cref="Score"/> is −log10 of the (window-corrected) tail probability.
/// </summary>
public sealed record DayScore(int Observed, double Expected, double Threshold, double Score, int Window, bool Alarm);

/// <summary>The detector's fixed settings, the same for every series (it is not tuned per series).</summary>
public sealed record DetectorSettings
{
    /// <summary>Days before the refit day left out of the fit. Default 7.</summary>
    public int GuardDays { get; init; } = 7;
    /// <summary>Days before an episode's first alarm that are kept out of the fit with the episode (its build-up). Default 7.</summary>
    public int EpisodeLeadDays { get; init; } = 7;
    /// <summary>
    /// An open episode's days are kept out of the fit for at most this long from its first alarm. Default 182 (26 weeks, the
    /// reference gap Noufaily et al. recommend): a level that has held for half a year is the new normal, and a baseline that
    /// never learns it would keep the episode open for ever.
    /// </summary>
    public int MaxEpisodeMaskDays { get; init; } = 182;
    /// <summary>The baseline is refitted every this many days. Default 28: the benchmark scores the same as weekly refits (POD 0.662 vs 0.663) at a quarter of the cost.</summary>
    public int RefitEveryDays { get; init; } = 28;
    /// <summary>Longest history fitted. Default 3 years.</summary>
    public int MaxHistoryDays { get; init; } = 1095;
    /// <summary>No decision before this much history. Default 8 weeks.</summary>
    public int MinHistoryDays { get; init; } = 56;
    /// <summary>No alarm when the alarming window holds fewer counts. Default 3.</summary>
    public int MinimumCount { get; init; } = 3;
    /// <summary>No alarm on a day with fewer counts than this: one report on a day is never an alert on its own. Default 2 (costs 0.003 POD on the benchmark).</summary>
    public int MinimumDayCount { get; init; } = 2;
    /// <summary>Window lengths scanned, ascending. Default 1, 2, 3, 5, 7, 10 and 14 days (21 scored worse on the benchmark).</summary>
    public int[] Windows { get; init; } = [1, 2, 3, 5, 7, 10, 14];
    /// <summary>
    /// Alarm score (−log10 p). Default 3: on the benchmark about one false alarm per series-year
    /// (FPR 0.3 %/day; 0.65 a year on the high-volume social series S6).
    /// </summary>
    public double Threshold { get; init; } = 3;
}
