using System.Text.Json;
using Signals.Classification;
using Signals.Tests.EndToEnd;

namespace Signals.Tests.Classification;

/// <summary>
/// The held-out report per split, domain and language (issue 27 item 4), with the shipped model on posts written for these
/// tests (no research corpus is copied: the rows below are made up, laid out as the shared corpora are).
/// </summary>
public sealed class HeldOutReportTests
{
    private static readonly Lazy<AdverseEventModel> Model =
        new(() => AdverseEventModel.Load(Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip"), new AdverseEventFeaturizer()));

    private static readonly string[] English =
    [
        "1\tSince starting sertraline I get terrible headaches every afternoon", "0\tPicked up my sertraline refill today",
        "1\tThis drug gave me awful nausea and I could not sleep", "0\tDoes anyone know if the pharmacy is open on Sunday",
        "1\tMy hair has been falling out since the new dose", "0\tMy doctor says the generic is the same medicine",
    ];

    private static readonly string[] French =
    [
        "1\tDepuis le nouveau Levothyrox je perds mes cheveux et j'ai des crampes", "0\tJe vais chercher mon Levothyrox à la pharmacie demain",
        "1\tAvec ce médicament j'ai des maux de tête tous les jours", "0\tEst-ce que quelqu'un sait si le générique est pareil",
    ];

    private static IReadOnlyList<LabelledSentence> Rows(string corpus, IEnumerable<string> lines) =>
        lines.Select((l, i) => new LabelledSentence(corpus, $"g{i}", l[2..], l[0] == '1')).ToList();

    [Test]
    public void Rows_are_grouped_by_the_language_and_domain_of_their_corpus_and_each_group_is_measured_on_its_own_rows()
    {
        var tweets = Rows(TrainingCorpora.SmmEnglish, English);
        var forum = Rows(TrainingCorpora.SmmFrench, French);
        var reviews = Rows(TrainingCorpora.PsyTar, English.Take(4));

        var report = HeldOutReport.Measure(Model.Value, PostDecider.Shipped(), [("tweets", tweets), ("forum", forum), ("reviews", reviews)]);

        Assert.That(report.Select(g => $"{g.By} {g.Key} {g.Model.Examples}"), Is.EqualTo(new[]
        {
            "split smm4h-en 6", "split smm4h-fr 4", "split psytar 4",
            "domain review 4", "domain social 10",
            "language en 10", "language fr 4",
        }));
        // The French group is the French rows' scores alone, measured as a split of its own would be.
        var french = Model.Value.Score(forum.Select(r => r.Text).ToList(), PostDomain.Social);
        var fr = report.Single(g => g.By == HeldOutReport.ByLanguage && g.Key == "fr");
        Assert.That(fr.Model.AveragePrecision, Is.EqualTo(Math.Round(RankingMetrics.AveragePrecision(french, forum.Select(r => r.Label).ToList()), 4)));
        Assert.That(fr.Model.Positives, Is.EqualTo(2));
        // English pools tweets (social threshold) and reviews (review threshold): each row is judged at its own domain's.
        var en = report.Single(g => g.By == HeldOutReport.ByLanguage && g.Key == "en");
        Assert.That(en.Model.Threshold, Is.EqualTo(0), "no one threshold across domains");
        var atOwn = report.Where(g => g.By == HeldOutReport.BySplit && g.Key != TrainingCorpora.SmmFrench).Sum(g => g.Model.TruePositives);
        Assert.That(en.Model.TruePositives, Is.EqualTo(atOwn));
        Assert.That(en.Cost, Is.EqualTo(Math.Round(en.Decision.Best!.F1 - en.Decision.F1, 4)));
    }

    [Test]
    public void A_row_of_an_unknown_corpus_gets_the_workers_guess_of_its_language()
    {
        Assert.That(HeldOutReport.LanguageOf(new LabelledSentence("mine.tsv", "1", "Je ne sais pas si c'est le médicament mais j'ai mal", true)), Is.EqualTo("fr"));
        Assert.That(HeldOutReport.LanguageOf(new LabelledSentence("mine.tsv", "2", "I do not know if it is the drug but it hurts", true)), Is.EqualTo("en"));
        Assert.That(HeldOutReport.LanguageOf(new LabelledSentence(TrainingCorpora.SmmFrench, "3", "lol", true)), Is.EqualTo("fr"));
    }

    [Test]
    public async Task Evaluate_prints_per_domain_and_language_the_decision_F1_beside_the_best_threshold_F1_and_AP()
    {
        var dir = TestPaths.TempDirectory();
        try
        {
            var data = SharedLikeFolder(dir);
            var (exit, stdout, stderr) = await new WorkerProcess(dir).RunAsync("evaluate", "--data", data);

            Assert.That(exit, Is.EqualTo(0), stderr);
            var objects = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
            var groups = objects.Where(o => o.GetProperty("group").GetString() is "domain" or "language")
                .Select(o => o.GetProperty("group").GetString() == "domain" ? $"domain {o.GetProperty("domain").GetString()}" : $"language {o.GetProperty("language").GetString()}");
            Assert.That(groups, Is.EquivalentTo(new[] { "domain social", "domain review", "domain case-report", "language en", "language fr" }));
            foreach (var o in objects.Where(o => o.GetProperty("group").GetString() != "other"))
            {
                var decision = o.GetProperty("decision");
                var best = o.GetProperty("bestThreshold");
                Assert.That(o.GetProperty("averagePrecision").GetDouble(), Is.InRange(0.0, 1.0), o.ToString());
                if (o.GetProperty("group").GetString() != "language") // a language spans domains, each at its own threshold: no one threshold bounds it
                    Assert.That(best.GetProperty("f1").GetDouble(), Is.GreaterThanOrEqualTo(o.GetProperty("f1").GetDouble()), "the oracle is never below the model at its threshold");
                Assert.That(decision.GetProperty("belowBestThreshold").GetDouble(),
                    Is.EqualTo(best.GetProperty("f1").GetDouble() - decision.GetProperty("f1").GetDouble()).Within(1e-9));
            }
            var fr = objects.Single(o => o.GetProperty("group").GetString() == "language" && o.GetProperty("language").GetString() == "fr");
            var frSplit = objects.Single(o => o.GetProperty("group").GetString() == "split" && o.GetProperty("language").GetString() == "fr");
            Assert.That(fr.GetProperty("n").GetInt32(), Is.EqualTo(frSplit.GetProperty("n").GetInt32()).And.GreaterThan(0));
            Assert.That(stderr, Does.Contain("language fr").And.Contain("domain case-report").And.Contain("best F1 (at)"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Test]
    public async Task Evaluate_with_write_card_writes_the_report_into_the_card_beside_the_model()
    {
        var dir = TestPaths.TempDirectory();
        try
        {
            var model = Path.Combine(dir, "copy.zip");
            File.Copy(Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip"), model);
            File.Copy(Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.card.json"), Path.Combine(dir, "copy.card.json"));

            var (exit, stdout, stderr) = await new WorkerProcess(dir).RunAsync("evaluate", "--model", model, "--data", SharedLikeFolder(dir), "--write-card");

            Assert.That(exit, Is.EqualTo(0), stderr);
            var card = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "copy.card.json"))).RootElement;
            var report = card.GetProperty("heldOutReport").EnumerateArray().ToList();
            var printed = JsonDocument.Parse(stdout).RootElement.EnumerateArray().Where(o => o.GetProperty("group").GetString() != "other").ToList();
            Assert.That(report.Select(g => g.GetProperty("model").GetProperty("averagePrecision").GetDouble()),
                Is.EqualTo(printed.Select(o => o.GetProperty("averagePrecision").GetDouble())), "the card holds what evaluate printed, in its order");
            Assert.That(report.Select(g => g.GetProperty("by").GetString()), Is.EqualTo(printed.Select(o => o.GetProperty("group").GetString())));
            Assert.That(card.GetProperty("heldOutDecisions").GetArrayLength(), Is.EqualTo(4));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Test]
    public async Task Train_prints_the_report_writes_it_into_the_card_and_compares_with_the_live_model_by_AP()
    {
        var dir = TestPaths.TempDirectory();
        try
        {
            var model = Path.Combine(dir, "models", "mine.zip");
            var (exit, stdout, stderr) = await new WorkerProcess(dir).RunAsync("train", "--data", SharedLikeFolder(dir), "--out", model, "--folds", "2");

            Assert.That(exit, Is.EqualTo(0), stderr);
            Assert.That(stdout, Does.Match(@"\n  language fr +\d+ \(\+\d+\) +\d\.\d{3} / \d\.\d{3} / \d\.\d{3} +\d\.\d{3} \(0\.\d\d\) +\d\.\d{3} \(\d\.\d\d\) +-?\d\.\d{3} +\d\.\d{3}\n"));
            Assert.That(stdout, Does.Contain("\n  domain case-report ").And.Contain("\n  language en "));
            Assert.That(stdout, Does.Match(@"smm4h-en held-out tweets .*, \d+ rows: candidate F1 .*, AP \d\.\d{3}; live F1 .*, AP \d\.\d{3}; difference [+-]?\d\.\d{3} F1, [+-]?\d\.\d{3} AP"));
            var card = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "models", "mine.card.json"))).RootElement;
            var groups = card.GetProperty("heldOutReport").EnumerateArray().Select(g => $"{g.GetProperty("by").GetString()} {g.GetProperty("key").GetString()}").ToList();
            Assert.That(groups, Is.SupersetOf(new[] { "domain social", "domain review", "domain case-report", "language en", "language fr" }));
            var first = card.GetProperty("heldOutReport")[0];
            Assert.That(first.GetProperty("decision").GetProperty("averagePrecision").GetDouble(), Is.EqualTo(first.GetProperty("model").GetProperty("averagePrecision").GetDouble()).And.GreaterThan(0));
            Assert.That(first.GetProperty("decision").GetProperty("best").GetProperty("f1").GetDouble(), Is.GreaterThan(0));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>
    /// A data folder laid out as ../shared/data (PsyTAR, ADE, SMM4H en and fr), filled with the made-up rows above, numbered so
    /// that every corpus has rows in the held-out fifth.
    /// </summary>
    private static string SharedLikeFolder(string dir)
    {
        var data = Path.Combine(dir, "data");
        void Write(string relative, string header, IEnumerable<string> lines)
        {
            var path = Path.Combine(data, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllLines(path, lines.Prepend(header));
        }
        IEnumerable<(string Label, string Text, int Group)> Many(string[] rows) =>
            Enumerable.Range(0, 60).Select(i => (rows[i % rows.Length][..1], $"{rows[i % rows.Length][2..]} ({i})", i));
        Write("psytar/psytar-sentences.tsv", "label\tdrug_id\ttext", Many(English).Select(r => $"{r.Label}\t{r.Group / 2}\t{r.Text}"));
        Write("ade-corpus-v2/ade-sentences.tsv", "label\tpmid\ttext", Many(English).Select(r => $"{r.Label}\t{r.Group / 2}\t{r.Text}"));
        Write("smm4h-en/smm4h2020-task2-en-train.tsv", "label\ttext", Many(English).Select(r => $"{r.Label}\t{r.Text}"));
        Write("smm4h-fr/smm4h2026-task1-fr-dev.tsv", "label\ttext", Many(French).Select(r => $"{r.Label}\t{r.Text}"));
        return data;
    }
}
