using Microsoft.Extensions.Options;
using Signals.Classification;
using Signals.Feeds;
using Signals.Ingestion;
using Signals.Matching;
using Signals.Storage;
using Signals.Tests.Storage;

namespace Signals.Tests.Ingestion;

/// <summary>The streaming pipeline with the shipped lexicons and model, into a real SQLite store.</summary>
public sealed class IngestionPipelineTests
{
    private static readonly string Config = Path.Combine(TestPaths.RepoRoot, "config");
    private static readonly ProductMatcher Products = new(ProductCatalog.Load(Path.Combine(Config, "products.json")));
    private static readonly EventMatcher Events = new(EventLexicon.Load(Path.Combine(Config, "events.json")));
    private static readonly AdverseEventClassifier Classifier = new(Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip"));
    private readonly CancellationToken _none = CancellationToken.None;
    private string _dir = null!;
    private SqliteSignalStore _store = null!;

    [SetUp] public async Task SetUp() => (_store, _dir) = await TempSqliteStore.CreateAsync();
    [TearDown] public void TearDown() => TempSqliteStore.Delete(_dir);

    private static PostIngestor Ingestor(ISignalStore store) =>
        new(Products, Events, Classifier, new PostCategorizer(Options.Create(new ClassificationOptions())), store);

    // Small batches and queues so that a few hundred posts cross every hand-off many times.
    private static IngestionPipeline Pipeline(ISignalStore store) =>
        new(Ingestor(store), Options.Create(new IngestionOptions { ParseBatch = 7, StoreBatch = 5, QueueBatches = 1, MatchWorkers = 3 }));

    private static string Line(int i, string text, string day = "2017-07-20") =>
        $$"""{"id":"{{i}}","author":"a{{i % 13}}","createdAt":"{{day}}T07:00:00Z","lang":"fr","text":"{{text}}"}""";

    private string WriteFile(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static IEnumerable<string> Mixed(int count) => Enumerable.Range(0, count).Select(i =>
        i % 10 == 0 ? Line(i, "Depuis le nouveau Levothyrox je perds mes cheveux") : i % 10 == 5 ? Line(i, "metformin and headaches") : Line(i, "beach day with friends"));

    [Test]
    public async Task Stores_the_same_posts_as_the_batch_ingestor_and_only_those_naming_a_product()
    {
        var file = WriteFile("posts.jsonl", Mixed(500));
        var result = await Pipeline(_store).RunAsync([file], _none);

        var (reference, referenceDir) = await TempSqliteStore.CreateAsync();
        try
        {
            var posts = (await new JsonLinesReader(int.MaxValue, filesAreComplete: true).ReadAsync(new FeedDefinition { Name = "f", Type = "jsonl", Location = file }, null, _none)).Posts;
            var expected = await Ingestor(reference).IngestAsync(posts, _none);

            Assert.That((result.Read, result.Matched, result.Stored), Is.EqualTo((500L, 100L, 100L)));
            Assert.That((result.Matched, result.Stored), Is.EqualTo(((long)expected.Matched, (long)expected.Stored)));
            Assert.That(await _store.CountPostsAsync(_none), Is.EqualTo(await reference.CountPostsAsync(_none)));
            var day = new DateOnly(2017, 7, 20);
            foreach (var product in new[] { "levothyroxine", "metformin" })
                Assert.That(await _store.GetDailyCountsAsync(product, null, day, day, _none), Is.EqualTo(await reference.GetDailyCountsAsync(product, null, day, day, _none)));
            Assert.That(result.Problems, Is.Empty);
            Assert.That((result.FirstDay, result.LastDay), Is.EqualTo(((DateOnly?)day, (DateOnly?)day)));
        }
        finally
        {
            TempSqliteStore.Delete(referenceDir);
        }
    }

    [Test]
    public async Task Running_again_stores_nothing_new()
    {
        var file = WriteFile("posts.jsonl", Mixed(200));
        await Pipeline(_store).RunAsync([file], _none);
        var again = await Pipeline(_store).RunAsync([file], _none);
        Assert.That((again.Read, again.Matched, again.Stored), Is.EqualTo((200L, 40L, 0L)));
        Assert.That(await _store.CountPostsAsync(_none), Is.EqualTo(40));
    }

    [Test]
    public async Task Bad_lines_and_missing_files_are_named_and_the_rest_is_read_including_a_last_line_without_newline()
    {
        var good = WriteFile("good.jsonl", [Line(1, "Levothyrox et crampes", "2017-07-19"), "{not json", "", Line(3, "rien")]);
        await File.AppendAllTextAsync(good, Line(4, "Levothyrox encore", "2017-07-21")); // no newline at the end
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "inbox")).FullName;
        File.WriteAllLines(Path.Combine(folder, "a.jsonl"), [Line(5, "Zoloft: insomnie"), """{"id":"6","createdAt":"2017-07-20T00:00:00Z"}"""]);
        var missing = Path.Combine(_dir, "missing.jsonl");

        var result = await Pipeline(_store).RunAsync([good, missing, folder], _none);

        Assert.That((result.Read, result.Matched, result.Stored), Is.EqualTo((4L, 3L, 3L)));
        Assert.That((result.FirstDay, result.LastDay), Is.EqualTo(((DateOnly?)new DateOnly(2017, 7, 19), (DateOnly?)new DateOnly(2017, 7, 21))));
        Assert.That(result.Problems, Has.Count.EqualTo(3));
        Assert.That(result.Problems, Has.One.Contains($"{good} line 2").And.Contains("malformed JSON"));
        Assert.That(result.Problems, Has.One.Contains(missing));
        Assert.That(result.Problems, Has.One.Contains("a.jsonl line 2").And.Contains("missing \"text\""));
    }

    [Test]
    public async Task A_line_longer_than_the_read_buffer_is_read_whole()
    {
        var text = "Levothyrox " + string.Concat(Enumerable.Repeat("fatigue ", 300_000)); // 2.4 MB, past the 1 MB reads
        var file = WriteFile("long.jsonl", [Line(1, "first"), Line(2, text), Line(3, "Zoloft")]);
        var posts = new List<Post>();
        await foreach (var batch in new JsonLinesSource(10, DateTimeOffset.UtcNow).ReadAsync([file], [], _none)) posts.AddRange(batch);
        // Read whole, then its text cut at the cap every post obeys (PostLimits): the next line is found and read.
        Assert.That(posts.Select(p => p.Text.Length), Is.EqualTo(new[] { 5, PostLimits.MaxTextLength, 6 }));
    }

    [Test]
    public async Task A_failing_store_fails_the_run_with_its_own_error_and_stops_every_stage()
    {
        var file = WriteFile("posts.jsonl", Mixed(2_000));
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir, "s.db")}"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE post_events; DROP TABLE post_products; DROP TABLE posts;"; // as a lost or broken database would
            await drop.ExecuteNonQueryAsync();
        }
        var run = Pipeline(_store).RunAsync([file], _none);
        Assert.That(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))), Is.SameAs(run), "the run ended");
        var ex = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => run);
        Assert.That(ex!.Message, Does.Contain("no such table"));
    }
}
