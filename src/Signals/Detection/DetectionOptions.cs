using System.ComponentModel.DataAnnotations;

namespace Signals.Detection;

/// <summary>Section <c>Signals:Detection</c>. The model is described in docs/detection.md.</summary>
public sealed class DetectionOptions : IValidatableObject
{
    public const string Section = "Signals:Detection";

    // One set of limits for the section's values and for each product's overrides.
    private const double MinThreshold = 0.5, MaxThreshold = 50;
    private const int MaxMinimumCount = 10_000, MaxEpisodeQuietDays = 90;

    /// <summary>
    /// Alarm score, −log10 of the tail probability of the most unusual recent window. Default 3:
    /// about one false alarm per product-year on the benchmark. Lower finds more, sooner, with more false alarms.
    /// </summary>
    [Range(MinThreshold, MaxThreshold, ErrorMessage = "Signals:Detection:Threshold must be between 0.5 and 50.")]
    public double Threshold { get; set; } = 3;

    /// <summary>No alarm below this many distinct authors in the alarming window, so 1 → 3 posts is not a signal. Default 3.</summary>
    [Range(1, MaxMinimumCount, ErrorMessage = "Signals:Detection:MinimumCount must be between 1 and 10000.")]
    public int MinimumCount { get; set; } = 3;

    /// <summary>No alarm on a day with fewer distinct authors than this. Default 2.</summary>
    [Range(1, 10_000, ErrorMessage = "Signals:Detection:MinimumDayCount must be between 1 and 10000.")]
    public int MinimumDayCount { get; set; } = 2;

    /// <summary>Days of history the baseline is fitted on at most. Default 1095 (three years).</summary>
    [Range(56, 3650, ErrorMessage = "Signals:Detection:HistoryDays must be between 56 and 3650.")]
    public int HistoryDays { get; set; } = 1095;

    /// <summary>An alarm within this many days of an episode's last alarm extends it (no new e-mail); after this many days without
    /// one — the counts back within the baseline — the episode is over and its end is stored. Default 14: a surge that wavers
    /// stays one thread for the analyst, not one e-mail a fortnight.</summary>
    [Range(1, MaxEpisodeQuietDays, ErrorMessage = "Signals:Detection:EpisodeQuietDays must be between 1 and 90.")]
    public int EpisodeQuietDays { get; set; } = 14;

    /// <summary>
    /// Judge the adverse-event share of a product's mentions instead of the raw count. Default false. When on, the
    /// baseline is fitted with the day's distinct authors of all posts naming the product as an offset, so a platform that
    /// doubles its traffic doubles the expected count too, and only a rising share alarms.
    /// </summary>
    public bool NormalizeByVolume { get; set; }

    /// <summary>How often the live worker judges the last complete day. Default 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Signals:Detection:Interval must be between 1 s and 1 day.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Settings of single products (<c>Signals:Detection:Products:{productId}:EpisodeQuietDays</c>, <c>Threshold</c>,
    /// <c>MinimumCount</c>) over the section's: a product whose reports come in waves may want longer episodes, a
    /// high-stakes one a lower threshold. Keys are product ids of the product list; an unknown id stops the start.
    /// </summary>
    public Dictionary<string, ProductDetectionOptions> Products { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public DetectorSettings ToSettings() => new() { Threshold = Threshold, MinimumCount = MinimumCount, MinimumDayCount = MinimumDayCount, MaxHistoryDays = HistoryDays };

    /// <summary>The detector settings and episode length that apply to <paramref name="product"/>: its own where set, else the section's.</summary>
    public ProductDetection For(string product)
    {
        var own = Products.GetValueOrDefault(product);
        var settings = ToSettings() with { Threshold = own?.Threshold ?? Threshold, MinimumCount = own?.MinimumCount ?? MinimumCount };
        return new ProductDetection(settings, own?.EpisodeQuietDays ?? EpisodeQuietDays);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        foreach (var (product, own) in Products)
        {
            var key = $"{Section}:Products:{product}";
            if (own is null) continue;
            if (own.Threshold is { } t && !(t >= MinThreshold && t <= MaxThreshold))
                yield return new($"{key}:Threshold must be between 0.5 and 50.", [nameof(Products)]);
            if (own.MinimumCount is { } m && (m < 1 || m > MaxMinimumCount))
                yield return new($"{key}:MinimumCount must be between 1 and 10000.", [nameof(Products)]);
            if (own.EpisodeQuietDays is { } q && (q < 1 || q > MaxEpisodeQuietDays))
                yield return new($"{key}:EpisodeQuietDays must be between 1 and 90.", [nameof(Products)]);
        }
    }
}

/// <summary>One product's overrides under <c>Signals:Detection:Products:{productId}</c>; an unset value keeps the section's.</summary>
public sealed class ProductDetectionOptions
{
    public double? Threshold { get; set; }
    public int? MinimumCount { get; set; }
    public int? EpisodeQuietDays { get; set; }
}

/// <summary>What detection uses for one product: the detector's settings and after how many quiet days its episodes close.</summary>
public sealed record ProductDetection(DetectorSettings Settings, int EpisodeQuietDays);
