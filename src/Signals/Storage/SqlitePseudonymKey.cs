using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Signals.Storage;

/// <summary>
/// The embedded store's pseudonym key when none is configured: 48 random bytes made on first start and kept beside the database
/// (<c>signals.db.pseudonym-key</c>, mode 0600), read back on every later start. A published constant would let anyone recompute
/// pseudonyms from handles; a key of this machine's own, kept with the data it protects, does not. Losing the file is a key
/// rotation (docs/operations.md#privacy); a file that is there but unreadable or too short stops start-up rather than be replaced.
/// </summary>
public static class SqlitePseudonymKey
{
    public const string Suffix = ".pseudonym-key";
    private const int MinimumBytes = 32;

    /// <summary>The options with their key: the configured one, or this database's own (created when missing).</summary>
    public static StorageOptions Resolve(StorageOptions options)
    {
        if (!string.IsNullOrEmpty(options.PseudonymKey)) return options;
        var file = new SqliteConnectionStringBuilder(options.EffectiveConnectionString).DataSource;
        var key = string.IsNullOrEmpty(file) || file == ":memory:" || file.StartsWith("file::memory:", StringComparison.Ordinal)
            ? NewKey() // a database that goes with the process needs a key that goes with it
            : LoadOrCreate(PathFor(file));
        return options.WithKey(key);
    }

    public static string PathFor(string dataSource) => Path.GetFullPath(dataSource) + Suffix;

    private static string LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Written to a private temporary file and moved into place without overwriting: two processes starting at once
            // end up with the same key (the loser reads the winner's), and the key is never readable by others, even briefly.
            var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
                writer.WriteLine(NewKey());
            try { File.Move(temporary, path, overwrite: false); }
            catch (IOException) when (File.Exists(path)) { File.Delete(temporary); }
        }
        string key;
        try { key = File.ReadAllText(path).Trim(); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the pseudonym key of this database: {ex.Message}", ex);
        }
        if (System.Text.Encoding.UTF8.GetByteCount(key) < MinimumBytes)
            throw new InvalidDataException($"{path}: the pseudonym key of this database is shorter than {MinimumBytes} bytes; restore it, or delete it to start a new key (docs/operations.md#privacy)");
        return key;
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
}
