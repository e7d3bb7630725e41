namespace Signals.Matching;

/// <summary>
/// Names the adverse events a text describes (lay words → standard terms) and tells product
/// complaints apart. A phrase with a negation among the three words before it ("no headaches",
/// "pas de crampes", "without any nausea") does not count. Where phrases overlap, the longest wins:
/// "muscle pain" names myalgia, not also pain; "blood pressure" names hypertension, not also bleeding.
/// Hashtags are read as the words run together in them: "#nosleep" is "no sleep", "#hellohairloss" holds "hair loss".
/// Phrases are also found told of others, in stretched words and without their spaces (<see cref="EventVariants"/>), and a
/// negation reaches no further than its sentence (<see cref="SentenceStarts"/>).
/// </summary>
public sealed class EventMatcher
{
    private const int NegationWindow = 3;
    // How far a cue of trouble may stand from a weak phrase ("my sleep is terrible", "problems with my memory").
    private const int CueWindow = 4;
    // Inside a hashtag a phrase has no word boundaries: only phrases of six letters or more are looked for there, so
    // "#retired" is not "tired" and "#spain" not "pain".
    private const int HashtagPhraseMinimum = 6;
    private const int HashtagPhraseMaximum = 30;
    // One-word phrases this long also match with one typo ("nausious", "dizzyness", "halucinations"); shorter ones would
    // meet ordinary words ("sleepy" / "sleeps").
    private const int TypoMinimum = 6;
    private readonly PhraseMatcher<string> _events = new();
    private readonly PhraseMatcher<bool> _complaints = new();
    private readonly Dictionary<string, string[]> _joined = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _typoIndex = new(StringComparer.Ordinal); // deletion → one-word phrases
    private readonly Dictionary<string, string> _singles = new(StringComparer.Ordinal);        // one-word phrase → term
    private readonly HashSet<string> _words = new(StringComparer.Ordinal);                    // every word of every phrase
    private readonly IReadOnlySet<string> _notTypos;
    private readonly IReadOnlyList<string[]> _negations;
    private readonly IReadOnlySet<string> _weak;
    private readonly IReadOnlySet<string> _cues;

    public EventMatcher(EventLexicon lexicon)
    {
        _weak = lexicon.WeakPhrases;
        foreach (var (term, phrases) in lexicon.Events)
            foreach (var phrase in phrases)
            {
                foreach (var variant in EventVariants.Of(phrase)) _events.Add(variant, term);
                var words = TextNormalizer.Tokens(phrase);
                _words.UnionWith(words);
                var joined = string.Concat(words);
                if (joined.Length is >= HashtagPhraseMinimum and <= HashtagPhraseMaximum && !_weak.Contains(string.Join(' ', words)))
                    _joined[joined] = _joined.TryGetValue(joined, out var terms) ? (terms.Contains(term) ? terms : [.. terms, term]) : [term];
                if (words is [var single] && single.Length >= TypoMinimum && single.All(char.IsLetter) && !_weak.Contains(single) && _singles.TryAdd(single, term))
                    foreach (var deletion in Deletions(single).Append(single))
                        (_typoIndex.TryGetValue(deletion, out var list) ? list : _typoIndex[deletion] = []).Add(single);
            }
        foreach (var phrase in lexicon.Complaints) _complaints.Add(phrase, true);
        _negations = lexicon.Negations;
        _cues = lexicon.Cues;
        _notTypos = lexicon.NotTypos;
    }

    public IReadOnlyList<string> Match(string text) => Match(TextNormalizer.Tokens(text), text);

    /// <summary>The events named by <paramref name="tokens"/>; with the raw <paramref name="text"/>, also those run together in its hashtags.</summary>
    public IReadOnlyList<string> Match(IReadOnlyList<string> tokens, string? text = null)
    {
        if (text is not null && EventVariants.Unstretched(tokens, text, _words) is { } unstretched) tokens = unstretched;
        var sentences = text is null ? null : SentenceStarts.Of(text, tokens.Count);
        var matches = _events.FindAll(tokens).Where(m => !Negated(tokens, m.Start, sentences) && (!IsWeak(tokens, m.Start, m.Length) || HasCue(tokens, m.Start, m.Length))).ToList();
        var found = new List<string>();
        foreach (var (term, start, length) in matches)
        {
            if (found.Contains(term)) continue;
            var covered = matches.Any(o => o.Length > length && o.Start <= start && o.Start + o.Length >= start + length);
            if (!covered) found.Add(term);
        }
        foreach (var term in WithOneTypo(tokens, matches, sentences))
            if (!found.Contains(term)) found.Add(term);
        if (text is not null && text.Contains('#'))
            foreach (var term in InHashtags(text))
                if (!found.Contains(term)) found.Add(term);
        return found;
    }

    // A word no phrase covers and no dictionary holds (the lexicon's notTypos), written as a phrase without its spaces or one
    // typo from a one-word phrase, names that phrase's term unless negated: the misspellings no list holds. Only posts that name a product get here, so the few dictionary probes a long word costs are nothing.
    private IEnumerable<string> WithOneTypo(IReadOnlyList<string> tokens, List<(string Value, int Start, int Length)> matches, int[]? sentences)
    {
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            if (token.Length < TypoMinimum - 1 || _words.Contains(token) || _notTypos.Contains(token) || matches.Any(m => m.Start <= t && t < m.Start + m.Length) || Negated(tokens, t, sentences)) continue;
            // A phrase written as one word, as in a hashtag: "hairloss", "backache", "weightgain".
            if (_joined.TryGetValue(token, out var joined))
            {
                foreach (var term in joined) yield return term;
                continue;
            }
            foreach (var variant in Deletions(token).Append(token))
                if (_typoIndex.TryGetValue(variant, out var phrases))
                    foreach (var phrase in phrases)
                        // A misspelling keeps its first letter: "taking" is no "waking", "filled" no "killed".
                        if (phrase[0] == token[0] && OneTypo.Within(token, phrase)) yield return _singles[phrase];
        }
    }

    private static IEnumerable<string> Deletions(string word)
    {
        for (var i = 0; i < word.Length; i++) yield return string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1));
    }

    // Each phrase of six letters or more written without its spaces inside a hashtag: "#nosleep", "#hellohairloss",
    // "#headachefromhell". A hashtag is a label the author chose, so no negation is looked for around it.
    private IEnumerable<string> InHashtags(string text)
    {
        var lookup = _joined.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var at = text.IndexOf('#'); at >= 0; at = text.IndexOf('#', at + 1))
        {
            var end = at + 1;
            while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) end++;
            if (end - at - 1 < HashtagPhraseMinimum) continue;
            var tag = TextNormalizer.Fold(text[(at + 1)..end]).Replace("_", "");
            for (var i = 0; i + HashtagPhraseMinimum <= tag.Length; i++)
                for (var length = HashtagPhraseMinimum; length <= Math.Min(HashtagPhraseMaximum, tag.Length - i); length++)
                    if (lookup.TryGetValue(tag.AsSpan(i, length), out var terms))
                        foreach (var term in terms) yield return term;
        }
    }

    public bool IsComplaint(string text) => IsComplaint(TextNormalizer.Tokens(text));

    public bool IsComplaint(IReadOnlyList<string> tokens) => _complaints.FindAll(tokens).Any(m => !Negated(tokens, m.Start, null));

    private bool IsWeak(IReadOnlyList<string> tokens, int start, int length) =>
        _weak.Count > 0 && _weak.Contains(length == 1 ? tokens[start] : string.Join(' ', tokens.Skip(start).Take(length)));

    private bool HasCue(IReadOnlyList<string> tokens, int start, int length)
    {
        for (var i = Math.Max(0, start - CueWindow); i < Math.Min(tokens.Count, start + length + CueWindow); i++)
            if ((i < start || i >= start + length) && _cues.Contains(tokens[i])) return true;
        return false;
    }

    private bool Negated(IReadOnlyList<string> tokens, int start, int[]? sentences)
    {
        for (var i = Math.Max(sentences?[start] ?? 0, start - NegationWindow); i < start; i++)
            foreach (var negation in _negations)
                if (i + negation.Length <= start && Enumerable.Range(0, negation.Length).All(k => tokens[i + k] == negation[k])
                    && !(i + negation.Length < start && tokens[i + negation.Length] is "stop" or "help")) return true;
        return false;
    }
    // "can't stop yawning", "couldn't help crying": a negation of stopping is no negation of the event.
}
