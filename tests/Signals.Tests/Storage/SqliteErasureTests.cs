using System.Text;
using Microsoft.Data.Sqlite;
using Signals.Storage;
using static Signals.Tests.Storage.Posts;

namespace Signals.Tests.Storage;

/// <summary>
/// What <c>forget</c> leaves in the SQLite files themselves, read as bytes: SQLite does not zero a row's old content when it is
/// overwritten, so without secure_delete and a checkpoint the "deleted" text and link stay in the database file (or its WAL).
/// </summary>
public sealed class SqliteErasureTests
{
    private string _dir = null!;

    [SetUp] public void SetUp() => _dir = TestPaths.TempDirectory();
    [TearDown] public void TearDown() { SqliteConnection.ClearAllPools(); Directory.Delete(_dir, recursive: true); }

    private static bool FileHolds(string path, string text) =>
        File.Exists(path) && Encoding.UTF8.GetString(File.ReadAllBytes(path)).Contains(text, StringComparison.Ordinal);

    [Test]
    public async Task A_forgotten_authors_text_and_link_are_in_neither_the_database_file_nor_its_wal_afterwards()
    {
        var db = Path.Combine(_dir, "signals.db");
        var store = new SqliteSignalStore(new StorageOptions { ConnectionString = $"Data Source={db}", PseudonymKey = "sqlite-erasure-test-key" }, TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        const string secret = "Levothyrox-et-ma-voisine-Zoe-Quinquempoix-a-Tourcoing";
        await store.AddPostsAsync(
        [
            Scored("z1", "zoe.q", Day(15), text: secret + " : fatigue"), Scored("z2", "zoe.q", Day(16), text: secret + " : crampes"),
            Scored("b1", "bob", Day(15), text: "Levothyrox: je perds mes cheveux"),
        ], CancellationToken.None);
        SqliteConnection.ClearAllPools(); // the last connection's close checkpoints: the text is now in the database file itself
        Assert.That(FileHolds(db, secret) || FileHolds(db + "-wal", secret), Is.True, "before: the text is in the files");
        Assert.That(FileHolds(db, "https://example.org/z1") || FileHolds(db + "-wal", "https://example.org/z1"), Is.True);

        Assert.That(await store.ForgetAuthorAsync("zoe.q", CancellationToken.None), Is.EqualTo(2));

        Assert.That(FileHolds(db, secret), Is.False, "database file");
        Assert.That(FileHolds(db + "-wal", secret), Is.False, "write-ahead log");
        Assert.That(FileHolds(db, "https://example.org/z1") || FileHolds(db + "-wal", "https://example.org/z1"), Is.False, "the link");
        Assert.That(FileHolds(db, "je perds mes cheveux") || FileHolds(db + "-wal", "je perds mes cheveux"), Is.True, "other authors' posts stay");
    }

    [Test, System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Without_a_configured_key_the_embedded_store_makes_a_random_one_beside_the_database_with_mode_0600_and_reuses_it()
    {
        var db = Path.Combine(_dir, "signals.db");
        var keyFile = db + SqlitePseudonymKey.Suffix;
        var first = new SqliteSignalStore(new StorageOptions { ConnectionString = $"Data Source={db}" }, TimeProvider.System);
        await first.MigrateAsync(CancellationToken.None);
        await first.AddPostsAsync([Scored("a1", "marie.dupont", Day(15))], CancellationToken.None);

        Assert.That(File.Exists(keyFile), Is.True, keyFile);
        Assert.That(File.GetUnixFileMode(keyFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        var key = File.ReadAllText(keyFile).Trim();
        Assert.That(Convert.FromBase64String(key), Has.Length.EqualTo(48));
        var stored = await Scalar(db, "SELECT author_pseudonym FROM posts WHERE external_id = 'a1'");
        Assert.That(stored, Is.EqualTo(AuthorPseudonym.Of("marie.dupont", key)), "the file's key is the one used");
        Assert.That(stored, Is.Not.EqualTo(AuthorPseudonym.Of("marie.dupont", StorageOptions.DevelopmentKey)), "not the published constant");

        SqliteConnection.ClearAllPools();
        var second = new SqliteSignalStore(new StorageOptions { ConnectionString = $"Data Source={db}" }, TimeProvider.System);
        await second.AddPostsAsync([Scored("a2", "marie.dupont", Day(16))], CancellationToken.None);
        Assert.That(File.ReadAllText(keyFile).Trim(), Is.EqualTo(key), "reused, not replaced");
        Assert.That(await Scalar(db, "SELECT author_pseudonym FROM posts WHERE external_id = 'a2'"), Is.EqualTo(stored), "the same author, the same pseudonym");
        Assert.That(await second.ForgetAuthorAsync("marie.dupont", CancellationToken.None), Is.EqualTo(2), "forget finds them with the kept key");

        var other = Path.Combine(_dir, "other.db");
        var third = new SqliteSignalStore(new StorageOptions { ConnectionString = $"Data Source={other}" }, TimeProvider.System);
        await third.MigrateAsync(CancellationToken.None);
        Assert.That(File.ReadAllText(other + SqlitePseudonymKey.Suffix).Trim(), Is.Not.EqualTo(key), "each database its own key");
    }

    [Test]
    public void A_key_file_that_is_there_but_too_short_stops_start_up_instead_of_being_replaced()
    {
        var db = Path.Combine(_dir, "signals.db");
        File.WriteAllText(db + SqlitePseudonymKey.Suffix, "short\n");
        var error = Assert.Throws<InvalidDataException>(() => new SqliteSignalStore(new StorageOptions { ConnectionString = $"Data Source={db}" }, TimeProvider.System));
        Assert.That(error!.Message, Does.Contain(db + SqlitePseudonymKey.Suffix).And.Contain("shorter than 32 bytes"));
        Assert.That(File.ReadAllText(db + SqlitePseudonymKey.Suffix), Is.EqualTo("short\n"));
    }

    private static async Task<object?> Scalar(string db, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync();
    }
}
