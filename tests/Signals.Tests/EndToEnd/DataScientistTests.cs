using System.Text.Json;

namespace Signals.Tests.EndToEnd;

/// <summary>The data scientist's command line: evaluate a model on a labelled file, classify texts from standard input.</summary>
public sealed class DataScientistTests
{
    private string _dir = null!;

    [SetUp] public void SetUp() => _dir = TestPaths.TempDirectory();
    [TearDown] public void TearDown() => Directory.Delete(_dir, recursive: true);

    [TestCase("tsv")]
    [TestCase("csv")]
    [TestCase("jsonl")]
    public async Task Evaluate_prints_metrics_of_a_labelled_file_as_json(string format)
    {
        (int Label, string Text)[] rows =
        [
            (1, "I have been exhausted and my hair is falling out since starting this"), (1, "Terrible headaches, nausea, after the dose increase"),
            (0, "Picked up my prescription today"), (0, "Does anyone take it in the morning?"), (1, "Heart racing every night, can't sleep"),
        ];
        var file = Path.Combine(_dir, $"labelled.{format}");
        await File.WriteAllLinesAsync(file, format switch
        {
            "tsv" => rows.Select(r => $"{r.Label}\t{r.Text}").Prepend("label\ttext"),
            "csv" => rows.Select(r => $"{r.Label},\"{r.Text.Replace("\"", "\"\"")}\"").Prepend("label,text"),
            _ => rows.Select(r => JsonSerializer.Serialize(new { label = r.Label, text = r.Text })),
        });

        var (exit, stdout, stderr) = await new WorkerProcess(_dir).RunAsync("evaluate", "--model", Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip"), "--data", file);

        Assert.That(exit, Is.EqualTo(0), stderr);
        var metrics = JsonDocument.Parse(stdout).RootElement;
        Assert.That(metrics.GetProperty("n").GetInt32(), Is.EqualTo(5));
        Assert.That(metrics.GetProperty("positives").GetInt32(), Is.EqualTo(3));
        foreach (var name in new[] { "precision", "recall", "f1", "auc" })
            Assert.That(metrics.GetProperty(name).GetDouble(), Is.InRange(0.0, 1.0), name);
        var confusion = metrics.GetProperty("confusion");
        Assert.That(confusion.GetProperty("truePositives").GetInt32() + confusion.GetProperty("falseNegatives").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public async Task Train_on_labelled_files_writes_a_model_whose_threshold_evaluate_then_uses()
    {
        // The self-made French set, split in two files: train takes several --data files.
        var rows = File.ReadAllLines(Path.Combine(TestPaths.RepoRoot, "samples", "french-labelled.tsv")).Skip(1).ToList();
        var first = Path.Combine(_dir, "a.tsv");
        var second = Path.Combine(_dir, "b.jsonl");
        await File.WriteAllLinesAsync(first, rows.Where((_, i) => i % 2 == 0).Prepend("label\ttext"));
        await File.WriteAllLinesAsync(second, rows.Where((_, i) => i % 2 == 1).Select(r => r.Split('\t')).Select(c => JsonSerializer.Serialize(new { label = int.Parse(c[0]), text = c[1] })));
        var model = Path.Combine(_dir, "models", "mine.zip");

        var (exit, stdout, stderr) = await new WorkerProcess(_dir).RunAsync("train", "--data", first, "--data", second, "--out", model, "--folds", "2");

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("cross-validated").And.Contain("a.tsv").And.Contain("b.jsonl").And.Contain("trained in"));
        var card = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "models", "mine.card.json"))).RootElement;
        var threshold = card.GetProperty("threshold").GetDouble();
        Assert.That(card.GetProperty("training").GetArrayLength(), Is.EqualTo(2));
        Assert.That(card.GetProperty("trainingSeconds").GetDouble(), Is.GreaterThan(0));

        var evaluated = await new WorkerProcess(_dir).RunAsync("evaluate", "--model", model, "--data", first);
        Assert.That(evaluated.ExitCode, Is.EqualTo(0), evaluated.Stderr);
        Assert.That(JsonDocument.Parse(evaluated.Stdout).RootElement.GetProperty("threshold").GetDouble(), Is.EqualTo(threshold));
    }

    [Test]
    public async Task Train_without_out_writes_a_candidate_beside_the_live_model_and_compares_them_on_the_same_rows()
    {
        var models = Directory.CreateDirectory(Path.Combine(_dir, "models")).FullName;
        foreach (var file in new[] { "adverse-event.zip", "adverse-event.card.json" })
            File.Copy(Path.Combine(TestPaths.RepoRoot, "models", file), Path.Combine(models, file));
        var live = Path.Combine(models, "adverse-event.zip");
        var before = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(live)));
        var data = Path.Combine(_dir, "mine.tsv");
        File.Copy(Path.Combine(TestPaths.RepoRoot, "samples", "french-labelled.tsv"), data);

        var (exit, stdout, stderr) = await new WorkerProcess(_dir).RunAsync("train", "--data", data, "--folds", "2");

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(live))), Is.EqualTo(before), "the live model is untouched");
        Assert.That(File.Exists(Path.Combine(models, "adverse-event.candidate.zip")) && File.Exists(Path.Combine(models, "adverse-event.candidate.card.json")), Is.True, stdout);
        Assert.That(stdout, Does.Contain($"model written to {Path.Combine(models, "adverse-event.candidate.zip")}"));
        Assert.That(stdout, Does.Contain($"compared with the live model adverse-event@").And.Contain(live));
        Assert.That(stdout, Does.Match(@"mine\.tsv \(candidate cross-validated\), \d+ rows: candidate F1 \d\.\d{3} .*, AP \d\.\d{3}; live F1 \d\.\d{3} .*, AP \d\.\d{3}; difference [+-]?\d\.\d{3} F1, [+-]?\d\.\d{3} AP"));
        Assert.That(stdout, Does.Contain($"the live model {live} is unchanged"));
    }

    [Test]
    public async Task Evaluate_names_a_bad_row()
    {
        var file = Path.Combine(_dir, "bad.tsv");
        await File.WriteAllLinesAsync(file, ["label\ttext", "1\tfine", "maybe\tnot a label"]);
        var (exit, _, stderr) = await new WorkerProcess(_dir).RunAsync("evaluate", "--data", file);
        Assert.That(exit, Is.EqualTo(65));
        Assert.That(stderr, Does.Contain($"{file} line 3").And.Contain("maybe"));
    }

    [Test]
    public async Task Classify_reads_texts_from_standard_input_and_prints_one_json_object_a_line()
    {
        var (exit, stdout, stderr) = await new WorkerProcess(_dir).RunWithInputAsync(
            "Depuis le nouveau Levothyrox je perds mes cheveux\nMy Humira pen jammed again\nNice weather today\n", "classify");

        Assert.That(exit, Is.EqualTo(0), stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(lines, Has.Count.EqualTo(3));
        Assert.That(lines[0].GetProperty("products")[0].GetString(), Is.EqualTo("levothyroxine"));
        Assert.That(lines[0].GetProperty("events")[0].GetString(), Is.EqualTo("alopecia"));
        Assert.That(lines[0].GetProperty("category").GetString(), Is.EqualTo("adverse-event"));
        Assert.That(lines[1].GetProperty("category").GetString(), Is.EqualTo("product-complaint"));
        Assert.That(lines[2].GetProperty("products").GetArrayLength(), Is.Zero);
        Assert.That(lines.Select(l => l.GetProperty("adverseEvent").GetDouble()), Has.All.InRange(0.0, 1.0));
    }

    [Test]
    public async Task Classify_with_features_shows_the_masked_text_and_lexicon_counts_the_model_read()
    {
        var (exit, stdout, stderr) = await new WorkerProcess(_dir).RunAsync("classify", "--features", "Rifampicin-induced hepatitis in a 40-year-old man", "Nice weather today");

        Assert.That(exit, Is.EqualTo(0), stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var report = lines[0].GetProperty("features");
        Assert.That(report.GetProperty("masked").GetString(), Does.StartWith("DRUG induced FINDING"));
        Assert.That(report.GetProperty("lexicon").GetProperty("drug").GetDouble(), Is.GreaterThan(0));
        Assert.That(report.GetProperty("lexicon").GetProperty("causal cue").GetDouble(), Is.GreaterThan(0));
        var weather = lines[1].GetProperty("features").GetProperty("lexicon");
        Assert.That(weather.GetProperty("drug").GetDouble(), Is.Zero);
        Assert.That(lines[1].GetProperty("adverseEvent").GetDouble(), Is.LessThan(lines[0].GetProperty("adverseEvent").GetDouble()));

        var plain = await new WorkerProcess(_dir).RunAsync("classify", "Nice weather today");
        Assert.That(plain.Stdout, Does.Not.Contain("features"), "features only when asked for");
    }

    [Test]
    public async Task Train_names_an_unknown_corpus_or_split()
    {
        var corpus = await new WorkerProcess(_dir).RunAsync("train", "--corpus", "twitter", "--out", Path.Combine(_dir, "x.zip"));
        Assert.That(corpus.ExitCode, Is.EqualTo(64));
        Assert.That(corpus.Stderr, Does.Contain("unknown corpus 'twitter'").And.Contain("psytar"));
        var split = await new WorkerProcess(_dir).RunAsync("train", "--split", "pmid", "--out", Path.Combine(_dir, "x.zip"));
        Assert.That(split.ExitCode, Is.EqualTo(64));
        Assert.That(split.Stderr, Does.Contain("'pmid'").And.Contain("sentence"));
        Assert.That(File.Exists(Path.Combine(_dir, "x.zip")), Is.False);
    }
}
