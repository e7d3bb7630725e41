using System.IO.Compression;
using Microsoft.Extensions.Logging;
using Signals.Classification;

namespace Signals.Tests.Classification;

/// <summary>The worker swaps in a new model file while running, and keeps the old one when the new file does not load.</summary>
public sealed class HotSwapTests
{
    private static string ShippedModel => Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip");

    [Test]
    public void A_valid_new_model_changes_the_version_and_a_corrupt_file_keeps_the_old_model()
    {
        var dir = TestPaths.TempDirectory();
        var path = Path.Combine(dir, "adverse-event.zip");
        File.Copy(ShippedModel, path);
        var log = new ListLogger();
        var classifier = new AdverseEventClassifier(path, log);
        var original = classifier.ModelVersion;
        Assert.That(classifier.ReloadIfChanged(), Is.False, "an unchanged file is not loaded again");

        // A retrained model: the same weights with a card dated a day later is a different file, hence a new version.
        var retrained = Path.Combine(dir, "retrained.zip");
        File.Copy(ShippedModel, retrained);
        RewriteCard(retrained, card => card with { Trained = card.Trained.AddDays(1) });
        File.Move(retrained, path, overwrite: true);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        Assert.That(classifier.ReloadIfChanged(), Is.True);
        var swapped = classifier.ModelVersion;
        Assert.That(swapped, Is.Not.EqualTo(original));
        Assert.That(classifier.Classify(["so dizzy since starting Zoloft"]).ModelVersion, Is.EqualTo(swapped), "scores carry the version that made them");

        File.WriteAllText(path, "half a zip");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(2));
        Assert.That(classifier.ReloadIfChanged(), Is.False);
        Assert.That(classifier.ModelVersion, Is.EqualTo(swapped), "the old model stays in use");
        Assert.That(classifier.Score(["terrible headaches since the switch"]), Has.Count.EqualTo(1));
        Assert.That(log.Errors, Has.Some.Contains(path), "the failed reload names the file");
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void Scoring_goes_on_from_several_threads_while_models_are_swapped()
    {
        var dir = TestPaths.TempDirectory();
        var path = Path.Combine(dir, "adverse-event.zip");
        File.Copy(ShippedModel, path);
        var classifier = new AdverseEventClassifier(path);
        var expected = classifier.Score(["my hair is falling out", "refill day"]);
        var scoring = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 20).Select(_ => classifier.Score(["my hair is falling out", "refill day"])).ToList())).ToArray();
        for (var i = 1; i <= 3; i++)
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(i)); // same content: every reload swaps an equal model
            classifier.ReloadIfChanged();
        }
        Assert.That(Task.WhenAll(scoring).Result.SelectMany(r => r), Has.All.EqualTo(expected));
        Directory.Delete(dir, recursive: true);
    }

    private static void RewriteCard(string modelPath, Func<ModelCard, ModelCard> change)
    {
        using var zip = ZipFile.Open(modelPath, ZipArchiveMode.Update);
        var entry = zip.GetEntry(AdverseEventModel.CardEntry)!;
        ModelCard card;
        using (var stream = entry.Open()) card = ModelCard.Read(stream);
        entry.Delete();
        using var output = zip.CreateEntry(AdverseEventModel.CardEntry).Open();
        change(card).Write(output);
    }

    private sealed class ListLogger : ILogger<AdverseEventClassifier>
    {
        public List<string> Errors { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error) lock (Errors) Errors.Add(formatter(state, exception));
        }
    }
}
