using System.IO.Compression;
using Signals.Classification;
using Signals.Classification.Linear;

namespace Signals.Tests.Classification;

/// <summary>The lean model: hashed n-grams and a linear scorer of our own over ML.NET's trained weights.</summary>
public sealed class LinearModelTests
{
    private static string ShippedModel => Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip");
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.TempDirectory();

    [TearDown]
    public void TearDown()
    {
        if (_dir is not null && Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The hand-written category set (in the repository) as a label/text file: adverse events against the rest.</summary>
    private string CategoryFile()
    {
        var rows = File.ReadLines(Path.Combine(TestPaths.RepoRoot, "tests", "Signals.Tests", "Classification", "category-set.tsv")).Skip(1)
            .Select(l => l.Split('\t')).Select(c => $"{(c[0] == "adverse-event" ? 1 : 0)}\t{c[2]}");
        var path = Path.Combine(_dir, "category.tsv");
        File.WriteAllLines(path, ["label\ttext", .. rows]);
        return path;
    }

    [Test]
    public void A_saved_model_scores_exactly_as_the_trained_one_and_float16_weights_move_no_probability_by_a_thousandth()
    {
        var trained = new AdverseEventModelTrainer(TimeProvider.System).TrainOnFiles([CategoryFile()], folds: 2);
        var path = Path.Combine(_dir, "m.zip");
        trained.Save(path);
        var loaded = AdverseEventModel.Load(path, new AdverseEventFeaturizer());
        string[] texts = ["Depuis le nouveau Levothyrox je perds mes cheveux", "my levothyroxine refill came today", "rifampicin-induced hepatitis", "le stylo est cassé"];

        Assert.That(loaded.ScoreNgram(texts), Is.EqualTo(trained.Model.ScoreNgram(texts)), "the trainer measures the weights as stored");
        Assert.That(loaded.ScoreNgram(texts).Distinct().Count(), Is.EqualTo(texts.Length), "texts get their own scores");
    }

    [Test]
    public void Rounding_the_weights_to_float16_moves_probabilities_by_less_than_a_thousandth()
    {
        var random = new Random(7);
        var weights = Enumerable.Range(0, NgramHasher.Dimension(12)).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var exact = new LinearModel(12, weights, 0.3f, -1, 0);
        var rounded = exact.Rounded();
        var featurizer = new AdverseEventFeaturizer();
        foreach (var text in new[] { "so tired since Levothyrox, my hair is falling out", "crampes et palpitations depuis la nouvelle formule", "refill day" })
        {
            var input = featurizer.Input(text);
            Assert.That(Math.Abs(rounded.Probability(input) - exact.Probability(input)), Is.LessThan(0.001), text);
        }
    }

    [Test]
    public void The_same_text_always_gets_the_same_features_whatever_came_before()
    {
        var featurizer = new AdverseEventFeaturizer();
        var input = featurizer.Input("Levothyrox m'a donné des crampes");
        var fresh = new SparseFeatures();
        NgramHasher.Features(input, NgramHasher.DefaultBits, fresh);
        var reused = new SparseFeatures();
        NgramHasher.Features(featurizer.Input(string.Concat(Enumerable.Repeat("a long unrelated text about nothing in particular ", 200))), NgramHasher.DefaultBits, reused);
        NgramHasher.Features(input, NgramHasher.DefaultBits, reused);

        Assert.That(reused.Keys.ToArray(), Is.EqualTo(fresh.Keys.ToArray()));
        Assert.That(reused.Values.ToArray(), Is.EqualTo(fresh.Values.ToArray()));
        Assert.That(fresh.Count, Is.GreaterThan(50), "words, characters, masked words and lexicon features");
    }

    [Test]
    public void A_model_zip_without_the_weights_is_refused_with_a_message_naming_the_file()
    {
        var path = Path.Combine(_dir, "old.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            using (var writer = new StreamWriter(zip.CreateEntry("TransformerChain/Model.key").Open()))
                writer.Write("an ML.NET pipeline");

        var error = Assert.Throws<InvalidDataException>(() => AdverseEventModel.Load(path, new AdverseEventFeaturizer()));
        Assert.That(error!.Message, Does.Contain(path).And.Contain("signals train"));
    }

    [Test]
    public void The_shipped_models_n_gram_part_is_at_most_8_MB_and_the_whole_zip_at_most_24_MB()
    {
        // The n-gram weights stay lean (float16, issue 25); the int8 MiniLM (issue 27) is 22.7 M parameters at a byte each,
        // compressed a little: the whole zip stays under a float32 copy of MiniLM alone (91 MB) by far.
        using var zip = ZipFile.OpenRead(ShippedModel);
        Assert.That(zip.GetEntry(AdverseEventModel.LinearEntry)!.CompressedLength, Is.LessThanOrEqualTo(8 * 1024 * 1024));
        Assert.That(new FileInfo(ShippedModel).Length, Is.LessThanOrEqualTo(24 * 1024 * 1024));
    }
}
