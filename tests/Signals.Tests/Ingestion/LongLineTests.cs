using System.Text;
using Microsoft.Extensions.Options;
using Signals.Feeds;
using Signals.Ingestion;
using Signals.Tests.EndToEnd;
using Signals.Tests.Storage;

namespace Signals.Tests.Ingestion;

/// <summary>
/// Issue 22, item 5: a JSON Lines line over the cap (<see cref="IngestionOptions.MaxLineBytes"/>) is skipped and named with flat
/// memory, and the good line after it is kept — in a replay and in a drop folder read by the worker.
/// </summary>
public sealed class LongLineTests
{
    private string _dir = null!;

    [SetUp] public void SetUp() => _dir = TestPaths.TempDirectory();
    [TearDown] public void TearDown() => TempSqliteStore.Delete(_dir);

    private static string Line(string id, string text = "Levothyrox: crampes depuis une semaine") =>
        $$"""{"id":"{{id}}","author":"a{{id}}","createdAt":"2017-07-20T07:00:00Z","text":"{{text}}"}""";

    /// <summary>A good line, a line of <paramref name="hostileBytes"/> NUL bytes (a sparse file: no disk, no time to write), a good line.</summary>
    private string HostileFile(long hostileBytes)
    {
        var path = Path.Combine(_dir, "hostile.jsonl");
        using var file = new FileStream(path, FileMode.Create);
        file.Write(Encoding.UTF8.GetBytes(Line("before") + "\n"));
        file.SetLength(file.Length + hostileBytes);
        file.Seek(0, SeekOrigin.End);
        file.Write(Encoding.UTF8.GetBytes("\n" + Line("after") + "\n"));
        return path;
    }

    [Test]
    public async Task A_replayed_line_over_a_gibibyte_is_skipped_and_named_with_flat_memory_and_the_line_after_it_is_kept()
    {
        var file = HostileFile((1L << 30) + 4096);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);

        var posts = new List<string>();
        var problems = new List<string>();
        await foreach (var batch in new JsonLinesSource(100, DateTimeOffset.UtcNow).ReadAsync([file], problems, CancellationToken.None))
            posts.AddRange(batch.Select(p => p.ExternalId));

        var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (1 << 20);
        Assert.That(posts, Is.EqualTo(new[] { "before", "after" }));
        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.Contain(file).And.Contain("line 2").And.Contain("MaxLineBytes").And.Contain("skipped"));
        Assert.That(allocatedMb, Is.LessThan(64), "the line is counted, not held: at most the 16 MiB buffer");
    }

    [Test]
    public async Task A_drop_file_line_over_a_gibibyte_is_skipped_and_named_with_flat_memory_and_the_line_after_it_is_kept()
    {
        var file = HostileFile((1L << 30) + 4096);
        var reader = new JsonLinesReader(Options.Create(new IngestionOptions()));
        var allocated = GC.GetTotalAllocatedBytes(precise: true);

        var result = await reader.ReadAsync(new FeedDefinition { Name = "drop", Type = "jsonl", Location = file }, null, CancellationToken.None);

        var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (1 << 20);
        Assert.That(result.Posts.Select(p => p.ExternalId), Is.EqualTo(new[] { "before", "after" }));
        Assert.That(result.Problems.Single(), Does.Contain(file).And.Contain("line 2").And.Contain("MaxLineBytes"));
        Assert.That(allocatedMb, Is.LessThan(128), "the line is counted, not held: at most twice the 16 MiB cap");
        var again = await reader.ReadAsync(new FeedDefinition { Name = "drop", Type = "jsonl", Location = file }, result.Cursor, CancellationToken.None);
        Assert.That(again.Posts, Is.Empty, "the cursor went past the long line");
    }

    [Test]
    public async Task Replay_names_a_line_over_the_configured_cap_stores_the_others_and_exits_65()
    {
        var file = Path.Combine(_dir, "posts.jsonl");
        await File.WriteAllLinesAsync(file, [Line("1"), Line("2", "Levothyrox " + new string('x', 200_000)), Line("3", "Levothyrox et fatigue")]);
        var worker = new WorkerProcess(_dir);
        worker.Environment["Signals__Ingestion__MaxLineBytes"] = "65536";

        var (exit, stdout, stderr) = await worker.RunAsync("replay", file);

        Assert.That(exit, Is.EqualTo(65), "a data error, as any skipped line: " + stdout + stderr);
        Assert.That(stdout + stderr, Does.Contain("posts.jsonl line 2").And.Contain("longer than 65536 (Signals:Ingestion:MaxLineBytes); line skipped"));
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={worker.DatabasePath};Mode=ReadOnly");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT group_concat(external_id) FROM (SELECT external_id FROM posts ORDER BY external_id)";
        Assert.That(cmd.ExecuteScalar(), Is.EqualTo("1,3"));
    }
}
