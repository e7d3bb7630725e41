using System.ComponentModel.DataAnnotations;

namespace Signals.Detection;

/// <summary>Section <c>Signals:Detection</c>: the first baseline rule, which the detection issue replaces with a regression baseline.</summary>
public sealed class DetectionOptions
{
    public const string Section = "Signals:Detection";

    /// <summary>Days of history the baseline is computed from (the days before the one judged). Default 28: four of each weekday.</summary>
    [Range(7, 365, ErrorMessage = "Signals:Detection:BaselineDays must be between 7 and 365.")]
    public int BaselineDays { get; set; } = 28;

    /// <summary>Standard deviations above the mean for an alarm. Default 3.</summary>
    [Range(0.5, 20, ErrorMessage = "Signals:Detection:StandardDeviations must be between 0.5 and 20.")]
    public double StandardDeviations { get; set; } = 3;

    /// <summary>No alarm below this many distinct authors in a day, so 1 → 3 posts is not a signal. Default 3.</summary>
    [Range(1, 10_000, ErrorMessage = "Signals:Detection:MinimumCount must be between 1 and 10000.")]
    public int MinimumCount { get; set; } = 3;

    /// <summary>An alarm within this many days of an episode's last alarm extends it (no new e-mail). Default 7.</summary>
    [Range(1, 90, ErrorMessage = "Signals:Detection:EpisodeQuietDays must be between 1 and 90.")]
    public int EpisodeQuietDays { get; set; } = 7;

    /// <summary>How often the live worker judges the last complete day. Default 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Signals:Detection:Interval must be between 1 s and 1 day.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
