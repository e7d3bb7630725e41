using System.Numerics;
using Signals.Matching;

namespace Signals.Classification.Linear;

/// <summary>
/// The adverse-event model's n-gram features, hashed: word 1-2-grams and character 1-5-grams of the folded text, word
/// 1-3-grams of the masked text (DRUG/EVENT/FINDING), each view L2-normalised, then the dense lexicon features. Hashing
/// instead of a dictionary is what keeps the model small: the ML.NET dictionary of 1.5 million n-gram names took 17 MB of
/// the old 26 MB zip and most of its load time. A signed hash (half the n-grams count −1) keeps collisions from adding up
/// to a bias; at 2^20 buckets the held-out F1 moved less than the threshold noise (docs/classifier.md).
/// </summary>
public static class NgramHasher
{
    public const int DefaultBits = 20;
    private const uint WordSeed = 0x9E3779B1, CharSeed = 0x85EBCA77, MaskedSeed = 0xC2B2AE3D;

    /// <summary>The features' length for <paramref name="bits"/>: the hashed buckets, then the lexicon features.</summary>
    public static int Dimension(int bits) => (1 << bits) + AdverseEventFeaturizer.Size;

    /// <summary>Adds the features of <paramref name="input"/> to <paramref name="features"/> (emptied first).</summary>
    public static void Features(AdverseEventInput input, int bits, SparseFeatures features)
    {
        features.Clear();
        var mask = (1u << bits) - 1;
        var folded = Folded(input.Text);
        AddWords(folded, 2, WordSeed, mask, features);
        AddChars(folded, CharSeed, mask, features);
        features.NormalizeSince(0);
        var start = features.Count;
        AddWords(input.Masked, 3, MaskedSeed, mask, features);
        features.NormalizeSince(start);
        var lexicon = 1 << bits;
        for (var i = 0; i < input.Lexicon.Length; i++)
            if (input.Lexicon[i] != 0) features.Add(lexicon + i, input.Lexicon[i]);
    }

    /// <summary>
    /// Lower case, no diacritics, letters only: digits and apostrophes dropped ("don't" → "dont", as the lexicon spells it),
    /// any other character a word break. One space between words and at both ends, so character n-grams see word edges.
    /// </summary>
    internal static string Folded(string text)
    {
        var buffer = new char[TextNormalizer.MaxFoldedLength(text.Length)];
        var n = TextNormalizer.Fold(text, buffer);
        var output = new char[n + 2];
        var w = 0;
        output[w++] = ' ';
        for (var i = 0; i < n; i++)
        {
            var c = buffer[i];
            if (char.IsLetter(c)) output[w++] = c;
            else if (c is '\'' || char.IsDigit(c)) continue;
            else if (output[w - 1] != ' ') output[w++] = ' ';
        }
        if (output[w - 1] != ' ') output[w++] = ' ';
        return new string(output, 0, w);
    }

    private static void AddWords(string text, int maxN, uint seed, uint mask, SparseFeatures features)
    {
        Span<uint> recent = stackalloc uint[maxN]; // the hashes of the last words, newest first
        var seen = 0;
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            while (i < span.Length && span[i] == ' ') i++;
            var start = i;
            while (i < span.Length && span[i] != ' ') i++;
            if (i == start) break;
            var word = Hash(span[start..i], seed);
            for (var k = maxN - 1; k > 0; k--) recent[k] = recent[k - 1];
            recent[0] = word;
            seen++;
            var h = seed;
            for (var n = 0; n < Math.Min(seen, maxN); n++)
            {
                h = Mix(h ^ recent[n]) + (uint)n;
                Add(h, mask, features);
            }
        }
    }

    private static void AddChars(string text, uint seed, uint mask, SparseFeatures features)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var h = seed;
            for (var n = 0; n < 5 && i + n < text.Length; n++)
            {
                h = Mix(h ^ text[i + n]);
                if (n == 0 && text[i] == ' ') continue; // a lone space says nothing
                Add(h, mask, features);
            }
        }
    }

    private static void Add(uint hash, uint mask, SparseFeatures features)
    {
        var final = Finish(hash);
        features.Add((int)(final & mask), (final & 0x80000000) == 0 ? 1 : -1);
    }

    private static uint Hash(ReadOnlySpan<char> word, uint seed)
    {
        var h = seed;
        foreach (var c in word) h = Mix(h ^ c);
        return h;
    }

    private static uint Mix(uint h) => BitOperations.RotateLeft(h * 0xCC9E2D51, 15) * 0x1B873593;

    // murmur3's finaliser: every input bit reaches the bucket bits and the sign bit.
    private static uint Finish(uint h)
    {
        h ^= h >> 16; h *= 0x85EBCA6B; h ^= h >> 13; h *= 0xC2B2AE35; h ^= h >> 16;
        return h;
    }
}
