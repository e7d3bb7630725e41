namespace Signals.Classification;

/// <summary>
/// What a post does besides naming a drug, read from its folded tokens (<see cref="Matching.TextNormalizer.Tokens"/>), English
/// and French: asks (and about what), denies side effects, tells of an improvement, reports an injection-site reaction,
/// or complains about the product itself. The adverse-event model learned from statements about drugs; these cues
/// carry the categories it never saw. The word lists are written for this project (see docs/classifier.md).
/// </summary>
public sealed partial record PostCues(bool Question, bool UsageTopic, bool Denial, bool Improvement, bool InjectionSiteReaction, bool Defect, bool FirstPerson,
    bool Experience = false, bool Cause = false, bool OpensAsQuestion = false)
{
    public static PostCues Read(string text, IReadOnlyList<string> tokens) => new(
        IsQuestion(text, tokens),
        Near(tokens, UsageWords, UsageWords, 0) || HasPhrase(tokens, UsagePhrases),
        IsDenial(tokens),
        IsImprovement(tokens),
        InjectionSite(tokens),
        Near(tokens, ProductParts, DefectWords, 5),
        tokens.Any(FirstPersonWords.Contains),
        ExperienceConstruction().IsMatch(Matching.TextNormalizer.Fold(text)),
        tokens.Any(CauseWords.Contains),
        tokens.Count > 0 && QuestionOpenings.Contains(tokens[0]));

    // "X gave me", "makes me", "since I started", "me donne", "me rend", "depuis que je prends": the writer tells what a drug
    // did to them. On the training tweets of SMM4H (not the held-out fifth) about half the posts with one are reports, as
    // many as among the model's own positives; in French, where the model knows little, it carries most reports.
    [System.Text.RegularExpressions.GeneratedRegex(
        @"\b(gave me|gives me|giving me|makes me|made me|making me|has me|had me|got me|since (i )?(started|starting|taking|switching)|since i('ve| have)? been on|since i went on|" +
        @"me donne|m'a donne|me donnait|me fait|m'a fait|me rend|m'a rendu|m'a laisse|depuis que (je|j'ai)|depuis le changement|depuis la nouvelle|depuis le nouveau|depuis la pilule|depuis l'|sous [a-z]+ j)")]
    private static partial System.Text.RegularExpressions.Regex ExperienceConstruction();

    /// <summary>A question mark anywhere, or a sentence opening as questions do (tweets often drop the mark).</summary>
    public static bool IsQuestion(string text, IReadOnlyList<string> tokens) =>
        text.Contains('?') || (tokens.Count > 1 && QuestionOpenings.Contains(tokens[0]) && QuestionSecond.Contains(tokens[1]));

    // "never had a single side effect", "zero side effects", "aucun effet secondaire", "pas d'effets indésirables".
    private static bool IsDenial(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!SideEffectWords.Contains(tokens[i])) continue;
            for (var j = Math.Max(0, i - 6); j < i; j++)
                if (DenialWords.Contains(tokens[j])) return true;
        }
        return HasPhrase(tokens, DenialPhrases);
    }

    // "my hair stopped falling out", "headaches finally went away", "mes cheveux ne tombent plus", "la fatigue a disparu".
    // A contrast ("but", "mais") may bring a complaint beside it ("cipro is evil but the fever is gone"): then the model decides.
    private static bool IsImprovement(IReadOnlyList<string> tokens) =>
        (tokens.Any(ImprovementWords.Contains) || HasPhrase(tokens, ImprovementPhrases)) && !tokens.Any(ContrastWords.Contains);

    // "injection site(s) bruised and sore", "point d'injection rouge", "a hot red lump where I injected".
    private static bool InjectionSite(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!InjectionWords.Contains(tokens[i])) continue;
            for (var j = Math.Max(0, i - 8); j < Math.Min(tokens.Count, i + 9); j++)
                if (ReactionWords.Contains(tokens[j]) && !(j > 0 && DenialWords.Contains(tokens[j - 1]))) return true;
        }
        return false;
    }

    private static bool Near(IReadOnlyList<string> tokens, HashSet<string> a, HashSet<string> b, int window)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!a.Contains(tokens[i])) continue;
            for (var j = Math.Max(0, i - window); j < Math.Min(tokens.Count, i + window + 1); j++)
                if (b.Contains(tokens[j])) return true;
        }
        return false;
    }

    private static bool HasPhrase(IReadOnlyList<string> tokens, string[][] phrases) => FindPhrase(tokens, phrases) >= 0;

    private static int FindPhrase(IReadOnlyList<string> tokens, string[][] phrases)
    {
        for (var i = 0; i < tokens.Count; i++)
            foreach (var phrase in phrases)
            {
                if (i + phrase.Length > tokens.Count) continue;
                var k = 0;
                while (k < phrase.Length && tokens[i + k] == phrase[k]) k++;
                if (k == phrase.Length) return i;
            }
        return -1;
    }

    private static HashSet<string> Words(string words) => new(words.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    private static string[][] Phrases(params string[] phrases) => phrases.Select(p => p.Split(' ')).ToArray();

    private static readonly HashSet<string> QuestionOpenings = Words("how can should is does do what when where anyone will why are comment peut peux faut est quand combien pourquoi quel quelle quels quelles");
    private static readonly HashSet<string> QuestionSecond = Words("i you do to it long many much often we one anyone know else on je tu il ce elle faire se");

    // How to take, store, inject, travel with or miss a dose: what a patient-support line answers.
    private static readonly HashSet<string> UsageWords = Words(
        "fridge refrigerate refrigerated refrigerator store stored storing storage room temperature travel plane inject injecting injection prime " +
        "forgot forget missed miss skip skipped split crush crushed dispose swallow shake rotate morning night empty food coffee " +
        "frigo refrigerateur conserver conserve temperature ambiante voyager avion injecter piquer injection amorcer oublie oubliee rate " +
        "couper ecraser jeter secouer jeun repas soir matin dejeuner heure rattrape reprendre vomi");
    private static readonly string[][] UsagePhrases = Phrases("how do i", "how to", "how long do i", "how long after", "how many days", "what time", "by mistake",
        "two doses", "with food", "still use", "par erreur", "deux fois", "comment utiliser", "combien de jours", "combien de temps", "combien de secondes", "encore utiliser");

    private static readonly HashSet<string> SideEffectWords = Words("side effect effects sideeffects problems problem issues issue effet effets secondaire secondaires indesirable indesirables souci soucis");
    private static readonly HashSet<string> DenialWords = Words("no never zero without none any single aucun aucune jamais pas sans moindre nothing rien");
    private static readonly string[][] DenialPhrases = Phrases("no problems", "no problem at all", "aucun souci", "no nausea", "pas de nausees");

    private static readonly HashSet<string> ImprovementWords = Words("disappeared vanished retrouve disparu disparues disparue disparus parties");
    private static readonly string[][] ImprovementPhrases = Phrases(
        "stopped falling", "stopped hurting", "went away", "gone away", "is gone", "are gone", "no longer", "much better", "way down", "energy again",
        "feel better", "feeling better", "so much better", "finally have", "ne tombent plus", "plus de bouffees", "plus aucune douleur", "beaucoup mieux",
        "dors mieux", "dors enfin", "enfin de", "sont parties");
    private static readonly HashSet<string> ContrastWords = Words("but however although though except now mais sauf cependant pourtant");

    private static readonly HashSet<string> InjectionWords = Words("injection injections injected inject site sites shot shots piqure piqures injections");
    private static readonly HashSet<string> ReactionWords = Words(
        "bruised bruise bruises bruising sore soreness red redness swollen swelling lump lumps itchy itching itch welt welts rash hives " +
        "burning burns hurts painful pain hot warm dent lipoatrophy hard knot " +
        "bleu bleus hematome hematomes rouge rouges rougeur plaque plaques gonfle gonflee gonflement douloureux douloureuse douleur boule boules " +
        "demange demangeaisons brulure chaude chaud");

    // The product itself gone wrong: device, packaging, quality.
    private static readonly HashSet<string> ProductParts = Words(
        "pen pens needle needles syringe syringes cap tablet tablets pills pill capsules box blister pack package packaging bottle seal label " +
        "inhaler autoinjector plunger dial cartridge sensor patch batch counter " +
        "stylo stylos aiguille seringue seringues capuchon comprime comprimes gelules boite plaquette emballage flacon bouchon etiquette " +
        "inhalateur auto injecteur piston molette capteur lot pompe compteur colis");
    private static readonly HashSet<string> DefectWords = Words(
        "jammed jam stuck broken broke crumbled crumble crumbling cracked bent leaking leaked leak defective faulty damaged torn empty missing wrong " +
        "misfired melted specks contaminated rattles rattle fell weird " +
        "bloque coince casse cassee casses cassees abime abimee abimes tordue tordu fuyait fuit fuite defectueux dechiree dechire vide manquait manque " +
        "manquante erreur effritent friables collees fendu fondu taches decolle declenche tiede");

    private static readonly HashSet<string> CauseWords = Words("since after gave makes made making depuis apres donne fait rend sous");

    private static readonly HashSet<string> FirstPersonWords = Words("i me my im ive mine myself je j me m moi mes mon ma");
}
