using System.Text.Json;
using System.Text.RegularExpressions;

namespace Signals.Classification;

/// <summary>
/// Labelled material that no training step sees, measured at the model's own threshold: CADEC patient posts
/// (askapatient.com, 12 other drugs: out of the training domain) and the small hand-made French set.
/// </summary>
public static partial class OtherEvaluations
{
    public const string FrenchSet = "french-labelled.tsv";

    public static IReadOnlyList<ModelMetrics> Measure(AdverseEventModel model, string dataDir)
    {
        var results = new List<ModelMetrics>();
        var cadec = Path.Combine(dataDir, "cadec", "cadec-posts.jsonl");
        if (File.Exists(cadec))
        {
            var posts = CadecPosts(cadec);
            results.Add(ModelMetrics.Evaluate(model, "cadec posts (patient text, other drugs; positive = an ADR span; 89% positive)", posts.Select(p => p.Post).ToList()));
            results.Add(ModelMetrics.Evaluate(model, "cadec sentences (positive = holds an annotated ADR span)", posts.SelectMany(p => p.Sentences).ToList()));
        }
        var french = SignalsPaths.Resolve("samples", FrenchSet);
        if (File.Exists(french))
            results.Add(ModelMetrics.Evaluate(model, "french posts (samples/french-labelled.tsv: small, hand-written for this project)", LabelledFile.Read(french)));
        return results;
    }

    /// <summary>
    /// CADEC posts, each whole and split into sentences. Annotators marked nearly every post, so a post-level
    /// score says little about precision; a sentence with an ADR span is positive, one without is negative
    /// (a lenient reading: annotators mark spans, not sentences, and some ADR-free sentences describe the drug's effect).
    /// </summary>
    public static IReadOnlyList<(LabelledSentence Post, IReadOnlyList<LabelledSentence> Sentences)> CadecPosts(string path)
    {
        var posts = new List<(LabelledSentence, IReadOnlyList<LabelledSentence>)>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var id = root.GetProperty("post").GetString() ?? "";
            var text = root.GetProperty("text").GetString() ?? "";
            var spans = root.GetProperty("entities").EnumerateArray()
                .Where(e => e.GetProperty("type").GetString() == "ADR")
                .Select(e => e.GetProperty("text").GetString() ?? "").Where(s => s.Length > 0).ToList();
            var sentences = SentenceBreak().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0)
                .Select(s => new LabelledSentence("cadec", id, s, spans.Any(a => s.Contains(a, StringComparison.OrdinalIgnoreCase)))).ToList();
            posts.Add((new LabelledSentence("cadec", id, text, root.GetProperty("hasAdr").GetBoolean()), sentences));
        }
        return posts;
    }

    [GeneratedRegex(@"(?<=[.!?])\s+|\n+")]
    private static partial Regex SentenceBreak();
}
