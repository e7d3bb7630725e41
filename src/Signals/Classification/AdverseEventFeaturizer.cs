using Signals.Matching;

namespace Signals.Classification;

/// <summary>
/// Domain knowledge for the adverse-event model, computed in C# before ML.NET sees a text. A report is a
/// drug, an event and a link between them ("rifampicin-induced hepatitis", "since starting Zoloft I can't
/// sleep"): word n-grams over the masked text ("DRUG induced FINDING") learn those links once for every
/// drug and event, where raw n-grams would need each pair in the training data. The dense features say
/// the same in counts, in English and French, so French posts get the cues the model learned in English.
/// </summary>
public sealed class AdverseEventFeaturizer(ClinicalLexicon lexicon)
{
    public const int Size = 19;

    public static readonly IReadOnlyList<string> Names =
    [
        "drug", "event", "finding", "negated event", "causal cue", "drug+event", "event+cue", "drug+cue",
        "first person", "negation", "effective", "withdrawal", "question", "length", "time cue", "side effect words",
        "domain: review", "domain: case report", "domain: social",
    ];

    public AdverseEventFeaturizer() : this(new ClinicalLexicon()) { }

    /// <param name="domain">
    /// The kind of writing (<see cref="PostDomain"/>): one indicator each, so a tweet's base rate and wording are not a case
    /// report's; the worker scores social posts.
    /// </param>
    public AdverseEventInput Input(string text, bool label = false, string domain = PostDomain.Social)
    {
        var tokens = TextNormalizer.Tokens(text);
        var masked = tokens.ToArray();
        int events = 0, negated = 0, drugs = 0, findings = 0;
        foreach (var (start, length) in lexicon.Events(tokens))
        {
            if (Array.IndexOf(masked, "EVENT", start, length) >= 0) continue; // inside a longer phrase already counted
            if (IsNegated(tokens, start)) negated++; else events++;
            for (var i = start; i < start + length; i++) masked[i] = "EVENT";
        }
        for (var i = 0; i < masked.Length; i++)
        {
            if (masked[i] == "EVENT") continue;
            if (lexicon.IsDrug(tokens[i])) { masked[i] = "DRUG"; drugs++; }
            else if (ClinicalLexicon.IsClinical(tokens[i])) { masked[i] = "FINDING"; findings++; }
        }
        // "No side effects so far", "aucun effet indésirable": side-effect words after a negation deny a report.
        int sideEffects = 0;
        for (var i = 0; i < tokens.Count; i++)
            if (SideEffectWords.Contains(tokens[i]))
            {
                if (IsNegated(tokens, i)) { negated++; masked[i] = "NONE"; } else sideEffects++;
            }
        var cues = Count(tokens, CausalCues);
        var features = new float[Size];
        features[0] = Scale(drugs);
        features[1] = Scale(events);
        features[2] = Scale(findings);
        features[3] = Scale(negated);
        features[4] = Scale(cues);
        features[5] = drugs > 0 && events + findings > 0 ? 1 : 0;
        features[6] = cues > 0 && events + findings > 0 ? 1 : 0;
        features[7] = cues > 0 && drugs > 0 ? 1 : 0;
        features[8] = Scale(Count(tokens, FirstPerson));
        features[9] = Scale(Count(tokens, Negations));
        features[10] = Scale(Count(tokens, Effective));
        features[11] = Scale(Count(tokens, Withdrawal));
        features[12] = text.Contains('?') ? 1 : 0;
        features[13] = Math.Min(tokens.Count, 60) / 60f;
        features[14] = Scale(Count(tokens, TimeCues));
        features[15] = Scale(sideEffects);
        features[16] = domain == PostDomain.Review ? 1 : 0;
        features[17] = domain == PostDomain.CaseReport ? 1 : 0;
        features[18] = domain == PostDomain.Social ? 1 : 0;
        return new AdverseEventInput { Text = text, Masked = string.Join(' ', masked), Lexicon = features, Label = label };
    }

    // 0, 1, 2, 3+ → 0, 0.5, 0.75, 1: presence matters most, a long list of symptoms a little more.
    private static float Scale(int count) => count == 0 ? 0 : 1f - 1f / (1 << Math.Min(count, 3)) + (count >= 3 ? 0.125f : 0);

    private static bool IsNegated(IReadOnlyList<string> tokens, int start)
    {
        for (var i = Math.Max(0, start - 3); i < start; i++)
            if (Negations.Contains(tokens[i])) return true;
        return false;
    }

    private static int Count(List<string> tokens, HashSet<string> words)
    {
        var n = 0;
        foreach (var t in tokens) if (words.Contains(t)) n++;
        return n;
    }

    private static HashSet<string> Words(string words) => new(words.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    // How case reports and patients tie an event to a drug; French: "depuis", "à cause", "provoqué", "donne".
    private static readonly HashSet<string> CausalCues = Words(
        "induced associated caused causing causes cause due secondary attributed attributable related following after since developed develop " +
        "developing experienced suffered gave given makes made giving triggered resulted result toxicity adverse reaction onset " +
        "depuis cause provoque provoquee provoquees donne donnait apres suite");

    private static readonly HashSet<string> FirstPerson = Words("i me my im ive mine myself je j me m moi mes mon ma");

    private static readonly HashSet<string> Negations = Words("no not never without none nor any dont didnt doesnt havent cant t pas sans aucun aucune jamais ni plus");

    // Sentences about the drug working are the commonest negatives in reviews.
    private static readonly HashSet<string> Effective = Words("helped helps help works worked working effective better great amazing wonderful improved life saver recommend marche fonctionne mieux");

    private static readonly HashSet<string> Withdrawal = Words("withdrawal withdrawals zaps stopped stopping quit quitting tapering taper wean weaning coming sevrage arret arrete");

    private static readonly HashSet<string> TimeCues = Words("days weeks months week day month hours later within started starting began taking jours semaines mois commence");

    private static readonly HashSet<string> SideEffectWords = Words("effect effects sideeffects adverse effet effets secondaires secondaire indesirables indesirable symptoms symptom");
}
