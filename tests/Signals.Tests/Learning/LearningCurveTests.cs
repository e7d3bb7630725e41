using System.Text.Json;
using Signals.Classification;
using Signals.Learning;
using Signals.Tests.EndToEnd;

namespace Signals.Tests.Learning;

/// <summary>The queue's choice, and <c>signals learning-curve</c> on the repository's own labelled posts (category-set.tsv).</summary>
public sealed class LearningCurveTests
{
    [Test]
    public void The_queue_takes_the_least_sure_first_and_skips_near_copies_of_taken_or_asked_posts()
    {
        QueueCandidate[] candidates =
        [
            new(1, "Levothyrox gives me headaches every morning since the switch", 0.30),
            new(2, "RT @someone: Levothyrox gives me headaches every morning since the switch", 0.01),
            new(3, "my pharmacy ran out of levothyrox again this week", 0.02),
            new(4, "levothyrox and coffee, how long should I wait", 0.05),
            new(5, "the new box of levothyrox looks different, same pills", 0.04),
        ];
        var ranked = QueueSelection.Rank(candidates, QueueStrategy.Uncertainty);
        Assert.That(ranked.Select(c => c.Id), Is.EqualTo(new long[] { 2, 3, 5, 4, 1 }));
        Assert.That(QueueSelection.Pick(ranked, 5, []).Select(c => c.Id), Is.EqualTo(new long[] { 2, 3, 5, 4 }), "1 is a copy of 2");
        Assert.That(QueueSelection.Pick(ranked, 2, ["my pharmacy ran out of levothyrox again this week!"]).Select(c => c.Id), Is.EqualTo(new long[] { 2, 5 }),
            "a copy of an answered post is not asked again");
        Assert.That(NearCopies.Jaccard(NearCopies.Shingles(candidates[0].Text), NearCopies.Shingles(candidates[2].Text)), Is.LessThan(NearCopies.Similar));
    }

    [Test]
    public async Task Learning_curve_prints_a_json_line_per_step_and_the_elapsed_time()
    {
        var dir = TestPaths.TempDirectory();
        try
        {
            var set = CategorySet.Read(Path.Combine(TestPaths.RepoRoot, "tests", "Signals.Tests", "Classification", "category-set.tsv"));
            string Row(CategorySet.Row r) => $"{(r.Category == PostCategory.AdverseEvent ? 1 : 0)}\t{r.Text}";
            var pool = Path.Combine(dir, "pool.tsv");
            var test = Path.Combine(dir, "test.tsv");
            await File.WriteAllLinesAsync(pool, ["label\ttext", .. set.Where((_, i) => i % 2 == 0).Select(Row)]);
            await File.WriteAllLinesAsync(test, ["label\ttext", .. set.Where((_, i) => i % 2 == 1).Select(Row)]);
            var worker = new WorkerProcess(dir);
            var runs = new List<string[]>();
            foreach (var (strategy, seed) in new[] { ("uncertainty", "1"), ("uncertainty", "2"), ("random", "1") })
            {
                var (exit, stdout, stderr) = await worker.RunAsync("learning-curve", "--pool", pool, "--test", test, "--strategy", strategy, "--steps", "20,60", "--seed", seed);
                Assert.That(exit, Is.EqualTo(0), stderr);
                var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.That(lines[^1], Does.StartWith("learning-curve: 60 verdicts asked of a 157-row pool, tested on 157 rows, in "));
                var points = lines[..^1].Select(l => JsonDocument.Parse(l).RootElement).ToList();
                Assert.That(points.Select(p => p.GetProperty("verdicts").GetInt32()), Is.EqualTo(new[] { 0, 20, 60 }));
                Assert.That(points.Select(p => p.GetProperty("strategy").GetString()), Is.All.EqualTo(strategy));
                foreach (var name in new[] { "f1", "precision", "recall", "auc" })
                    Assert.That(points.Select(p => p.GetProperty(name).GetDouble()), Is.All.InRange(0.0, 1.0));
                runs.Add(lines[..^1].Select(l => l.Split("\"seconds\"")[0].Replace("\"seed\":2", "\"seed\":1")).ToArray());
            }
            Assert.That(runs[1], Is.EqualTo(runs[0]), "uncertainty sampling does not depend on the seed");
            Assert.That(runs[2][0].Replace("random", "uncertainty"), Is.EqualTo(runs[0][0]), "both start from the same model");
            var (bad, _, error) = await worker.RunAsync("learning-curve", "--pool", pool, "--test", test, "--strategy", "smart");
            Assert.That(bad, Is.EqualTo(64));
            Assert.That(error, Does.Contain("--strategy is 'uncertainty' or 'random'"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
