namespace Signals.Matching;

/// <summary>
/// The tokens of one text as <see cref="TextNormalizer"/> folds them, held in a buffer that is reused from post to
/// post: the lexicon pre-filter looks every post of a firehose up by span, so the 98 % that name no product cost no
/// string at all. Not thread-safe: one per worker.
/// </summary>
public sealed class NormalizedText
{
    private char[] _chars = new char[1024];
    private int[] _starts = new int[128];
    private int[] _lengths = new int[128];

    public int Count { get; private set; }

    public ReadOnlySpan<char> this[int index] => _chars.AsSpan(_starts[index], _lengths[index]);

    /// <summary>
    /// Folds the text, then cuts it into tokens in place (a token is never longer than the text it came from):
    /// URLs and @mentions dropped, anything but letters and digits separates, letters repeated three times or more
    /// cut to two.
    /// </summary>
    public void Load(ReadOnlySpan<char> text)
    {
        var needed = TextNormalizer.MaxFoldedLength(text.Length);
        if (_chars.Length < needed) _chars = new char[Math.Max(needed, 2 * _chars.Length)];
        var chars = _chars.AsSpan();
        var length = TextNormalizer.Fold(text, chars);
        Count = 0;
        var w = 0;          // where the next kept character goes; never past i
        var start = 0;      // start of the token being written
        var skipping = false; // inside a URL or a mention
        for (var i = 0; i < length; i++)
        {
            var c = chars[i];
            if (char.IsWhiteSpace(c)) { Flush(); skipping = false; continue; }
            if (skipping) continue;
            if (w == start && (c == '@' || TextNormalizer.StartsUrl(chars[i..length]))) { skipping = true; continue; }
            if (char.IsLetterOrDigit(c))
            {
                if (w - start >= 2 && chars[w - 1] == c && chars[w - 2] == c) continue; // elongation
                chars[w++] = c;
            }
            else Flush();
        }
        Flush();

        void Flush()
        {
            if (w == start) return;
            if (Count == _starts.Length)
            {
                Array.Resize(ref _starts, 2 * Count);
                Array.Resize(ref _lengths, 2 * Count);
            }
            _starts[Count] = start;
            _lengths[Count++] = w - start;
            start = w;
        }
    }

    public List<string> ToList()
    {
        var tokens = new List<string>(Count);
        for (var i = 0; i < Count; i++) tokens.Add(this[i].ToString());
        return tokens;
    }
}
