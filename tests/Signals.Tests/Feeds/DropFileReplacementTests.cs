using Signals.Feeds;

namespace Signals.Tests.Feeds;

/// <summary>
/// Issue 22, item 6: a JSON Lines drop file replaced by a longer one is read from its start (identity and the content read
/// are checked, not only the size), while a file that only grew is read on from where it was left.
/// </summary>
public sealed class DropFileReplacementTests
{
    private string _dir = null!;

    [SetUp] public void SetUp() => _dir = TestPaths.TempDirectory();
    [TearDown] public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static IEnumerable<string> Lines(string prefix, int count) => Enumerable.Range(0, count).Select(i =>
        $$"""{"id":"{{prefix}}-{{i}}","author":"a{{i % 7}}","createdAt":"2017-07-20T07:00:00Z","text":"Levothyrox et crampes ({{i}})"}""");

    private FeedDefinition Feed(string location) => new() { Name = "drop", Type = "jsonl", Location = location };

    private static async Task<FeedReadResult> ReadAllAsync(JsonLinesReader reader, FeedDefinition feed, string? cursor)
    {
        var result = await reader.ReadAsync(feed, cursor, CancellationToken.None);
        Assert.That(result.HasMore, Is.False);
        return result;
    }

    [Test]
    public async Task A_file_renamed_over_the_one_read_is_read_from_its_start()
    {
        var file = Path.Combine(_dir, "drop.jsonl");
        await File.WriteAllLinesAsync(file, Lines("old", 100));
        var reader = new JsonLinesReader();
        var first = await ReadAllAsync(reader, Feed(_dir), null);

        await File.WriteAllLinesAsync(file + ".tmp", Lines("new", 200)); // the usual atomic drop: write aside, rename over
        File.Move(file + ".tmp", file, overwrite: true);
        var second = await ReadAllAsync(reader, Feed(_dir), first.Cursor);

        Assert.That(first.Posts, Has.Count.EqualTo(100));
        Assert.That(second.Posts.Select(p => p.ExternalId), Is.EqualTo(Lines("new", 200).Select((_, i) => $"new-{i}")), "none of the 200 new posts skipped");
        Assert.That(second.Problems, Has.Some.Contains("replaced"));
    }

    [Test]
    public async Task A_file_rewritten_in_place_with_other_longer_content_is_read_from_its_start()
    {
        var file = Path.Combine(_dir, "drop.jsonl");
        await File.WriteAllLinesAsync(file, Lines("old", 100));
        var reader = new JsonLinesReader();
        var first = await ReadAllAsync(reader, Feed(file), null);

        await File.WriteAllLinesAsync(file, Lines("new", 200)); // truncated and written again: the same inode
        var second = await ReadAllAsync(reader, Feed(file), first.Cursor);

        Assert.That(second.Posts, Has.Count.EqualTo(200));
        Assert.That(second.Posts[0].ExternalId, Is.EqualTo("new-0"));
    }

    [Test]
    public async Task A_file_that_only_grew_is_read_on_from_where_it_was_left_even_from_an_older_cursor()
    {
        var file = Path.Combine(_dir, "drop.jsonl");
        await File.WriteAllLinesAsync(file, Lines("a", 100));
        var reader = new JsonLinesReader();
        var first = await ReadAllAsync(reader, Feed(file), null);
        await File.AppendAllLinesAsync(file, Lines("b", 50));

        var second = await ReadAllAsync(reader, Feed(file), first.Cursor);
        var offset = new FileInfo(file).Length - Lines("b", 50).Sum(l => l.Length + 1);
        var older = await ReadAllAsync(reader, Feed(file), $$"""{"{{file}}":{{offset}}}"""); // a cursor written before identities were kept

        Assert.That(second.Posts.Select(p => p.ExternalId), Is.EqualTo(Enumerable.Range(0, 50).Select(i => $"b-{i}")));
        Assert.That(second.Problems, Is.Empty);
        Assert.That(older.Posts, Has.Count.EqualTo(50));
    }
}
