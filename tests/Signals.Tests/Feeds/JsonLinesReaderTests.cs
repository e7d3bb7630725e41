using System.Text;
using Signals.Feeds;

namespace Signals.Tests.Feeds;

public sealed class JsonLinesReaderTests
{
    private string _dir = null!;

    [SetUp] public void SetUp() => _dir = TestPaths.TempDirectory();
    [TearDown] public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static string Line(string id, string text = "Levothyrox makes me tired") =>
        $$"""{"id":"{{id}}","source":"test","url":"https://example.org/{{id}}","author":"a{{id}}","createdAt":"2017-07-15T10:00:00Z","lang":"en","text":"{{text}}"}""";

    private FeedDefinition Feed(string location) => new() { Name = "replay-test", Type = "jsonl", Location = location };

    [Test]
    public async Task Malformed_line_is_reported_with_its_number_and_the_rest_is_read()
    {
        var file = Path.Combine(_dir, "posts.jsonl");
        await File.WriteAllTextAsync(file, string.Join('\n', Line("1"), "{not json", Line("3"), """{"id":"4","createdAt":"2017-07-15T10:00:00Z"}""", Line("5")) + "\n");

        var result = await new JsonLinesReader().ReadAsync(Feed(file), null, CancellationToken.None);

        Assert.That(result.Posts.Select(p => p.ExternalId), Is.EqualTo(new[] { "1", "3", "5" }));
        Assert.That(result.Problems, Has.Count.EqualTo(2));
        Assert.That(result.Problems[0], Does.Contain(file).And.Contain("line 2").And.Contain("malformed JSON"));
        Assert.That(result.Problems[1], Does.Contain("line 4").And.Contain("missing \"text\""));
    }

    [Test]
    public async Task Cursor_resumes_after_the_last_complete_line_and_waits_for_an_unfinished_one()
    {
        var file = Path.Combine(_dir, "live.jsonl");
        await File.WriteAllTextAsync(file, Line("1") + "\n" + Line("2").Substring(0, 20));
        var reader = new JsonLinesReader();

        var first = await reader.ReadAsync(Feed(file), null, CancellationToken.None);
        Assert.That(first.Posts.Select(p => p.ExternalId), Is.EqualTo(new[] { "1" }));
        Assert.That(first.Problems, Is.Empty, "a line still being written is not a problem");

        await File.WriteAllTextAsync(file, Line("1") + "\n" + Line("2") + "\n" + Line("3") + "\n");
        var second = await reader.ReadAsync(Feed(file), first.Cursor, CancellationToken.None);
        Assert.That(second.Posts.Select(p => p.ExternalId), Is.EqualTo(new[] { "2", "3" }));

        var third = await reader.ReadAsync(Feed(file), second.Cursor, CancellationToken.None);
        Assert.That(third.Posts, Is.Empty);
    }

    [Test]
    public async Task Batch_size_stops_the_read_and_says_more_is_waiting()
    {
        var file = Path.Combine(_dir, "many.jsonl");
        await File.WriteAllLinesAsync(file, Enumerable.Range(1, 7).Select(i => Line(i.ToString())));
        var reader = new JsonLinesReader(batchSize: 3);

        var ids = new List<string>();
        string? cursor = null;
        FeedReadResult result;
        var reads = 0;
        do
        {
            result = await reader.ReadAsync(Feed(file), cursor, CancellationToken.None);
            ids.AddRange(result.Posts.Select(p => p.ExternalId));
            cursor = result.Cursor;
        } while (result.HasMore && ++reads < 10);

        Assert.That(ids, Is.EqualTo(Enumerable.Range(1, 7).Select(i => i.ToString())));
    }

    [Test]
    public async Task A_folder_is_read_file_by_file_and_a_missing_one_names_its_path()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "a.jsonl"), Line("a1") + "\n", Encoding.UTF8);
        await File.WriteAllTextAsync(Path.Combine(_dir, "b.jsonl"), Line("b1") + "\n" + Line("b2", "Euthyrox: crampes et vertiges") + "\n");

        var result = await new JsonLinesReader().ReadAsync(Feed(_dir), null, CancellationToken.None);
        Assert.That(result.Posts.Select(p => p.ExternalId), Is.EqualTo(new[] { "a1", "b1", "b2" }));
        Assert.That(result.Posts[2].Text, Is.EqualTo("Euthyrox: crampes et vertiges"));

        var missing = Path.Combine(_dir, "nope");
        var ex = await Assert.ThrowsAsync<FeedException>(() => new JsonLinesReader().ReadAsync(Feed(missing), null, CancellationToken.None));
        Assert.That(ex!.Message, Does.Contain(missing).And.Contain("replay-test"));
    }
}
