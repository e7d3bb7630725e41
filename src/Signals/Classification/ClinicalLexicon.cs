using System.Reflection;
using Signals.Matching;

namespace Signals.Classification;

/// <summary>
/// The word lists the adverse-event model reads, compiled into the library (Lexicon/*.txt, built by
/// scripts/build-classifier-lexicon.py) so that a model and the lists it learned with ship together:
/// editing config/events.json for matching cannot shift what a trained model sees.
/// </summary>
public sealed class ClinicalLexicon
{
    private readonly PhraseMatcher<bool> _events = new();
    private readonly HashSet<string> _drugs;

    public ClinicalLexicon()
    {
        foreach (var phrase in Read("events.txt")) _events.Add(phrase, true);
        _drugs = Read("drugs.txt").ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every lay or clinical event phrase in the tokens: first token and length.</summary>
    public IEnumerable<(int Start, int Length)> Events(IReadOnlyList<string> tokens) =>
        _events.FindAll(tokens).Select(m => (m.Start, m.Length));

    /// <summary>
    /// A drug: a listed active substance or brand (French or English spelling: a final "e" is ignored), or a
    /// word with an INN stem ending, which names drugs that no list holds (the WHO stems are designed for that).
    /// </summary>
    public bool IsDrug(string token) =>
        token.Length >= 5 && (_drugs.Contains(token.EndsWith('e') ? token[..^1] : token) || DrugStems.Any(token.EndsWith));

    /// <summary>
    /// A clinical finding by its word shape: case reports name adverse effects with Greek and Latin
    /// suffixes and prefixes (hepatitis, neutropenia, hyponatremia, nephropathy), which lay lists lack.
    /// </summary>
    public static bool IsClinical(string token) =>
        token.Length >= 6 && (ClinicalSuffixes.Any(token.EndsWith) || ClinicalWords.Contains(token) ||
                              (token.Length >= 8 && (token.StartsWith("hypo", StringComparison.Ordinal) || token.StartsWith("hyper", StringComparison.Ordinal))));

    // WHO INN stems (-mab antibodies, -pril ACE inhibitors, -olol beta blockers, ...), the common ones.
    private static readonly string[] DrugStems =
    [
        "mab", "nib", "pril", "sartan", "olol", "statin", "azole", "cillin", "mycin", "micin", "cycline", "floxacin", "vir",
        "prazole", "tidine", "dipine", "parin", "platin", "taxel", "rubicin", "afil", "triptan", "barbital", "azepam", "azolam",
        "azepine", "oxetine", "triptyline", "peridol", "apine", "idone", "profen", "fenac", "coxib", "semide", "thiazide",
        "gliptin", "glutide", "gliflozin", "sone", "olone", "tretin", "dronate", "setron", "zodone", "lukast", "trexate",
    ];

    private static readonly string[] ClinicalSuffixes =
    [
        "itis", "osis", "emia", "aemia", "penia", "pathy", "algia", "plasia", "trophy", "rrhea", "rrhoea", "rrhage", "uria", "plegia",
        "cytosis", "toxicity", "oma", "omas", "edema", "oedema", "ectasia", "spasm", "lysis", "paresis", "kinesia", "tonia", "cardia",
        "arrhythmia", "tension", "ataxia", "emesis", "pnea", "pnoea", "itides", "oses", "emias", "pathies",
    ];

    private static readonly HashSet<string> ClinicalWords = new(StringComparer.Ordinal)
    {
        "syndrome", "necrosis", "failure", "toxic", "toxicity", "reaction", "reactions", "fever", "seizure", "seizures", "rash", "lesion",
        "lesions", "injury", "damage", "dysfunction", "insufficiency", "infarction", "thrombosis", "embolism", "bleeding", "hemorrhage",
        "haemorrhage", "overdose", "intoxication", "poisoning", "eruption", "anaphylaxis", "delirium", "psychosis", "coma", "death",
        "arrest", "shock", "abnormalities", "abnormality", "elevated", "elevation", "prolongation", "impairment", "deficiency",
    };

    private static IEnumerable<string> Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Classification/Lexicon/{name}")
            ?? throw new InvalidOperationException($"The classifier word list {name} is not compiled into the library");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            if (line.Length > 0) lines.Add(line);
        return lines;
    }
}
