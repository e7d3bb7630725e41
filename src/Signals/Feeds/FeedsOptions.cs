using System.ComponentModel.DataAnnotations;

namespace Signals.Feeds;

/// <summary>Section <c>Signals:Feeds</c>.</summary>
public sealed class FeedsOptions : IValidatableObject
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

    /// <summary>Requests in flight to one host at once, however many of its feeds are due. Default 2.</summary>
    [Range(1, 64, ErrorMessage = "Signals:Feeds:MaxRequestsPerHost must be between 1 and 64.")]
    public int MaxRequestsPerHost { get; set; } = 2;

    /// <summary>Longest a read may take, retries included. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00", ErrorMessage = "Signals:Feeds:RequestTimeout must be between 1 s and 30 min.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest one attempt may take before it is abandoned and retried (a hanging server). Default 20 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00", ErrorMessage = "Signals:Feeds:AttemptTimeout must be between 100 ms and 10 min.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Retries of a transient failure (5xx, 408, 429, network error, attempt timeout). Default 3.</summary>
    [Range(1, 10, ErrorMessage = "Signals:Feeds:Retries must be between 1 and 10.")]
    public int Retries { get; set; } = 3;

    /// <summary>First retry delay; it doubles per retry, with jitter. Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "Signals:Feeds:RetryDelay must be between 0 and 5 min.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A Retry-After up to this is waited out in the request; a longer one ends the read and the feed's next check comes after it. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Signals:Feeds:MaxRetryAfterWait must be between 0 and 1 h.")]
    public TimeSpan MaxRetryAfterWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a host whose requests mostly fail is left alone (its circuit open). Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.5", "1.00:00:00", ErrorMessage = "Signals:Feeds:CircuitBreakDuration must be between 0.5 s and 1 day.")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest one read of a stream (Jetstream) stays connected before it hands its posts on. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00", ErrorMessage = "Signals:Feeds:StreamWindow must be between 100 ms and 10 min.")]
    public TimeSpan StreamWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most events one read of a stream takes; a full batch is followed at once by the next. Default 2000.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Signals:Feeds:StreamBatch must be between 1 and 1,000,000.")]
    public int StreamBatch { get; set; } = 2000;

    /// <summary>
    /// How long a worker holds a feed it is reading. Replicas on one PostgreSQL share the feeds through these leases; a
    /// crashed replica's feeds are taken over when its leases run out; a read stops paging before its lease ends. Default 10 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "Signals:Feeds:FeedLease must be between 10 s and 1 day.")]
    public TimeSpan FeedLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Most pages one read of a feed follows before it hands over to the next round (a backlog, or a source whose "more"
    /// never ends); a read also stops when the cursor does not move or a page brings nothing new. Default 100.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Signals:Feeds:MaxPagesPerRead must be between 1 and 10,000.")]
    public int MaxPagesPerRead { get; set; } = 100;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (RequestTimeout * 2 > FeedLease)
            yield return new ValidationResult("Signals:Feeds:FeedLease must be at least twice Signals:Feeds:RequestTimeout (a read must fit in its lease).", [nameof(FeedLease)]);
        if (AttemptTimeout > RequestTimeout)
            yield return new ValidationResult("Signals:Feeds:AttemptTimeout must not exceed Signals:Feeds:RequestTimeout.", [nameof(AttemptTimeout)]);
    }
}
