using System.Diagnostics;
using Signals.Classification;
using Signals.Classification.Translation;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>train</c>'s French-translation step (<see cref="TranslationTraining"/>): with Apertium installed, the weight of a French
/// post's translation is chosen on the training folds and written into the card, and smm4h-fr is reported by cross-validation
/// with and without translation; without Apertium the model is written without a weight (the worker then never translates).
/// </summary>
internal static class TrainTranslation
{
    public static TrainedModel Add(TrainedModel trained, TextWriter output)
    {
        const string apertium = "apertium";
        if (ApertiumProbe.WhyUnavailable(apertium) is { } reason)
        {
            output.WriteLine($"French translation: no weight written ({reason}); the worker will score French untranslated");
            return trained;
        }
        var samplesPath = SignalsPaths.Resolve("samples", OtherEvaluations.FrenchSet);
        var samples = File.Exists(samplesPath) ? LabelledFile.Read(samplesPath) : [];
        if (trained.CrossValidation?.Rows.Any(r => r.Corpus == TrainingCorpora.SmmFrench) != true && samples.Count == 0)
        {
            output.WriteLine("French translation: no French training rows (smm4h-fr, samples/french-labelled.tsv), so no weight written");
            return trained;
        }
        var started = Stopwatch.GetTimestamp();
        var translator = new ApertiumTranslator(apertium, TimeSpan.FromMinutes(20)); // a whole fold of long forum posts at once
        TrainedModel chosen;
        try { chosen = TranslationTraining.Choose(trained, translator, samples, PackageVersions()); }
        catch (TranslationFailedException ex) // the model trained for minutes is still written, without a weight
        {
            output.WriteLine($"French translation: no weight written, Apertium failed ({ex.Message}); the worker will score French untranslated");
            return trained;
        }
        var card = chosen.Card.Translation!;
        output.WriteLine($"French translation ({card.Engine}; {string.Join(", ", card.Packages.Select(p => $"{p.Key} {p.Value}"))}), " +
                         $"chosen on training rows in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s: weight {card.Weight:0.0} on the English score, threshold {card.Threshold:0.00}");
        foreach (var metrics in card.CrossValidated) output.WriteLine($"  {metrics}");
        return chosen;
    }

    /// <summary>The installed Debian packages of the translation, for the card: what a rebuilt image must pin to score alike.</summary>
    public static IReadOnlyDictionary<string, string> PackageVersions()
    {
        string[] packages = ["apertium", "apertium-fra-cat", "apertium-eng-cat"];
        try
        {
            var start = new ProcessStartInfo("dpkg-query", ["-W", "-f", "${Package} ${Version}\\n", .. packages]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            process.WaitForExit();
            return lines.Select(l => l.Split(' ', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return packages.ToDictionary(p => p, _ => "unknown (no dpkg-query)");
        }
    }
}
