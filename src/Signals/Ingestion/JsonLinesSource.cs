using System.Runtime.CompilerServices;
using Signals.Feeds;

namespace Signals.Ingestion;

/// <summary>
/// Reads finished JSON Lines files (or every <c>*.jsonl</c> of a folder) start to end as batches of posts, for the
/// streaming pipeline. Unlike the feed reader it keeps no cursor and never holds more than one batch: a replay of
/// ten million posts reads in the memory of a few thousand. Lines are found with a vectorised search in large reads.
/// Problems (a missing file, a bad line) are collected, named by file and line, and the rest is read.
/// </summary>
/// <param name="now">The instant posts may not be dated after (see <see cref="PostLimits.DateProblem"/>).</param>
/// <param name="maxLineBytes">A longer line is skipped and named, with the memory of one buffer (<see cref="IngestionOptions.MaxLineBytes"/>).</param>
public sealed class JsonLinesSource(int batchSize, DateTimeOffset now, int maxLineBytes = IngestionOptions.DefaultMaxLineBytes)
{
    private const int ReadSize = 1 << 20;

    public async IAsyncEnumerable<List<Post>> ReadAsync(IReadOnlyList<string> paths, List<string> problems, [EnumeratorCancellation] CancellationToken ct)
    {
        var batch = new List<Post>(batchSize);
        foreach (var file in Files(paths, problems))
        {
            FileStream stream;
            try
            {
                stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add($"Cannot read {file}: {ex.Message}");
                continue;
            }
            await using var _ = stream;
            var buffer = new byte[Math.Min(ReadSize, maxLineBytes + 1)];
            int filled = 0, lineNumber = 0, read;
            long skipped = 0; // bytes of an over-long line dropped so far: it is counted, never held
            do
            {
                if (filled == buffer.Length)
                {
                    // No newline in a full buffer: a long line. It grows up to the cap, and past the cap is only counted.
                    if (filled > maxLineBytes) { skipped += filled; filled = 0; }
                    else Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, maxLineBytes + 1L));
                }
                read = await stream.ReadAsync(buffer.AsMemory(filled), ct);
                filled += read;
                var start = 0;
                while (true)
                {
                    var end = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                    if (end < 0)
                    {
                        if (read > 0) break;
                        end = filled - start; // the last line of the file, without a newline
                        if (end == 0 && skipped == 0) break;
                    }
                    ++lineNumber;
                    if (skipped > 0 || end > maxLineBytes)
                        problems.Add($"{file} line {lineNumber}: {skipped + end} bytes, longer than {maxLineBytes} (Signals:Ingestion:MaxLineBytes); line skipped");
                    else Take(buffer.AsSpan(start, end), file, lineNumber, batch, problems);
                    skipped = 0;
                    start += Math.Min(end + 1, filled - start);
                    if (batch.Count < batchSize) continue;
                    yield return batch;
                    batch = new List<Post>(batchSize);
                }
                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
            } while (read > 0);
        }
        if (batch.Count > 0) yield return batch;
    }

    private void Take(ReadOnlySpan<byte> line, string file, int lineNumber, List<Post> batch, List<string> problems)
    {
        if (!JsonLinesPost.TryParseLine(line, out var post, out var error)) return;
        if (post is not null && PostLimits.DateProblem(post, now) is { } refused) problems.Add($"{file} line {lineNumber}: {refused}");
        else if (post is not null) batch.Add(post);
        else problems.Add($"{file} line {lineNumber}: {error}; line skipped");
    }

    private static IEnumerable<string> Files(IReadOnlyList<string> paths, List<string> problems)
    {
        foreach (var given in paths)
        {
            var path = Path.GetFullPath(given);
            if (File.Exists(path)) yield return path;
            else if (Directory.Exists(path))
                foreach (var file in Directory.GetFiles(path, "*.jsonl").Order(StringComparer.Ordinal)) yield return file;
            else problems.Add($"no such file or folder: {path}");
        }
    }
}
