using System.Data.Common;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;
using Signals.Alerts;
using Signals.Classification;
using Signals.Feeds;
using Signals.Storage;
using Signals.Tests.Feeds;

namespace Signals.Tests.EndToEnd;

/// <summary>
/// The README's promise checked as an auditor would: every reader's recorded payloads (../shared/data/feeds-*, served on loopback)
/// are read, every post is stored as if it named a watched product and each is cited by an alert e-mail; then no handle from the
/// input may appear in any column of any table, nor in any e-mail. Needs ../shared (fails, naming the path, when missing).
/// </summary>
public sealed partial class PrivacyAuditTests
{
    private const string Key = "privacy-audit-key-of-at-least-32-bytes";
    private string _dir = null!;

    [SetUp] public void SetUp() => _dir = TestPaths.TempDirectory();
    [TearDown] public void TearDown() { SqliteConnection.ClearAllPools(); Directory.Delete(_dir, recursive: true); }

    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task After_replaying_every_readers_payloads_no_handle_appears_in_the_database_or_in_any_email(string engine)
    {
        var (posts, handles) = await ReadEveryPayloadAsync();
        Assert.That(posts, Has.Count.GreaterThan(300), "the payloads were read");
        Assert.That(handles, Has.Count.GreaterThan(200), "the payloads' handles were found");
        Assert.That(posts.Select(p => p.Source).Distinct().Count(), Is.GreaterThan(5));

        var database = engine == "postgres" ? await TestEnvironment.CreateDatabaseAsync("audit") : $"Data Source={Path.Combine(_dir, "audit.db")}";
        await using var dataSource = engine == "postgres" ? NpgsqlDataSource.Create(database) : null;
        try
        {
            var options = new StorageOptions { Provider = engine, ConnectionString = database, PseudonymKey = Key };
            var store = StorageServiceCollectionExtensions.Create(options, TimeProvider.System, () => dataSource!);
            await store.MigrateAsync(CancellationToken.None);
            var outbox = Path.Combine(_dir, "outbox");
            var cited = await StoreAndEmailEveryPostAsync(store, posts, outbox);
            Assert.That(cited, Is.GreaterThanOrEqualTo(posts.Count * 9 / 10), "(almost) every post is cited by an e-mail");

            var cells = await DumpAsync(engine, database);
            Assert.That(cells.Select(c => c.Table).Distinct(), Is.SupersetOf(new[] { "posts", "post_products", "post_events", "alerts", "alert_examples" }));
            Assert.That(cells.Count(c => c.Table == "posts" && c.Column == "url" && c.Value.Length > 0), Is.GreaterThan(posts.Count / 2), "links are kept, without handles");
            var emails = Directory.GetFiles(outbox, "*.eml").Select(f => MimeMessage.Load(f)).ToList();
            Assert.That(emails, Has.Count.GreaterThan(20));

            var leaks = new List<string>();
            foreach (var handle in handles)
            {
                var pattern = new Regex($@"(?<![\p{{L}}\p{{N}}_]){Regex.Escape(handle)}(?![\p{{L}}\p{{N}}_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                if (GenericWords.Contains(handle))
                {
                    // An ordinary word ("Once you're admin, …" in an Atom article) is no identity: in texts only its @mention counts.
                    var mention = new Regex($@"@{Regex.Escape(handle)}(?![\p{{L}}\p{{N}}_])", RegexOptions.IgnoreCase);
                    leaks.AddRange(cells.Where(c => (c.Table, c.Column) == ("posts", "text") ? mention.IsMatch(c.Value) : pattern.IsMatch(c.Value))
                        .Select(c => $"{handle} in {c.Table}.{c.Column}: {Shorten(c.Value)}"));
                    leaks.AddRange(emails.Where(m => mention.IsMatch(Everything(m))).Select(m => $"{handle} in e-mail {m.MessageId}"));
                    continue;
                }
                leaks.AddRange(cells.Where(c => pattern.IsMatch(c.Value)).Select(c => $"{handle} in {c.Table}.{c.Column}: {Shorten(c.Value)}"));
                leaks.AddRange(emails.Where(m => pattern.IsMatch(Everything(m))).Select(m => $"{handle} in e-mail {m.MessageId}"));
            }
            Assert.That(leaks, Is.Empty, $"{leaks.Count} leaks:\n" + string.Join("\n", leaks));
            var hrefs = emails.SelectMany(m => Alerts.SafeLinkTests.HrefsOf(m.HtmlBody!)).ToList();
            Assert.That(hrefs, Is.Not.Empty);
            Assert.That(hrefs.Where(h => !Regex.IsMatch(h, "^https?://") || h.Length > SafeLink.MaxLength), Is.Empty, "every href is http(s) and short");
        }
        finally
        {
            if (engine == "postgres") await TestEnvironment.DropDatabaseAsync(database);
        }
    }

    /// <summary>Handles in the payloads that are also ordinary English words (the Mastodon test server's "admin" account).</summary>
    private static readonly HashSet<string> GenericWords = new(StringComparer.OrdinalIgnoreCase) { "admin" };

    /// <summary>What an auditor reads: every header and both bodies.</summary>
    private static string Everything(MimeMessage message) =>
        string.Join("\n", message.Headers.Select(h => h.Value)) + "\n" + message.TextBody + "\n" + message.HtmlBody;

    private static string Shorten(string value) => value.Length <= 160 ? value : value[..160] + "…";

    /// <summary>Stores every post (as an adverse-event post about a product of its own group of eight, in date order) and e-mails one alert per group, so every post can be cited. Returns how many posts the e-mails cited.</summary>
    private static async Task<int> StoreAndEmailEveryPostAsync(ISignalStore store, IReadOnlyList<Post> posts, string outbox)
    {
        var groups = posts.OrderBy(p => p.CreatedAt).Chunk(EpisodeReporter.ExampleCount).Select((g, i) => (Product: $"audit-{i:D3}", Posts: g)).ToList();
        foreach (var (product, group) in groups)
        {
            await store.AddPostsAsync(group.Select(p => new ScoredPost(p, [product], ["fatigue"], 0.9f, PostCategory.AdverseEvent, "audit@1")).ToList(), CancellationToken.None);
            var (first, last) = (DateOnly.FromDateTime(group[0].CreatedAt.UtcDateTime), DateOnly.FromDateTime(group[^1].CreatedAt.UtcDateTime));
            await store.AddAlertAsync(new Alert(0, $"{product}|*|{first:yyyy-MM-dd}", product, null, first, last, group.Length, 1.0, 2.0,
                AlertStatus.Pending, 0, null, DateTimeOffset.UtcNow, null) { Score = 3 }, CancellationToken.None);
        }
        var email = Options.Create(new EmailOptions { PickupDirectory = outbox });
        var dispatcher = new AlertDispatcher(store, new AlertEmailComposer(email), Signals.Tests.Alerts.SurgeReplay.ReporterFor(store),
            new PickupDirectoryMailTransport(email), email, TimeProvider.System,
            NullLogger<AlertDispatcher>.Instance, new LeaseOwner());
        while (await dispatcher.DispatchPendingAsync(CancellationToken.None) > 0) { }
        var alerts = await store.ListAlertsAsync(CancellationToken.None);
        Assert.That(alerts.Select(a => a.Status), Has.All.EqualTo(AlertStatus.Sent), string.Join("; ", alerts.Select(a => a.LastError).Distinct()));
        var cited = 0;
        foreach (var (product, group) in groups)
            cited += (await store.GetExamplePostsAsync(product, DateOnly.FromDateTime(group[0].CreatedAt.UtcDateTime).AddDays(-2),
                DateOnly.FromDateTime(group[^1].CreatedAt.UtcDateTime), EpisodeReporter.ExampleCount, CancellationToken.None)).Count;
        return cited;
    }

    private sealed record Cell(string Table, string Column, string Value);

    /// <summary>Every value of every column of every table, as text.</summary>
    private static async Task<List<Cell>> DumpAsync(string engine, string connectionString)
    {
        await using DbConnection connection = engine == "postgres" ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = engine == "postgres"
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                : "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var cells = new List<Cell>();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++)
                    if (!reader.IsDBNull(i)) cells.Add(new Cell(table, reader.GetName(i), Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? ""));
        }
        return cells;
    }

    /// <summary>Serves every recorded payload through its reader on loopback; returns the posts read and every handle in the payloads.</summary>
    private static async Task<(List<Post> Posts, HashSet<string> Handles)> ReadEveryPayloadAsync()
    {
        var routes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var server = new LoopbackHttpServer(async (request, response) =>
        {
            if (!routes.TryGetValue(request.Url!.AbsolutePath, out var body)) { response.StatusCode = 404; return; }
            response.ContentType = request.Url.AbsolutePath.EndsWith(".xml", StringComparison.Ordinal) ? "application/xml" : "application/json";
            await response.OutputStream.WriteAsync(body);
        });
        var handles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var feeds = new List<FeedDefinition>();
        void Serve(string type, string path, string query, byte[] body)
        {
            routes["/" + path] = body;
            feeds.Add(new FeedDefinition { Name = path, Type = type, Location = server.Url(path) + query });
        }

        var bluesky = TestPaths.Shared("data/feeds-bluesky");
        foreach (var file in Directory.GetFiles(bluesky, "*.json*"))
            Collect(file.EndsWith(".jsonl", StringComparison.Ordinal) ? File.ReadLines(file).Select(l => JsonNode.Parse(l)).ToList() : new List<JsonNode?> { JsonNode.Parse(File.ReadAllText(file)) },
                handles, "handle");
        foreach (var name in new[] { "searchPosts", "getPosts" })
            Serve("bluesky", $"xrpc/app.bsky.feed.{name}", "?q=audit", File.ReadAllBytes(Path.Combine(bluesky, $"{name}.json")));

        var mastodon = TestPaths.Shared("data/feeds-mastodon");
        foreach (var file in Directory.GetFiles(mastodon, "*.json"))
        {
            var root = JsonNode.Parse(File.ReadAllText(file))!;
            Collect([root], handles, "acct", "username");
            // Timelines are arrays; a single status, a context (ancestors, descendants) or an edit history become one.
            var statuses = root is JsonArray array ? array
                : root["ancestors"] is JsonArray ancestors ? new JsonArray([.. ancestors.Select(n => n!.DeepClone()), .. root["descendants"]!.AsArray().Select(n => n!.DeepClone())])
                : new JsonArray(root.DeepClone());
            Serve("mastodon", $"mastodon/{Path.GetFileNameWithoutExtension(file)}/api/v1/timelines/public", "", Encoding.UTF8.GetBytes(statuses.ToJsonString()));
        }

        var reddit = TestPaths.Shared("data/feeds-reddit");
        foreach (var file in Directory.GetFiles(reddit, "*.json"))
        {
            var root = JsonNode.Parse(File.ReadAllText(file))!;
            Collect([root], handles, "author", "author_fullname");
            // Every Listing in the file — the top one, each of a comment page's two, and every reply tree's — is a page of its own.
            var listings = Nodes(root).OfType<JsonObject>().Where(o => o["kind"]?.GetValue<string>() == "Listing").ToList();
            for (var i = 0; i < listings.Count; i++)
                Serve("reddit", $"reddit/{Path.GetFileNameWithoutExtension(file)}/{i}/new.json", "", Encoding.UTF8.GetBytes(listings[i].ToJsonString()));
        }
        handles.ExceptWith(["[deleted]", "[removed]"]);

        var rss = TestPaths.Shared("data/feeds-rss-atom");
        foreach (var file in Directory.GetFiles(rss, "*.xml"))
        {
            var xml = XDocument.Load(file);
            foreach (var e in xml.Descendants().Where(e => e.Name.LocalName is "author" or "creator" or "contributor"))
                handles.Add((e.Elements().FirstOrDefault(c => c.Name.LocalName == "name")?.Value ?? e.Value).Trim());
            Serve("atom", $"rss/{Path.GetFileName(file)}", "", File.ReadAllBytes(file));
        }
        handles.RemoveWhere(h => h.Length < 3);

        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var http = services.GetRequiredService<IHttpClientFactory>();
        var feedsOptions = Options.Create(new FeedsOptions { StreamWindow = TimeSpan.FromSeconds(2), StreamBatch = 10_000 });
        IFeedReader[] readers = [new BlueskyReader(http, feedsOptions), new MastodonReader(http, feedsOptions), new RedditReader(http, feedsOptions),
            new RssAtomReader(http, feedsOptions, TimeProvider.System)];
        var posts = new List<Post>();
        foreach (var feed in feeds)
        {
            var result = await readers.Single(r => r.Types.Contains(feed.Type)).ReadAsync(feed, null, CancellationToken.None);
            posts.AddRange(result.Posts);
        }

        var events = Directory.GetFiles(bluesky, "jetstream-*.jsonl").SelectMany(File.ReadLines).ToList();
        using var jetstream = LoopbackHttpServer.WebSocket(async (_, socket) =>
        {
            foreach (var line in events) await socket.SendAsync(Encoding.UTF8.GetBytes(line), WebSocketMessageType.Text, true, CancellationToken.None);
            var sink = new byte[1024];
            try { while ((await socket.ReceiveAsync(sink, CancellationToken.None)).MessageType != WebSocketMessageType.Close) { } }
            catch (WebSocketException) { /* the reader left */ }
        });
        var stream = new FeedDefinition { Name = "jetstream", Type = "jetstream", Location = jetstream.WebSocketUrl("subscribe") };
        posts.AddRange((await new JetstreamReader(feedsOptions).ReadAsync(stream, null, CancellationToken.None)).Posts);
        Assert.That(posts.Count(p => p.ExternalId.StartsWith("at://", StringComparison.Ordinal) && p.Source == "bsky.app"), Is.GreaterThan(30), "Bluesky search and Jetstream read");
        return (posts.DistinctBy(p => (p.Source, p.ExternalId)).ToList(), handles);
    }

    private static IEnumerable<JsonNode> Nodes(JsonNode? node)
    {
        if (node is null) yield break;
        yield return node;
        var children = node switch { JsonObject o => o.Select(p => p.Value), JsonArray a => a.AsEnumerable(), _ => [] };
        foreach (var child in children)
            foreach (var descendant in Nodes(child)) yield return descendant;
    }

    private static void Collect(IEnumerable<JsonNode?> roots, HashSet<string> into, params string[] properties)
    {
        foreach (var node in roots.SelectMany(Nodes).OfType<JsonObject>())
            foreach (var property in properties)
                if (node[property] is JsonValue value && value.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s)) into.Add(s.Trim());
    }
}
