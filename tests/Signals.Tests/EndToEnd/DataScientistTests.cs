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
}
