using System.Globalization;
using System.Text;

namespace Signals.Classification.Transformer;

/// <summary>
/// BERT's own uncased tokenization (the reference BasicTokenizer and WordpieceTokenizer of the original BERT code, which
/// MiniLM was pretrained with): control characters dropped, CJK ideographs and every punctuation character split off
/// (ASCII 33–47, 58–64, 91–96, 123–126 and Unicode P*: so "_", "$", "+", "&lt;", "|", "~" are tokens of their own), lower
/// case, accents stripped, then greedy longest-match word pieces; a word with a piece the vocabulary lacks (an emoji
/// glued to nothing, a rare symbol) becomes one [UNK]. Microsoft.ML.Tokenizers' BertTokenizer keeps "_" inside words and
/// drops symbols such as "$ + &lt; = &gt; ^ | ~ € ©" and emoji silently, so the model would see less than it was
/// trained to. tests/Signals.Tests/Classification/bert_reference_tokenizer.py is the same algorithm in Python, and a
/// test checks both give the same ids on tweets full of symbols, underscores and emoji.
/// </summary>
public sealed class WordPieceTokenizer
{
    private const int MaxCharsPerWord = 100;
    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public WordPieceTokenizer(IEnumerable<string> vocabularyLines)
    {
        _vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        var id = 0;
        foreach (var line in vocabularyLines) _vocab.TryAdd(line.TrimEnd('\r'), id++);
        _lookup = _vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        Unknown = _vocab["[UNK]"];
        Classifier = _vocab["[CLS]"];
        Separator = _vocab["[SEP]"];
    }

    public int Unknown { get; }
    public int Classifier { get; }
    public int Separator { get; }

    /// <summary>[CLS] pieces [SEP], cut to <paramref name="maxTokens"/> (the last kept piece is replaced by [SEP]).</summary>
    public int[] Encode(string text, int maxTokens)
    {
        var ids = new List<int>(Math.Min(maxTokens, 64)) { Classifier };
        foreach (var word in BasicTokens(text))
        {
            Pieces(word, ids);
            if (ids.Count >= maxTokens) break;
        }
        if (ids.Count >= maxTokens) ids.RemoveRange(maxTokens - 1, ids.Count - (maxTokens - 1));
        ids.Add(Separator);
        return [.. ids];
    }

    /// <summary>The words of BERT's BasicTokenizer (do_lower_case, accents stripped, CJK and punctuation split).</summary>
    public static List<string> BasicTokens(string text)
    {
        var cleaned = new StringBuilder(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            var cp = rune.Value;
            if (cp == 0 || cp == 0xFFFD || IsControl(rune)) continue;
            if (IsWhitespace(rune)) cleaned.Append(' ');
            else if (IsCjk(cp)) cleaned.Append(' ').Append(rune.ToString()).Append(' ');
            else cleaned.Append(rune.ToString());
        }
        var words = new List<string>();
        // No NFC first (the reference composes before decomposing): accents are stripped after decomposition either way.
        foreach (var raw in cleaned.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var folded = new StringBuilder(raw.Length);
            foreach (var rune in raw.ToLowerInvariant().EnumerateRunes()) StripAccents(rune, folded);
            var current = new StringBuilder();
            foreach (var rune in folded.ToString().EnumerateRunes())
            {
                if (IsPunctuation(rune))
                {
                    if (current.Length > 0) words.Add(current.ToString());
                    current.Clear();
                    words.Add(rune.ToString());
                }
                else current.Append(rune.ToString());
            }
            if (current.Length > 0) words.Add(current.ToString());
        }
        return words;
    }

    /// <summary>NFD without non-spacing marks, from accent-fold.txt (scripts/build-accent-table.py): the process runs with
    /// invariant globalization, where string.Normalize does not decompose. Hangul syllables decompose by formula.</summary>
    private static void StripAccents(Rune rune, StringBuilder to)
    {
        var cp = rune.Value;
        if (cp < 0x80) { to.Append((char)cp); return; }
        if (cp is >= 0xAC00 and <= 0xD7A3)
        {
            var s = cp - 0xAC00;
            to.Append((char)(0x1100 + s / 588)).Append((char)(0x1161 + s % 588 / 28));
            if (s % 28 != 0) to.Append((char)(0x11A7 + s % 28));
            return;
        }
        if (AccentFold.Value.TryGetValue(cp, out var folded)) { to.Append(folded); return; }
        if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark) to.Append(rune.ToString());
    }

    private static readonly Lazy<Dictionary<int, string>> AccentFold = new(() =>
    {
        using var stream = typeof(WordPieceTokenizer).Assembly.GetManifestResourceStream("Classification/Transformer/accent-fold.txt")
                           ?? throw new InvalidDataException("The accent table Classification/Transformer/accent-fold.txt is not embedded");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<int, string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#')) continue;
            var tab = line.IndexOf('\t');
            var text = new StringBuilder();
            foreach (var hex in line[(tab + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                text.Append(new Rune(int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString());
            table[int.Parse(line.AsSpan(0, tab), NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = text.ToString();
        }
        return table;
    });

    private void Pieces(string word, List<int> ids)
    {
        var bounds = new List<int>(word.Length + 1);
        for (var i = 0; i < word.Length; i += char.IsSurrogatePair(word, i) ? 2 : 1) bounds.Add(i);
        bounds.Add(word.Length);
        if (bounds.Count - 1 > MaxCharsPerWord) { ids.Add(Unknown); return; }
        var pieces = new List<int>();
        var buffer = new char[word.Length + 2];
        var start = 0;
        while (start < bounds.Count - 1)
        {
            var found = -1;
            for (var end = bounds.Count - 1; end > start; end--)
            {
                var piece = word.AsSpan(bounds[start], bounds[end] - bounds[start]);
                ReadOnlySpan<char> key = piece;
                if (start > 0)
                {
                    "##".CopyTo(buffer);
                    piece.CopyTo(buffer.AsSpan(2));
                    key = buffer.AsSpan(0, piece.Length + 2);
                }
                if (_lookup.TryGetValue(key, out var id)) { found = id; start = end; break; }
            }
            if (found < 0) { ids.Add(Unknown); return; }
            pieces.Add(found);
        }
        ids.AddRange(pieces);
    }

    private static bool IsWhitespace(Rune r) =>
        r.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(r) == UnicodeCategory.SpaceSeparator;

    private static bool IsControl(Rune r)
    {
        if (r.Value is '\t' or '\n' or '\r') return false;
        return Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }

    private static bool IsPunctuation(Rune r)
    {
        var cp = r.Value;
        if (cp is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126) return true;
        return Rune.GetUnicodeCategory(r) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    private static bool IsCjk(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F
            or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;
}
