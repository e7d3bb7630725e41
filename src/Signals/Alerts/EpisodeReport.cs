using Signals.Storage;

namespace Signals.Alerts;

/// <summary>Which e-mail of an episode's thread: the first, an update when it has grown, the closing one when it has ended.</summary>
public enum EpisodeEmailKind { Opened, Update, Closing }

/// <summary>
/// An alert episode as of one day, every number from the detector's own judgement of each day (<see cref="EpisodeReporter"/>):
/// the e-mail's sentences, the digest's rows and the chart all read this, so they cannot disagree. <see cref="Opening"/> is
/// the day the alert was raised and <see cref="Peak"/> the alarm day with the most people, each as judged that day.
/// </summary>
public sealed record EpisodeReport(
    Alert Alert,
    EpisodeEmailKind Kind,
    DateOnly AsOf,
    IReadOnlyList<ChartDay> Days,
    DateOnly LastAlarmDay,
    ChartDay Opening,
    ChartDay Peak,
    ChartDay? PreviousPeak,
    IReadOnlyList<EpisodeEvent> Events,
    IReadOnlyList<ScoredPost> Examples,
    string? ModelVersion)
{
    /// <summary>People-days (each author counted once a day) from the first to the last alarm day, and the expected sum of those days.</summary>
    public int Total => Between(Alert.FirstDay, LastAlarmDay).Sum(d => d.Observed);
    public double TotalExpected => Between(Alert.FirstDay, LastAlarmDay).Where(d => !double.IsNaN(d.Expected)).Sum(d => d.Expected);

    /// <summary>People-days after the peak the last e-mail reported, up to the last alarm day.</summary>
    public int TotalSincePrevious => PreviousPeak is { } p ? Between(p.Day.AddDays(1), LastAlarmDay).Sum(d => d.Observed) : 0;

    public IEnumerable<ChartDay> Between(DateOnly from, DateOnly to) => Days.Where(d => d.Day >= from && d.Day <= to);

    /// <summary>People-days of the run of days (the scan window) that made <paramref name="day"/> alarm: the day itself when it alone did.</summary>
    public int WindowTotal(ChartDay day) => Between(day.Day.AddDays(1 - day.Window), day.Day).Sum(d => d.Observed);
}

/// <summary>An event named in the episode's adverse-event posts: people-days over the episode, and the first day it alarmed on its own, if it did.</summary>
public sealed record EpisodeEvent(string Term, int PersonDays, DateOnly? RoseFrom);

/// <summary>
/// One day as the detector judged it on that day: distinct authors, expected count (NaN before the baseline has history),
/// the count that day alone would need to alarm, the score (−log10 of the chance of the most unusual window ending that day),
/// that window's length, and whether it alarmed.
/// </summary>
public sealed record ChartDay(DateOnly Day, int Observed, double Expected, double Threshold, bool Alarm = false, double Score = 0, int Window = 1);
