namespace Signals.Alerts;

/// <summary>
/// One alert episode for a product (and optionally one event). It is written to the store
/// first (the outbox) and e-mailed afterwards; <see cref="Key"/> makes creation idempotent,
/// so a rerun of the same days never opens the same episode twice.
/// </summary>
public sealed record Alert(
    long Id,
    string Key,
    string Product,
    string? Event,
    DateOnly FirstDay,
    DateOnly LastDay,
    int Observed,
    double Expected,
    double Threshold,
    AlertStatus Status,
    int Attempts,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt)
{
    /// <summary>The detector's score on the episode's most striking day: −log10 of its tail probability.</summary>
    public double Score { get; init; }

    /// <summary>The observed count the last e-mail of this alert reported (0: not e-mailed yet).</summary>
    public int NotifiedObserved { get; init; }

    /// <summary>When delivery first failed since the last success (null: no failure outstanding).</summary>
    public DateTimeOffset? FailingSince { get; init; }

    /// <summary>The earliest next delivery attempt after a failure (back-off).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When delivery was given up (Signals:Email:RetryFor had passed): the alert waits for an operator.</summary>
    public DateTimeOffset? GaveUpAt { get; init; }

    /// <summary>
    /// The day the episode was judged over: the first day after <c>EpisodeQuietDays</c> days without an alarm since
    /// <see cref="LastDay"/>, its counts back within the baseline. Null while the episode is open.
    /// </summary>
    public DateOnly? ClosedOn { get; init; }
}

public enum AlertStatus
{
    Pending = 0,
    Sent = 1,
    /// <summary>A product–event alert raised while the product's own alert episode was open: its evidence, not an e-mail of its own.</summary>
    Covered = 2,
}
