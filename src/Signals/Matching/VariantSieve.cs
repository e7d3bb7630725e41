namespace Signals.Matching;

/// <summary>
/// One bit per polynomial hash of every word in the one-typo index. Nearly every token of a post, and every deletion
/// of it, is in no name; the sieve says so from hashes that <see cref="DeletionHashes"/> computes for all deletions of
/// a token in one pass, without building each deletion and hashing it again for a dictionary probe. A set bit only
/// means "maybe": the dictionary decides. About 1 bit set in 16, whatever the size of the list.
/// </summary>
internal sealed class VariantSieve
{
    private const ulong Base = 0x100000001B3; // odd, so powers never vanish modulo 2^64
    private readonly ulong[] _bits;
    private readonly int _shift;

    public VariantSieve(IReadOnlyCollection<string> variants)
    {
        var log2 = Math.Max(12, (int)Math.Ceiling(Math.Log2(Math.Max(1, variants.Count) * 16.0)));
        _bits = new ulong[(1 << log2) / 64];
        _shift = 64 - log2;
        foreach (var variant in variants) Set(Hash(variant));
    }

    public static ulong Hash(ReadOnlySpan<char> word)
    {
        ulong h = 0;
        foreach (var c in word) h = h * Base + c;
        return h;
    }

    /// <summary>
    /// The hash of <paramref name="word"/> without its letter i, for every i, into <paramref name="hashes"/>, from prefix
    /// and suffix hashes: h(w without i) = h(w[..i]) · Base^(n−1−i) + h(w[(i+1)..]).
    /// </summary>
    public static void DeletionHashes(ReadOnlySpan<char> word, Span<ulong> hashes)
    {
        var n = word.Length;
        Span<ulong> suffix = stackalloc ulong[n + 1];
        Span<ulong> power = stackalloc ulong[n + 1];
        suffix[n] = 0;
        power[0] = 1;
        for (var k = n - 1; k >= 0; k--)
        {
            suffix[k] = word[k] * power[n - 1 - k] + suffix[k + 1];
            power[n - k] = power[n - 1 - k] * Base;
        }
        ulong prefix = 0;
        for (var i = 0; i < n; i++)
        {
            hashes[i] = prefix * power[n - 1 - i] + suffix[i + 1];
            prefix = prefix * Base + word[i];
        }
    }

    public bool MayContain(ulong hash)
    {
        var bit = (hash * 0x9E3779B97F4A7C15) >> _shift; // Fibonacci hashing spreads the polynomial's low-entropy high bits
        return (_bits[bit >> 6] & (1UL << (int)(bit & 63))) != 0;
    }

    private void Set(ulong hash)
    {
        var bit = (hash * 0x9E3779B97F4A7C15) >> _shift;
        _bits[bit >> 6] |= 1UL << (int)(bit & 63);
    }
}
