using System.Net;
using Microsoft.Data.Sqlite;
using Signals.Classification;
using Signals.Tests.Classification;
using Signals.Tests.Faults;

namespace Signals.Tests.EndToEnd;

/// <summary>The worker on a machine without Apertium: French is scored as before translation existed, and it says so once.</summary>
public sealed class TranslationWorkerTests
{
    [Test]
    public async Task Without_Apertium_the_worker_starts_says_so_once_and_stores_French_posts_with_their_untranslated_score()
    {
        var dir = TestPaths.TempDirectory();
        var model = TranslationTests.ModelWithTranslation(weight: 0.7, threshold: 0.3); // a model that would translate
        var inbox = Directory.CreateDirectory(Path.Combine(dir, "inbox")).FullName;
        var day = DateTimeOffset.UtcNow.Date.AddDays(-1);
        string[] texts = ["Depuis le nouveau Levothyrox je suis épuisée et j'ai des crampes toute la nuit", "Le Levothyrox me donne des palpitations, je ne dors plus"];
        await File.WriteAllLinesAsync(Path.Combine(inbox, "a.jsonl"), texts.Select((t, i) =>
            $$"""{"id":"fr-{{i}}","author":"a{{i}}","lang":"fr","createdAt":"{{day.AddMinutes(i):O}}","text":"{{t}}"}"""));
        var feeds = Path.Combine(dir, "feeds.json");
        await File.WriteAllTextAsync(feeds, $$"""{ "feeds": [ { "name": "inbox", "type": "jsonl", "location": "{{inbox}}", "interval": "00:00:10" } ] }""");
        var worker = new WorkerProcess(dir);
        worker.Environment["Signals__Classification__ModelFile"] = model;
        worker.Environment["Signals__Classification__Apertium"] = Path.Combine(dir, "no-such-apertium");

        using var running = RunningWorker.Start(worker, feeds);
        await running.WaitUntilAsync(async () => (await running.ReadyAsync())?.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(90), "ready");
        await running.WaitUntilAsync(() => Task.FromResult(Stored(worker).Count == texts.Length), TimeSpan.FromSeconds(60), "the French posts stored");

        var said = running.Output.Split('\n').Where(l => l.Contains("French translation off")).ToList();
        Assert.That(said, Has.Count.EqualTo(1), running.Output);
        Assert.That(said[0], Does.Contain("no-such-apertium"));
        var expected = AdverseEventModel.Load(model, new AdverseEventFeaturizer()).Score(texts);
        var stored = Stored(worker);
        for (var i = 0; i < texts.Length; i++) Assert.That(stored[texts[i]], Is.EqualTo(expected[i]).Within(1e-5), texts[i]);
        Assert.That(await running.TerminateAsync(), Is.EqualTo(0));
    }

    [TestCase("TranslationShare", "1.5")]
    [TestCase("TranslationTimeout", "00:00:00")]
    [TestCase("Apertium", " ")]
    public async Task A_bad_translation_setting_is_refused_at_start_naming_its_key(string key, string value)
    {
        var worker = new WorkerProcess(TestPaths.TempDirectory());
        worker.Environment[$"Signals__Classification__{key}"] = value;
        var (exit, _, stderr) = await worker.RunAsync("run");
        Assert.That(exit, Is.EqualTo(78), stderr);
        Assert.That(stderr, Does.Contain($"Signals:Classification:{key}"));
    }

    private static Dictionary<string, double> Stored(WorkerProcess worker)
    {
        if (!File.Exists(worker.DatabasePath)) return [];
        try
        {
            using var connection = new SqliteConnection($"Data Source={worker.DatabasePath};Mode=ReadOnly");
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT text, ae_probability FROM posts";
            using var reader = cmd.ExecuteReader();
            var scores = new Dictionary<string, double>();
            while (reader.Read()) scores[reader.GetString(0)] = reader.GetDouble(1);
            return scores;
        }
        catch (SqliteException) { return []; } // not migrated yet
    }
}
