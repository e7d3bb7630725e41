using Microsoft.Extensions.Options;
using Signals.Ingestion;

namespace Signals.Feeds;

/// <summary>
/// Reads JSON Lines drop files: one file, or every <c>*.jsonl</c> in a folder. The cursor holds the byte offset reached in
/// each file with the file's identity and a fingerprint of what was read (<see cref="JsonLinesCursor"/>), so a file that grows
/// is read from where it was left, a file replaced by another is read from its start, and a line still being written (no
/// newline yet) waits for the next read. A line longer than <see cref="IngestionOptions.MaxLineBytes"/> is skipped and
/// named without being held in memory.
/// </summary>
public sealed class JsonLinesReader : IFeedReader
{
    public const int DefaultBatchSize = 5_000;
    private readonly int _batchSize;
    private readonly bool _filesAreComplete;
    private readonly int _maxLineBytes;

    public JsonLinesReader() : this(DefaultBatchSize) { }

    public JsonLinesReader(IOptions<IngestionOptions> options) : this(DefaultBatchSize, maxLineBytes: options.Value.MaxLineBytes) { }

    /// <param name="batchSize">Posts per read at most; the result says HasMore when it stopped there.</param>
    /// <param name="filesAreComplete">True for a replay of finished files: a last line without a newline is read too. A live feed leaves it for the next read, since it may still be being written.</param>
    /// <param name="maxLineBytes">A longer line is skipped and named (<see cref="IngestionOptions.MaxLineBytes"/>).</param>
    public JsonLinesReader(int batchSize, bool filesAreComplete = false, int maxLineBytes = IngestionOptions.DefaultMaxLineBytes)
    {
        _batchSize = batchSize;
        _filesAreComplete = filesAreComplete;
        _maxLineBytes = maxLineBytes;
    }

    public IReadOnlyCollection<string> Types { get; } = ["jsonl"];

    public async Task<FeedReadResult> ReadAsync(FeedDefinition feed, string? cursor, CancellationToken ct)
    {
        var marks = JsonLinesCursor.Parse(feed, cursor);
        var posts = new List<Post>();
        var problems = new List<string>();
        var hasMore = false;
        foreach (var file in Files(feed))
        {
            var (mark, full) = await ReadFileAsync(file, marks.GetValueOrDefault(file), _batchSize - posts.Count, posts, problems, ct);
            marks[file] = mark;
            if (full) { hasMore = true; break; }
        }
        return new FeedReadResult(posts, JsonLinesCursor.Serialize(marks), problems) { HasMore = hasMore };
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

    /// <summary>Reads complete lines from where <paramref name="mark"/> says until <paramref name="room"/> posts are taken. Returns the mark after the last consumed line.</summary>
    private async Task<(JsonLinesCursor.Mark Mark, bool Full)> ReadFileAsync(
        string file, JsonLinesCursor.Mark? mark, int room, List<Post> posts, List<string> problems, CancellationToken ct)
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
        var (offset, restart) = await JsonLinesCursor.StartAsync(stream, mark, ct);
        if (restart is not null) problems.Add($"{file}: {restart}");
        stream.Seek(offset, SeekOrigin.Begin);
        var lineNumber = offset == 0 ? 0 : -1; // line numbers are only known when reading from the start
        var buffer = new byte[1 << 16];
        var pending = new MemoryStream(); // the start of a line that spans reads; never more than the longest line allowed
        long consumed = offset, lineBytes = 0;
        var tooLong = false;
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            var start = 0;
            int newline;
            while ((newline = buffer.AsSpan(start, read - start).IndexOf((byte)'\n')) >= 0)
            {
                var length = lineBytes + newline;
                consumed += length + 1;
                if (lineNumber >= 0) lineNumber++;
                if (tooLong || length > _maxLineBytes) problems.Add(TooLong(file, lineNumber, consumed, length));
                else if (lineBytes == 0) TakeLine(buffer.AsSpan(start, newline), file, lineNumber, consumed, posts, problems);
                else
                {
                    pending.Write(buffer, start, newline);
                    TakeLine(pending.GetBuffer().AsSpan(0, (int)pending.Length), file, lineNumber, consumed, posts, problems);
                }
                pending.SetLength(0);
                (lineBytes, tooLong, start) = (0, false, start + newline + 1);
                if (posts.Count >= room) return (await JsonLinesCursor.MarkAsync(stream, consumed, ct), true);
            }
            lineBytes += read - start;
            if (!tooLong && lineBytes > _maxLineBytes) { tooLong = true; pending.SetLength(0); } // the rest of it is only counted
            if (!tooLong) pending.Write(buffer, start, read - start);
        }
        if (_filesAreComplete && lineBytes > 0)
        {
            consumed += lineBytes;
            if (lineNumber >= 0) lineNumber++;
            if (tooLong) problems.Add(TooLong(file, lineNumber, consumed, lineBytes));
            else TakeLine(pending.GetBuffer().AsSpan(0, (int)pending.Length), file, lineNumber, consumed, posts, problems);
        }
        return (await JsonLinesCursor.MarkAsync(stream, consumed, ct), false);
    }

    private string TooLong(string file, int lineNumber, long endOffset, long length) =>
        $"{file} {Where(lineNumber, endOffset)}: {length} bytes, longer than {_maxLineBytes} (Signals:Ingestion:MaxLineBytes); line skipped";

    private static string Where(int lineNumber, long endOffset) => lineNumber >= 0 ? $"line {lineNumber}" : $"line ending at byte {endOffset}";

    private static void TakeLine(ReadOnlySpan<byte> line, string file, int lineNumber, long endOffset, List<Post> posts, List<string> problems)
    {
        if (!JsonLinesPost.TryParseLine(line, out var post, out var error)) return;
        if (post is not null) posts.Add(post);
        else
        {
            problems.Add($"{file} {Where(lineNumber, endOffset)}: {error}; line skipped");
        }
    }
}
