namespace Signals.Matching;

/// <summary>
/// Names the adverse events a text describes (lay words → standard terms) and tells product
/// complaints apart. A phrase with a negation among the three words before it ("no headaches",
/// "pas de crampes", "without any nausea") does not count. Where phrases overlap, the longest wins:
/// "muscle pain" names myalgia, not also pain; "blood pressure" names hypertension, not also bleeding.
/// </summary>
public sealed class EventMatcher
{
    private const int NegationWindow = 3;
    // How far a cue of trouble may stand from a weak phrase ("my sleep is terrible", "problems with my memory").
    private const int CueWindow = 4;
    private readonly PhraseMatcher<string> _events = new();
    private readonly PhraseMatcher<bool> _complaints = new();
    private readonly IReadOnlyList<string[]> _negations;
    private readonly IReadOnlySet<string> _weak;
    private readonly IReadOnlySet<string> _cues;

    public EventMatcher(EventLexicon lexicon)
    {
        foreach (var (term, phrases) in lexicon.Events)
            foreach (var phrase in phrases) _events.Add(phrase, term);
        foreach (var phrase in lexicon.Complaints) _complaints.Add(phrase, true);
        _negations = lexicon.Negations;
        _weak = lexicon.WeakPhrases;
        _cues = lexicon.Cues;
    }

    public IReadOnlyList<string> Match(string text) => Match(TextNormalizer.Tokens(text));

    public IReadOnlyList<string> Match(IReadOnlyList<string> tokens)
    {
        var matches = _events.FindAll(tokens).Where(m => !Negated(tokens, m.Start) && (!IsWeak(tokens, m.Start, m.Length) || HasCue(tokens, m.Start, m.Length))).ToList();
        var found = new List<string>();
        foreach (var (term, start, length) in matches)
        {
            if (found.Contains(term)) continue;
            var covered = matches.Any(o => o.Length > length && o.Start <= start && o.Start + o.Length >= start + length);
            if (!covered) found.Add(term);
        }
        return found;
    }

    public bool IsComplaint(string text) => IsComplaint(TextNormalizer.Tokens(text));

    public bool IsComplaint(IReadOnlyList<string> tokens) => _complaints.FindAll(tokens).Any(m => !Negated(tokens, m.Start));

    private bool IsWeak(IReadOnlyList<string> tokens, int start, int length) =>
        _weak.Count > 0 && _weak.Contains(length == 1 ? tokens[start] : string.Join(' ', tokens.Skip(start).Take(length)));

    private bool HasCue(IReadOnlyList<string> tokens, int start, int length)
    {
        for (var i = Math.Max(0, start - CueWindow); i < Math.Min(tokens.Count, start + length + CueWindow); i++)
            if ((i < start || i >= start + length) && _cues.Contains(tokens[i])) return true;
        return false;
    }

    private bool Negated(IReadOnlyList<string> tokens, int start)
    {
        for (var i = Math.Max(0, start - NegationWindow); i < start; i++)
            foreach (var negation in _negations)
                if (i + negation.Length <= start && Enumerable.Range(0, negation.Length).All(k => tokens[i + k] == negation[k])) return true;
        return false;
    }
}
