using System.ComponentModel.DataAnnotations;

namespace Signals.Feeds;

/// <summary>Section <c>Signals:Feeds</c>.</summary>
public sealed class FeedsOptions
{
    public const string Section = "Signals:Feeds";

    /// <summary>The feed list, relative to config/ unless absolute. Default <c>feeds.json</c>.</summary>
    [Required]
    public string FeedsFile { get; set; } = "feeds.json";

    /// <summary>How often the scheduler looks for due feeds. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Signals:Feeds:SchedulerTick must be between 1 s and 1 h.")]
    public TimeSpan SchedulerTick { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Feeds refreshed at once. Default 4.</summary>
    [Range(1, 64, ErrorMessage = "Signals:Feeds:MaxParallelFeeds must be between 1 and 64.")]
    public int MaxParallelFeeds { get; set; } = 4;

    /// <summary>A response larger than this is refused (a feed is never 50 MB). Default 10 MB.</summary>
    [Range(1024, 1L << 30, ErrorMessage = "Signals:Feeds:MaxResponseBytes must be between 1 KB and 1 GB.")]
    public long MaxResponseBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Longest wait between retries of a failing feed (back-off doubles up to this). Default 6 h.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Signals:Feeds:MaxBackoff must be between 1 s and 7 days.")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(6);

    /// <summary>User-Agent sent to every source (Reddit and others require a descriptive one).</summary>
    [Required]
    public string UserAgent { get; set; } = "Signals/0.1 (pharmacovigilance research; +https://example.org/signals)";
}
