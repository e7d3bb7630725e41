namespace Signals.Classification.Translation;

/// <summary>
/// How much of the worker's time may go to waiting for Apertium: a bucket of seconds that fills at <see cref="Share"/>
/// seconds a second (at most <see cref="WindowSeconds"/> seconds' worth: a longer burst of credit let a short flood spend most
/// of its time waiting for Apertium — the throughput benchmark ran at a sixth of its speed with a minute's worth). A batch waits for its translation, and a translation costs 1–3 s to start
/// Apertium whatever its size, so a budget in posts a second would still let a stream of small batches each pay that start;
/// a share of time bounds what the feeds lose, on any machine. A run may start while the bucket holds credit, takes every
/// French post of its batch (up to <see cref="MaxBatch"/>), and its duration is then taken out — so after a long run the next
/// batches are scored untranslated until the credit is back, and <see cref="Fallbacks"/> counts them (metric
/// signals_translation_fallback). Replays, <c>classify</c> and training use no budget: the same text always scores the same.
/// </summary>
public sealed class TranslationBudget(double share, TimeProvider time)
{
    public const int MaxBatch = 1000;
    public const double WindowSeconds = 20;
    private readonly Lock _gate = new();
    private double _credit = share * WindowSeconds;
    private long _last = time.GetTimestamp();
    private long _translated, _fallbacks;

    /// <summary>The share of time translation may take, 0 to 1.</summary>
    public double Share { get; } = share;

    public TimeProvider Time => time;

    /// <summary>French posts translated so far.</summary>
    public long Translated => Interlocked.Read(ref _translated);

    /// <summary>French posts scored untranslated: past the budget, or in a batch Apertium failed.</summary>
    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    /// <summary>Called with the counts of each batch (for metrics): translated, untranslated.</summary>
    public event Action<int, int>? Spent;

    /// <summary>How many of <paramref name="wanted"/> posts may be translated now: all of them (to <see cref="MaxBatch"/>) while there is credit, else none.</summary>
    public int Take(int wanted)
    {
        if (wanted <= 0 || Share <= 0) return 0;
        lock (_gate) return Refill() > 0 ? Math.Min(wanted, MaxBatch) : 0;
    }

    /// <summary>Takes a translation's duration out of the credit.</summary>
    public void Used(TimeSpan elapsed)
    {
        lock (_gate)
        {
            Refill();
            _credit -= elapsed.TotalSeconds;
        }
    }

    /// <summary>Counts a batch once it is scored: <paramref name="untranslated"/> includes the posts of a failed translation.</summary>
    public void Count(int translated, int untranslated)
    {
        Interlocked.Add(ref _translated, translated);
        Interlocked.Add(ref _fallbacks, untranslated);
        Spent?.Invoke(translated, untranslated);
    }

    private double Refill()
    {
        var now = time.GetTimestamp();
        _credit = Math.Min(Share * WindowSeconds, _credit + time.GetElapsedTime(_last, now).TotalSeconds * Share);
        _last = now;
        return _credit;
    }
}
