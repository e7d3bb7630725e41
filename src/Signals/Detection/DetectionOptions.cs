using System.ComponentModel.DataAnnotations;

namespace Signals.Detection;

/// <summary>Section <c>Signals:Detection</c>. The model is described in docs/detection.md.</summary>
public sealed class DetectionOptions
{
    public const string Section = "Signals:Detection";

    /// <summary>
    /// Alarm score, −log10 of the tail probability of the most unusual recent window. Default 3:
    /// about one false alarm per product-year on the benchmark. Lower finds more, sooner, with more false alarms.
    /// </summary>
    [Range(0.5, 50, ErrorMessage = "Signals:Detection:Threshold must be between 0.5 and 50.")]
    public double Threshold { get; set; } = 3;

    /// <summary>No alarm below this many distinct authors in the alarming window, so 1 → 3 posts is not a signal. Default 3.</summary>
    [Range(1, 10_000, ErrorMessage = "Signals:Detection:MinimumCount must be between 1 and 10000.")]
    public int MinimumCount { get; set; } = 3;

    /// <summary>No alarm on a day with fewer distinct authors than this. Default 2.</summary>
    [Range(1, 10_000, ErrorMessage = "Signals:Detection:MinimumDayCount must be between 1 and 10000.")]
    public int MinimumDayCount { get; set; } = 2;

    /// <summary>Days of history the baseline is fitted on at most. Default 1095 (three years).</summary>
    [Range(56, 3650, ErrorMessage = "Signals:Detection:HistoryDays must be between 56 and 3650.")]
    public int HistoryDays { get; set; } = 1095;

    /// <summary>An alarm within this many days of an episode's last alarm extends it (no new e-mail). Default 14: a surge that
    /// keeps going alarms only now and then once the baseline has adapted, and an analyst wants one thread, not one e-mail a fortnight.</summary>
    [Range(1, 90, ErrorMessage = "Signals:Detection:EpisodeQuietDays must be between 1 and 90.")]
    public int EpisodeQuietDays { get; set; } = 14;

    /// <summary>How often the live worker judges the last complete day. Default 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Signals:Detection:Interval must be between 1 s and 1 day.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    public DetectorSettings ToSettings() => new() { Threshold = Threshold, MinimumCount = MinimumCount, MinimumDayCount = MinimumDayCount, MaxHistoryDays = HistoryDays };
}
