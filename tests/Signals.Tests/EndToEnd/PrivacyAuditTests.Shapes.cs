using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;
using Npgsql;
using Signals.Feeds;
using Signals.Storage;

namespace Signals.Tests.EndToEnd;

/// <summary>
/// The audit again, with the handle shapes the second outside trial found: Bluesky AT URIs under a handle while the author is known
/// by DID, a replay <c>source</c> that is a profile, a Bluesky author's handle in their own text, handles written without an @
/// (<c>reddit.com/user/x</c>, <c>reddit.com/u/x</c>, <c>x.bsky.social</c>), and a refused date's log line. Checked in every column of
/// every table and every e-mail (stored and e-mailed in-process, as above), and in everything <c>replay</c> prints (the logs).
/// </summary>
public sealed partial class PrivacyAuditTests
{
    private static readonly string[] ShapeHandles = ["jeanne.bsky.social", "jeanne", "marie_dupont_42", "thyro_bob", "paul.bsky.social", "paul"];

    private static readonly DateTimeOffset July = new(2017, 7, 15, 10, 0, 0, TimeSpan.Zero);

    private static List<Post> ShapePosts() =>
    [
        new("bsky.app", "at://jeanne.bsky.social/app.bsky.feed.post/3kq2a", "https://bsky.app/profile/jeanne.bsky.social/post/3kq2a", "did:plc:7f3kq2x9abcdw4",
            July, "fr", "moi c'est jeanne.bsky.social : le Levothyrox me donne des crampes"),
        new("mastodon.social/@marie_dupont_42", "m-1", "https://mastodon.social/@marie_dupont_42/109", "marie_dupont_42@mastodon.social",
            July.AddHours(1), "fr", "Levothyrox : fatigue énorme depuis juin"),
        new("reddit.com/user/marie_dupont_42", "t3_abc", "https://www.reddit.com/r/Hypothyroidism/comments/abc/x/", "someone_else",
            July.AddHours(2), "en", "see reddit.com/user/thyro_bob and reddit.com/u/thyro_bob about levothyroxine hair loss, also paul.bsky.social"),
        new("mastodon.social", "https://mastodon.social/users/marie_dupont_42/statuses/110", "https://mastodon.social/@marie_dupont_42/110",
            "marie_dupont_42@mastodon.social", July.AddHours(3), "fr", "Levothyrox et vertiges"),
        new("bsky.app", "at://paul.bsky.social/app.bsky.feed.post/3kq2b", null, null, July.AddHours(4), "en", "Levothyrox gave me headaches"),
        new("marie_dupont_42@mastodon.social", "m-2", null, "marie_dupont_42@mastodon.social", July.AddHours(5), "fr", "Levothyrox : je perds mes cheveux"),
    ];

    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task Handles_in_at_uris_sources_texts_without_an_at_sign_and_refused_dates_appear_in_no_column_email_or_log(string engine)
    {
        var posts = ShapePosts();
        var databases = new List<string>();
        async Task<string> DatabaseAsync(string name) =>
            engine == "postgres" ? (await TestEnvironment.CreateDatabaseAsync(name)).Also(databases.Add) : $"Data Source={Path.Combine(_dir, name + ".db")}";
        try
        {
            // Stored and e-mailed in-process: every column, every e-mail.
            var database = await DatabaseAsync("shapes");
            await using var dataSource = engine == "postgres" ? NpgsqlDataSource.Create(database) : null;
            var store = StorageServiceCollectionExtensions.Create(new StorageOptions { Provider = engine, ConnectionString = database, PseudonymKey = Key },
                TimeProvider.System, () => dataSource!);
            await store.MigrateAsync(CancellationToken.None);
            var outbox = Path.Combine(_dir, "outbox");
            Assert.That(await StoreAndEmailEveryPostAsync(store, posts, outbox), Is.EqualTo(posts.Count), "every post cited");
            var cells = await DumpAsync(engine, database);
            var emails = Directory.GetFiles(outbox, "*.eml").Select(f => MimeMessage.Load(f)).ToList();
            Assert.That(emails, Is.Not.Empty);

            // Replayed by the executable, with one post dated in year 1: everything it prints, and its database.
            var replayDatabase = await DatabaseAsync("shapes_replay");
            var file = Path.Combine(_dir, "shapes.jsonl");
            var absurd = new Post("mastodon.social", "https://mastodon.social/users/marie_dupont_42/statuses/111", null, "marie_dupont_42@mastodon.social",
                new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero), "fr", "Levothyrox et crampes");
            await File.WriteAllLinesAsync(file, posts.Append(absurd).Select(p => JsonSerializer.Serialize(new Dictionary<string, string?>
            {
                ["id"] = p.ExternalId, ["source"] = p.Source, ["url"] = p.Url, ["author"] = p.Author,
                ["createdAt"] = p.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), ["lang"] = p.Language, ["text"] = p.Text,
            })));
            var worker = new WorkerProcess(_dir);
            worker.Environment["Signals__Storage__Provider"] = engine;
            worker.Environment["Signals__Storage__ConnectionString"] = replayDatabase;
            worker.Environment["Signals__Storage__PseudonymKey"] = Key;
            var (exit, stdout, stderr) = await worker.RunAsync("replay", file);
            Assert.That(exit, Is.EqualTo(65), "a refused post is a data problem\n" + stdout + stderr);
            Assert.That(stderr, Does.Contain("createdAt 0001-01-01T00:00:00Z is before"), "the refusal is logged");
            Assert.That(stdout, Does.Contain($"{posts.Count} new"), stdout + stderr);
            var replayed = await DumpAsync(engine, replayDatabase);

            var leaks = new List<string>();
            foreach (var handle in ShapeHandles)
            {
                var pattern = new Regex($@"(?<![\p{{L}}\p{{N}}_]){Regex.Escape(handle)}(?![\p{{L}}\p{{N}}_])", RegexOptions.IgnoreCase);
                leaks.AddRange(cells.Concat(replayed).Where(c => pattern.IsMatch(c.Value)).Select(c => $"{handle} in {c.Table}.{c.Column}: {Shorten(c.Value)}"));
                leaks.AddRange(emails.Where(m => pattern.IsMatch(Everything(m))).Select(m => $"{handle} in e-mail {m.MessageId}"));
                leaks.AddRange((stdout + stderr).Split('\n').Where(l => pattern.IsMatch(l)).Select(l => $"{handle} in the log: {Shorten(l)}"));
            }
            Assert.That(leaks, Is.Empty, $"{leaks.Count} leaks:\n" + string.Join("\n", leaks));
            Assert.That(cells.Where(c => (c.Table, c.Column) == ("posts", "external_id")).Select(c => c.Value),
                Has.Member("at://did:plc:7f3kq2x9abcdw4/app.bsky.feed.post/3kq2a"), "an AT URI under a handle is kept under the author's DID");
            Assert.That(cells.Where(c => (c.Table, c.Column) == ("posts", "source")).Select(c => c.Value).Distinct(),
                Is.EquivalentTo(new[] { "bsky.app", "mastodon.social", "reddit.com" }), "a profile as source keeps its host");
        }
        finally
        {
            foreach (var database in databases) await TestEnvironment.DropDatabaseAsync(database);
        }
    }
}

internal static class AlsoExtension
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
