namespace Signals.Matching;

/// <summary>
/// Names the adverse events a text describes (lay words → standard terms) and tells product
/// complaints apart. A phrase with a negation among the three words before it ("no headaches",
/// "pas de crampes", "without any nausea") does not count.
/// </summary>
public sealed class EventMatcher
{
    private const int NegationWindow = 3;
    private readonly PhraseMatcher<string> _events = new();
    private readonly PhraseMatcher<bool> _complaints = new();
    private readonly IReadOnlySet<string> _negations;

    public EventMatcher(EventLexicon lexicon)
    {
        foreach (var (term, phrases) in lexicon.Events)
            foreach (var phrase in phrases) _events.Add(phrase, term);
        foreach (var phrase in lexicon.Complaints) _complaints.Add(phrase, true);
        _negations = lexicon.Negations;
    }

    public IReadOnlyList<string> Match(string text) => Match(TextNormalizer.Tokens(text));

    public IReadOnlyList<string> Match(IReadOnlyList<string> tokens)
    {
        var found = new List<string>();
        foreach (var (term, start, _) in _events.FindAll(tokens))
            if (!found.Contains(term) && !Negated(tokens, start)) found.Add(term);
        return found;
    }

    public bool IsComplaint(string text) => IsComplaint(TextNormalizer.Tokens(text));

    public bool IsComplaint(IReadOnlyList<string> tokens) => _complaints.FindAll(tokens).Any(m => !Negated(tokens, m.Start));

    private bool Negated(IReadOnlyList<string> tokens, int start)
    {
        for (var i = Math.Max(0, start - NegationWindow); i < start; i++)
            if (_negations.Contains(tokens[i])) return true;
        return false;
    }
}
