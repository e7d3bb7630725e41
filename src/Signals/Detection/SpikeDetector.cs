namespace Signals.Detection;

/// <summary>
/// Prospective spike and surge detection on one daily series. For every day, the expected
/// count comes from a <see cref="BaselineModel"/> fitted on history that stops
/// <see cref="DetectorSettings.GuardDays"/> before the refit day (so an outbreak in progress
/// does not raise its own baseline). The day is then judged by a scan over the windows ending
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
    /// </summary>
    public Baseline ComputeBaseline(IReadOnlyList<int> counts, Func<int, int> dayOfWeek, int firstDay, IReadOnlyList<int>? volume = null)
    {
        var n = counts.Count;
        var expected = new double[n];
        var dispersion = new double[n];
        Array.Fill(expected, double.NaN);
        BaselineModel? model = null;
        var fittedAt = int.MinValue;
        for (var t = Math.Max(firstDay, 0); t < n; t++)
        {
            var end = t - Settings.GuardDays;
            if (end < Settings.MinHistoryDays) continue;
            if (model is null || t - fittedAt >= Settings.RefitEveryDays)
            {
                model = BaselineModel.Fit(counts, Math.Max(0, end - Settings.MaxHistoryDays), end, dayOfWeek, model, volume);
                fittedAt = t;
            }
            expected[t] = model.Expected(t, dayOfWeek(t), volume is null ? 1 : Math.Max(volume[t], counts[t]));
            dispersion[t] = model.Dispersion;
        }
        return new Baseline(expected, dispersion);
    }

    /// <summary>
    /// Judges the days from <paramref name="from"/> on that have a baseline, in order, with the reset after each alarm.
    /// <paramref name="withBounds"/> also computes each day's own alarm count (skipped in threshold sweeps: it costs a search).
    /// </summary>
    public DayScore[] Decide(IReadOnlyList<int> counts, Baseline baseline, double threshold, int from = 0, bool withBounds = true)
    {
        var scores = new DayScore[counts.Count];
        var lastAlarm = from - 1;
        for (var t = from; t < counts.Count; t++)
        {
            if (double.IsNaN(baseline.Expected[t]))
            {
                scores[t] = new DayScore(counts[t], double.NaN, double.NaN, 0, 0, false);
                continue;
            }
            var score = Score(counts, baseline, t, lastAlarm);
            var bound = withBounds ? CountTail.UpperBound(baseline.Expected[t], baseline.Dispersion[t], Math.Pow(10, -threshold)) : double.NaN;
            var alarm = score.Value >= threshold && score.WindowObserved >= Settings.MinimumCount && counts[t] >= Settings.MinimumDayCount;
            if (alarm) lastAlarm = t;
            scores[t] = new DayScore(counts[t], baseline.Expected[t], bound, score.Value, score.Window, alarm);
        }
        return scores;
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
public sealed record Baseline(double[] Expected, double[] Dispersion);

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
