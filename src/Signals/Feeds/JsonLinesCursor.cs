using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace Signals.Feeds;

/// <summary>
/// Where a JSON Lines feed stopped in each file, and how to tell that the file is still the one read: its identity (device
/// and inode) and a fingerprint of the bytes read (the first and the last <see cref="FingerprintBytes"/> before the offset).
/// A drop file replaced by another — renamed over it, or rewritten with other content — is read again from its start; a
/// file that only grew resumes at the offset. Reading again is always safe (posts are stored once); skipping is data lost.
/// Cursors of older versions (a bare offset per file) are still read: their files resume at the offset once more.
/// </summary>
internal static class JsonLinesCursor
{
    public const int FingerprintBytes = 4096;

    public sealed record Mark(long Offset, string? Identity, string? Fingerprint);

    public static Dictionary<string, Mark> Parse(FeedDefinition feed, string? cursor)
    {
        var marks = new Dictionary<string, Mark>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(cursor)) return marks;
        try
        {
            using var json = JsonDocument.Parse(cursor);
            foreach (var file in json.RootElement.EnumerateObject())
                marks[file.Name] = file.Value.ValueKind == JsonValueKind.Number
                    ? new Mark(file.Value.GetInt64(), null, null)
                    : file.Value.Deserialize<Mark>() ?? new Mark(0, null, null);
            return marks;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new FeedException($"Feed '{feed.Name}': stored cursor is not readable ({ex.Message})", ex);
        }
    }

    public static string Serialize(Dictionary<string, Mark> marks) => JsonSerializer.Serialize(marks);

    /// <summary>Where to start reading <paramref name="stream"/>: the mark's offset when the file is the one marked, else 0 (and why).</summary>
    public static async Task<(long Offset, string? Restart)> StartAsync(FileStream stream, Mark? mark, CancellationToken ct)
    {
        if (mark is null || mark.Offset == 0) return (0, null);
        if (mark.Offset > stream.Length) return (0, "the file is shorter than the offset read (replaced); read from its start");
        if (mark.Identity is not null && Identity(stream.Name) is { } now && now != mark.Identity)
            return (0, "the file was replaced (another inode); read from its start");
        if (mark.Fingerprint is not null && await FingerprintAsync(stream, mark.Offset, ct) != mark.Fingerprint)
            return (0, "the file's content before the offset read changed (replaced); read from its start");
        return (mark.Offset, null);
    }

    public static async Task<Mark> MarkAsync(FileStream stream, long offset, CancellationToken ct) =>
        new(offset, Identity(stream.Name), offset == 0 ? null : await FingerprintAsync(stream, offset, ct));

    /// <summary>SHA-256 (16 bytes, hex) of the file's first and last <see cref="FingerprintBytes"/> before <paramref name="offset"/>: two reads, whatever the size.</summary>
    private static async Task<string> FingerprintAsync(FileStream stream, long offset, CancellationToken ct)
    {
        var headLength = (int)Math.Min(offset, FingerprintBytes);
        var tailStart = Math.Max(headLength, offset - FingerprintBytes);
        var bytes = new byte[headLength + (int)(offset - tailStart)];
        var position = stream.Position;
        stream.Seek(0, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(bytes.AsMemory(0, headLength), ct);
        stream.Seek(tailStart, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(bytes.AsMemory(headLength), ct);
        stream.Seek(position, SeekOrigin.Begin);
        return Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16));
    }

    /// <summary>"device:inode" on Linux (a file renamed over another has a new inode), else null: the fingerprint alone decides.</summary>
    private static string? Identity(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var buffer = new byte[256]; // struct statx: the same layout on every Linux architecture
        try
        {
            if (Statx(-100 /* AT_FDCWD */, path, 0, 0x100 /* STATX_INO */, buffer) != 0) return null;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException) { return null; }
        var inode = BitConverter.ToUInt64(buffer, 32);
        var (major, minor) = (BitConverter.ToUInt32(buffer, 136), BitConverter.ToUInt32(buffer, 140));
        return $"{major}.{minor}:{inode}";
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
