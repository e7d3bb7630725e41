namespace Signals.Classification.Translation;

/// <summary>
/// How many French posts a second Apertium may translate in the worker: a token bucket (one second of burst), like the
/// transformer's. Apertium reads 60–70 tweets a second on one core and a batch waits for it, so under a flood the posts past
/// the budget are scored untranslated, as before translation existed, and <see cref="Fallbacks"/> counts them (metric
/// signals_translation_fallback). Replays, <c>classify</c> and training use no budget: the same text always scores the same.
/// </summary>
public sealed class TranslationBudget(double postsPerSecond, TimeProvider time)
{
    private readonly Lock _gate = new();
    private double _tokens = postsPerSecond;
    private long _last = time.GetTimestamp();
    private long _translated, _fallbacks;

    public double PostsPerSecond { get; } = postsPerSecond;

    /// <summary>French posts translated so far.</summary>
    public long Translated => Interlocked.Read(ref _translated);

    /// <summary>French posts scored untranslated: past the budget, or in a batch Apertium failed.</summary>
    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    /// <summary>Called with the counts of each batch (for metrics): translated, untranslated.</summary>
    public event Action<int, int>? Spent;

    /// <summary>How many of <paramref name="wanted"/> posts may be translated now.</summary>
    public int Take(int wanted)
    {
        if (wanted <= 0) return 0;
        lock (_gate)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(PostsPerSecond, _tokens + time.GetElapsedTime(_last, now).TotalSeconds * PostsPerSecond);
            _last = now;
            var granted = (int)Math.Clamp(Math.Floor(_tokens), 0, wanted);
            _tokens -= granted;
            return granted;
        }
    }

    /// <summary>Counts a batch once it is scored: <paramref name="untranslated"/> includes the posts of a failed translation.</summary>
    public void Count(int translated, int untranslated)
    {
        Interlocked.Add(ref _translated, translated);
        Interlocked.Add(ref _fallbacks, untranslated);
        Spent?.Invoke(translated, untranslated);
    }
}
