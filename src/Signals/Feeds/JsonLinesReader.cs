using System.Text.Json;

namespace Signals.Feeds;

/// <summary>
/// Reads JSON Lines replay files: one file, or every <c>*.jsonl</c> in a folder. The cursor
/// holds the byte offset reached in each file, so a file that grows is read from where it was
/// left, and a line still being written (no newline yet) waits for the next read.
/// </summary>
public sealed class JsonLinesReader : IFeedReader
{
    public const int DefaultBatchSize = 5_000;
    private readonly int _batchSize;
    private readonly bool _filesAreComplete;

    public JsonLinesReader() : this(DefaultBatchSize) { }

    /// <param name="batchSize">Posts per read at most; the result says HasMore when it stopped there.</param>
    /// <param name="filesAreComplete">True for a replay of finished files: a last line without a newline is read too. A live feed leaves it for the next read, since it may still be being written.</param>
    public JsonLinesReader(int batchSize, bool filesAreComplete = false)
    {
        _batchSize = batchSize;
        _filesAreComplete = filesAreComplete;
    }

    public IReadOnlyCollection<string> Types { get; } = ["jsonl"];

    public async Task<FeedReadResult> ReadAsync(FeedDefinition feed, string? cursor, CancellationToken ct)
    {
        var offsets = ParseCursor(feed, cursor);
        var posts = new List<Post>();
        var problems = new List<string>();
        var hasMore = false;
        foreach (var file in Files(feed))
        {
            offsets.TryGetValue(file, out var offset);
            var (end, full) = await ReadFileAsync(file, offset, _batchSize - posts.Count, _filesAreComplete, posts, problems, ct);
            offsets[file] = end;
            if (full) { hasMore = true; break; }
        }
        return new FeedReadResult(posts, JsonSerializer.Serialize(offsets), problems) { HasMore = hasMore };
    }

    private static IEnumerable<string> Files(FeedDefinition feed)
    {
        var path = Path.GetFullPath(feed.Location);
        // A relative location (the shipped samples/) is found under the working directory, else beside the binary.
        if (!File.Exists(path) && !Directory.Exists(path) && !Path.IsPathRooted(feed.Location)) path = Path.Combine(AppContext.BaseDirectory, feed.Location);
        if (File.Exists(path)) return [path];
        if (Directory.Exists(path)) return Directory.GetFiles(path, "*.jsonl").Order(StringComparer.Ordinal);
        throw new FeedException($"Feed '{feed.Name}': no such file or folder: {path}");
    }

    private static Dictionary<string, long> ParseCursor(FeedDefinition feed, string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return new(StringComparer.Ordinal);
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, long>>(cursor) ?? new(StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new FeedException($"Feed '{feed.Name}': stored cursor is not readable ({ex.Message})", ex);
        }
    }

    /// <summary>Reads complete lines from <paramref name="offset"/> until <paramref name="room"/> posts are taken. Returns the offset after the last consumed line.</summary>
    private static async Task<(long End, bool Full)> ReadFileAsync(
        string file, long offset, int room, bool fileIsComplete, List<Post> posts, List<string> problems, CancellationToken ct)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FeedException($"Cannot read {file}: {ex.Message}", ex);
        }
        await using var _ = stream;
        if (offset > stream.Length) offset = 0; // the file was replaced by a shorter one: start over
        stream.Seek(offset, SeekOrigin.Begin);
        var lineNumber = offset == 0 ? 0 : -1; // line numbers are only known when reading from the start
        var buffer = new byte[1 << 16];
        var pending = new MemoryStream();
        long consumed = offset;
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                ReadOnlySpan<byte> line;
                if (pending.Length > 0)
                {
                    pending.Write(buffer, start, i - start);
                    line = pending.GetBuffer().AsSpan(0, (int)pending.Length);
                }
                else line = buffer.AsSpan(start, i - start);
                consumed += line.Length + 1;
                if (lineNumber >= 0) lineNumber++;
                TakeLine(line, file, lineNumber, consumed, posts, problems);
                pending.SetLength(0);
                start = i + 1;
                if (posts.Count >= room) return (consumed, true);
            }
            pending.Write(buffer, start, read - start);
        }
        if (fileIsComplete && pending.Length > 0)
        {
            consumed += pending.Length;
            TakeLine(pending.GetBuffer().AsSpan(0, (int)pending.Length), file, lineNumber >= 0 ? lineNumber + 1 : -1, consumed, posts, problems);
        }
        return (consumed, false);
    }

    private static void TakeLine(ReadOnlySpan<byte> line, string file, int lineNumber, long endOffset, List<Post> posts, List<string> problems)
    {
        if (!JsonLinesPost.TryParseLine(line, out var post, out var error)) return;
        if (post is not null) posts.Add(post);
        else
        {
            var where = lineNumber >= 0 ? $"line {lineNumber}" : $"line ending at byte {endOffset}";
            problems.Add($"{file} {where}: {error}; line skipped");
        }
    }
}
