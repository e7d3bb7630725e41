using System.Text.Json;
using Signals.Classification;
using Signals.Feeds;
using Signals.Review;
using Signals.Storage;
using Signals.Tests.EndToEnd;
using Signals.Tests.Storage;

namespace Signals.Tests.Review;

/// <summary>Verdicts become training data: export-verdicts writes what train --data reads, and a model comes out of it.</summary>
public sealed class ExportVerdictsTests
{
    private static readonly string[] Adverse =
    [
        "Since the new Levothyrox formula I get awful cramps and headaches", "Nouveau Levothyrox: je perds mes cheveux et j'ai des vertiges",
        "Levothyrox depuis 3 semaines, insomnie et palpitations", "Depuis le nouveau Levothyrox je suis épuisée\tet j'ai des crampes",
    ];
    private static readonly (string Text, Verdict Verdict)[] Other =
    [
        ("Le Levothyrox est encore en rupture dans ma pharmacie", Verdict.ProductComplaint),
        ("Levothyrox: on le prend le matin à jeun ou le soir ?", Verdict.UsageQuestion),
        ("Mon médecin a augmenté ma dose de Levothyrox,\nnormal avec une TSH à 6 ?", Verdict.MedicalQuestion),
        ("Article sur l'histoire du Levothyrox en France", Verdict.NotAdverseEvent),
    ];

    [Test]
    public async Task Judged_posts_are_exported_as_label_text_verdict_and_train_learns_from_the_file()
    {
        var (store, dir) = await TempSqliteStore.CreateAsync();
        try
        {
            // 48 generated posts: every fourth judged an adverse event, the others one of the four other verdicts; two left unjudged.
            var posts = Enumerable.Range(0, 50).Select(i => new ScoredPost(
                new Post("generated", $"p{i}", null, $"user{i}", new DateTimeOffset(2017, 7, 1 + i % 28, 12, 0, 0, TimeSpan.Zero), "fr",
                    i % 2 == 0 ? $"{Adverse[i / 2 % 4]} (#{i})" : $"{Other[i / 2 % 4].Text} (#{i})"),
                ["levothyroxine"], [], 0.5f, PostCategory.AdverseEvent, "test")).ToList();
            await store.AddPostsAsync(posts, CancellationToken.None);
            for (var i = 0; i < 48; i++)
                await store.SaveVerdictAsync(new PostVerdict(i + 1, i % 2 == 0 ? Verdict.AdverseEvent : Other[i / 2 % 4].Verdict, "alice", DateTimeOffset.UtcNow), CancellationToken.None);

            var worker = new WorkerProcess(dir);
            worker.Environment["Signals__Storage__ConnectionString"] = $"Data Source={Path.Combine(dir, "s.db")}";
            var tsv = Path.Combine(dir, "export", "verdicts.tsv");
            var (exit, stdout, stderr) = await worker.RunAsync("export-verdicts", "--out", tsv);
            Assert.That(exit, Is.EqualTo(0), stderr);
            Assert.That(stdout, Does.Contain("48 judged posts written").And.Contain("(24 adverse events, 24 not)"));

            var lines = await File.ReadAllLinesAsync(tsv);
            Assert.That(lines[0], Is.EqualTo("label\ttext\tverdict"));
            Assert.That(lines.Skip(1).Select(l => l.Split('\t').Length), Is.All.EqualTo(3), "a tab or line break inside a post does not break the row");
            Assert.That(lines, Does.Contain("1\tDepuis le nouveau Levothyrox je suis épuisée et j'ai des crampes (#6)\tadverse_event"));
            Assert.That(lines, Does.Contain("0\tMon médecin a augmenté ma dose de Levothyrox, normal avec une TSH à 6 ? (#5)\tmedical_question"));
            Assert.That(lines.Skip(1).Select(l => l.Split('\t')[2]).Distinct(), Is.EquivalentTo(ReviewVocabulary.Verdicts.Select(v => v.Code)));
            Assert.That(LabelledFile.Read(tsv).Count(r => r.Label), Is.EqualTo(24), "the trainer's own reader sees the labels");

            var model = Path.Combine(dir, "verdicts-model.zip");
            var trained = await worker.RunAsync("train", "--data", tsv, "--out", model, "--folds", "2");
            Assert.That(trained.ExitCode, Is.EqualTo(0), trained.Stderr);
            Assert.That(trained.Stdout, Does.Contain("verdicts.tsv").And.Contain("trained in"));
            var evaluated = await worker.RunAsync("evaluate", "--model", model, "--data", tsv);
            Assert.That(evaluated.ExitCode, Is.EqualTo(0), evaluated.Stderr);
            var metrics = JsonDocument.Parse(evaluated.Stdout).RootElement;
            Assert.That(metrics.GetProperty("n").GetInt32(), Is.EqualTo(48));
            Assert.That(metrics.GetProperty("f1").GetDouble(), Is.GreaterThan(0.9), "on its own training data the model separates the two phrasings");
        }
        finally
        {
            TempSqliteStore.Delete(dir);
        }
    }
}
