using Signals.Classification;
using Signals.Classification.Transformer;

namespace Signals.Tests.Classification;

/// <summary>
/// How a model zip's int8 MiniLM is opened: the first load on a machine saves OnnxRuntime's optimized graph to the user's
/// cache, later loads build the session from it (what makes <c>classify</c> start quickly; numbers in docs/performance.md),
/// scoring exactly as before; a damaged cache file is rebuilt; and a loaded model keeps no copy of the graph, reading it
/// again from its zip only to be saved — and only while the zip is still the one it was loaded from.
/// </summary>
[NonParallelizable] // sets XDG_CACHE_HOME for the process
public sealed class TransformerLoadTests
{
    private static string Shipped => Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip");
    private static readonly string[] Texts = ["levothyrox gave me cramps", "started humira last week, feeling fine so far", "my hair is falling out since the new pill"];
    private string _dir = null!;
    private string? _cacheBefore;

    [SetUp]
    public void UseATemporaryCache()
    {
        _dir = TestPaths.TempDirectory();
        _cacheBefore = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", Path.Combine(_dir, "cache"));
    }

    [TearDown]
    public void RestoreTheCache()
    {
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", _cacheBefore);
        Directory.Delete(_dir, recursive: true);
    }

    private static AdverseEventModel Load(string path) => AdverseEventModel.Load(path, new AdverseEventFeaturizer());

    private string[] Cached() => Directory.Exists(Path.Combine(_dir, "cache", "signals")) ? Directory.GetFiles(Path.Combine(_dir, "cache", "signals")) : [];

    [Test]
    public void The_second_load_builds_the_session_from_the_saved_optimized_graph_and_scores_the_same()
    {
        Assert.That(Cached(), Is.Empty);
        using var first = Load(Shipped).MiniLm!;
        Assert.That(Cached(), Has.Length.EqualTo(1).And.All.Match(@"minilm-[0-9a-f]{8}-\d+-ort[\d.]+-[a-z0-9]+\.onnx$"), "one optimized graph, no temporary left");
        var saved = File.GetLastWriteTimeUtc(Cached()[0]);

        using var second = Load(Shipped).MiniLm!;

        Assert.That(File.GetLastWriteTimeUtc(Cached()[0]), Is.EqualTo(saved), "read, not written again");
        Assert.That(second.Score(Texts), Is.EqualTo(first.Score(Texts)).Within(1e-6));
        Assert.That((second.MaxTokens, second.LayersTuned), Is.EqualTo((first.MaxTokens, first.LayersTuned)), "the graph's metadata survives the optimizer");
    }

    [Test]
    public void A_damaged_cached_graph_is_rebuilt_from_the_zip()
    {
        float[] expected;
        using (var scorer = Load(Shipped).MiniLm!) expected = scorer.Score(Texts);
        File.WriteAllBytes(Cached()[0], [1, 2, 3]);

        using var rebuilt = Load(Shipped).MiniLm!;

        Assert.That(rebuilt.Score(Texts), Is.EqualTo(expected).Within(1e-6));
        Assert.That(new FileInfo(Cached()[0]).Length, Is.GreaterThan(1_000_000), "saved again");
    }

    [Test]
    public void A_cache_folder_that_cannot_be_written_costs_only_the_optimizer()
    {
        float[] expected;
        using (var scorer = Load(Shipped).MiniLm!) expected = scorer.Score(Texts);
        Directory.Delete(Path.Combine(_dir, "cache", "signals"), recursive: true);
        File.WriteAllText(Path.Combine(_dir, "cache", "signals"), "a file where the folder should be"); // root ignores permissions; a file it cannot write into

        using var scorer2 = Load(Shipped).MiniLm!;

        Assert.That(scorer2.Score(Texts), Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void A_derived_model_reads_the_graph_from_its_zip_to_be_saved_and_refuses_once_the_zip_changed()
    {
        var copy = Path.Combine(_dir, "live.zip");
        File.Copy(Shipped, copy);
        var model = Load(copy);
        var derived = new AdverseEventModel(model.Linear, new AdverseEventFeaturizer(), model.Card, "derived", model.MiniLm, model.Graph);
        var saved = Path.Combine(_dir, "derived.zip");

        derived.Save(saved);

        using (var again = Load(saved).MiniLm!)
            Assert.That(again.Score(Texts), Is.EqualTo(model.MiniLm!.Score(Texts)).Within(1e-6), "the same graph inside");
        File.WriteAllBytes(copy, File.ReadAllBytes(saved)); // the live file replaced (a promotion) after the model was loaded
        var error = Assert.Throws<InvalidDataException>(() => derived.Save(Path.Combine(_dir, "other.zip")));
        Assert.That(error!.Message, Does.Contain(copy).And.Contain("changed since the model was loaded"));
        model.MiniLm!.Dispose();
    }
}

/// <summary>
/// A post's MiniLM score is the post's own: the int8 graph quantizes each run's activations with one scale over the whole
/// batch, so a post scored beside others (a replay's batch, the worker's) would get another score than alone (`classify`),
/// and a decision near the threshold could differ between two replays of the same posts.
/// </summary>
public sealed class TransformerBatchTests
{
    [Test]
    public void A_posts_score_does_not_depend_on_the_posts_scored_with_it()
    {
        var model = AdverseEventModel.Load(Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip"), new AdverseEventFeaturizer());
        string[] texts =
        [
            "levothyrox gave me cramps", "started humira last week, feeling fine so far",
            "my hair is falling out since the new pill and I cannot sleep, three weeks now, is this the levothyroxine???",
            "$$$ <3 lol", "ok", "the pharmacy ran out of metformin again, had to drive to the next town to get my prescription filled",
        ];
        var together = model.MiniLm!.Score(texts);
        for (var i = 0; i < texts.Length; i++)
            Assert.That(model.MiniLm.Score([texts[i]])[0], Is.EqualTo(together[i]), texts[i]);
        Assert.That(model.Score(texts).ToArray(), Is.EqualTo(texts.Select(t => model.Score([t])[0]).ToArray()), "the fused scores too");
    }
}
