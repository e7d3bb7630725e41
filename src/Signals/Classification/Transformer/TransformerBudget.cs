namespace Signals.Classification.Transformer;

/// <summary>
/// How many posts a second the transformer may score in the worker: a token bucket (one second of burst). MiniLM costs
/// about 1.5 CPU-ms a post where the n-gram model costs 0.17 (`classifier-speed`), so under a flood the posts past the budget keep
/// their n-gram score instead of the worker falling behind the feeds; <see cref="Fallbacks"/> counts them (metric
/// signals_transformer_fallback). Training and <c>evaluate</c> use no budget: they measure the model, not the machine.
/// </summary>
public sealed class TransformerBudget(double postsPerSecond, TimeProvider time)
{
    private readonly Lock _gate = new();
    private double _tokens = postsPerSecond;
    private long _last = time.GetTimestamp();
    private long _scored, _fallbacks;

    public double PostsPerSecond { get; } = postsPerSecond;

    /// <summary>Posts scored by the transformer so far.</summary>
    public long Scored => Interlocked.Read(ref _scored);

    /// <summary>Posts that needed the transformer but kept the n-gram score because the budget was spent.</summary>
    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    /// <summary>Called with the counts of each batch (for metrics).</summary>
    public event Action<int, int>? Spent;

    /// <summary>How many of <paramref name="wanted"/> posts the transformer may score now.</summary>
    public int Take(int wanted)
    {
        if (wanted <= 0) return 0;
        int granted;
        lock (_gate)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(PostsPerSecond, _tokens + time.GetElapsedTime(_last, now).TotalSeconds * PostsPerSecond);
            _last = now;
            granted = (int)Math.Clamp(Math.Floor(_tokens), 0, wanted);
            _tokens -= granted;
        }
        Interlocked.Add(ref _scored, granted);
        Interlocked.Add(ref _fallbacks, wanted - granted);
        Spent?.Invoke(granted, wanted - granted);
        return granted;
    }
}
