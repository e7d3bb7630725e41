using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Signals.Alerts;
using Signals.Detection;
using Signals.Matching;
using Signals.Review;
using Signals.Storage;
using Signals.Tests.EndToEnd;
using Signals.Tests.Feeds;

namespace Signals.Tests.Alerts;

/// <summary>
/// The README's demo, replayed once for every test that reads its e-mails: the real <c>signals replay</c> writes the
/// outbox (its e-mails are what an analyst gets), and the same store is opened here to compose the French e-mails,
/// the digest and a resend with the worker's own classes and settings (a guard checks they give the worker's subjects).
/// </summary>
internal sealed class DemoAlerts
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static DemoAlerts? _instance;

    public const string ReviewHost = "http://127.0.0.1";
    public static readonly DateOnly Opened = new(2017, 7, 16);

    private DemoAlerts(string dir, WorkerProcess worker, int reviewPort)
    {
        Directory = dir;
        Worker = worker;
        ReviewPort = reviewPort;
        Store = new SqliteSignalStore(new StorageOptions { ConnectionString = $"Data Source={worker.DatabasePath}" }, TimeProvider.System);
        Catalog = ProductCatalog.Load(Path.Combine(TestPaths.RepoRoot, "config", "products.json"));
        var detection = Options.Create(new DetectionOptions());
        Reporter = new EpisodeReporter(Store, new DetectionRunner(Catalog, Store, detection, TimeProvider.System, NullLogger<DetectionRunner>.Instance), detection);
    }

    public string Directory { get; }
    public WorkerProcess Worker { get; }
    public int ReviewPort { get; }
    public string ReviewUrl => $"{ReviewHost}:{ReviewPort}";
    public SqliteSignalStore Store { get; }
    public ProductCatalog Catalog { get; }
    public EpisodeReporter Reporter { get; }
    public static EventLexicon Lexicon => SurgeReplay.Lexicon;

    /// <summary>The worker's e-mails: the first, then the updates in order of their count.</summary>
    public IReadOnlyList<MimeMessage> Emails { get; private set; } = [];
    public MimeMessage First => Emails[0];
    public MimeMessage LastUpdate => Emails[^1];

    public static async Task<DemoAlerts> GetAsync()
    {
        await Gate.WaitAsync();
        try { return _instance ??= await CreateAsync(); }
        finally { Gate.Release(); }
    }

    private static async Task<DemoAlerts> CreateAsync()
    {
        var dir = TestPaths.TempDirectory();
        var worker = new WorkerProcess(dir);
        var port = LoopbackHttpServer.FreePort();
        worker.Environment["Signals__Review__BaseUrl"] = $"{ReviewHost}:{port}/";
        worker.Environment["Signals__Storage__TextRetention"] = "0"; // the demo is of 2017: keep its texts for the pages (retention is issue 23's items 1-9)
        var (exit, stdout, stderr) = await worker.RunAsync("replay", DemoReplay.Demo);
        Assert.That(exit, Is.EqualTo(0), stdout + stderr);
        var demo = new DemoAlerts(dir, worker, port)
        {
            Emails = System.IO.Directory.GetFiles(worker.OutboxPath, "*.eml").Select(f => MimeMessage.Load(f))
                .OrderBy(m => m.MessageId!.Contains("-update-", StringComparison.Ordinal) ? int.Parse(m.MessageId.Split("-update-")[1].Split('@')[0]) : 0).ToList(),
        };
        var guard = demo.Composer("en").Compose(await demo.ReportAsync(1, EpisodeEmailKind.Opened));
        Assert.That(guard.Subject, Is.EqualTo(demo.First.Subject), "composing here gives the worker's own e-mail");
        return demo;
    }

    public static void DeleteIfCreated()
    {
        if (_instance is null) return;
        SqliteConnection.ClearAllPools(); // pooled connections keep the file open
        if (System.IO.Directory.Exists(_instance.Directory)) System.IO.Directory.Delete(_instance.Directory, recursive: true);
        _instance = null;
    }

    public AlertEmailComposer Composer(string language) => new(Options.Create(Email(language)), Lexicon,
        Options.Create(new ReviewOptions { BaseUrl = $"{ReviewHost}:{ReviewPort}/" }), Catalog);

    public EmailOptions Email(string language, string? pickup = null) => new() { Language = language, PickupDirectory = pickup ?? Path.Combine(Directory, $"mail-{language}") };

    /// <summary>Alert <paramref name="id"/> as detection stored it, as of <paramref name="asOf"/> (its stored last day when null).</summary>
    public async Task<EpisodeReport> ReportAsync(long id, EpisodeEmailKind kind, DateOnly? asOf = null, Func<Alert, Alert>? change = null)
    {
        var alert = (await Store.GetAlertAsync(id, CancellationToken.None))!;
        return await Reporter.LoadAsync(change is null ? alert : change(alert), kind, asOf, CancellationToken.None);
    }

    /// <summary>The digest of <paramref name="day"/> in a language, as the worker would send it.</summary>
    public async Task<MimeMessage> DigestAsync(DateOnly day, string language)
    {
        var email = Email(language, Path.Combine(Directory, $"digest-{language}-{day:yyyyMMdd}-{Guid.NewGuid():N}"));
        var sender = new DigestSender(Store, new PickupDirectoryMailTransport(Options.Create(email)), Reporter, Options.Create(email), Lexicon,
            TimeProvider.System, NullLogger<DigestSender>.Instance, Options.Create(new ReviewOptions { BaseUrl = $"{ReviewHost}:{ReviewPort}/" }), Catalog);
        // Each call its own claim: the digests table says the day was sent, so it is cleared first.
        await using (var connection = new SqliteConnection($"Data Source={Worker.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM digests";
            await command.ExecuteNonQueryAsync();
        }
        Assert.That(await sender.SendAsync(day, CancellationToken.None), Is.EqualTo(DigestOutcome.Sent));
        return await MimeMessage.LoadAsync(System.IO.Directory.GetFiles(email.PickupDirectory).Single());
    }
}

/// <summary>Removes the demo replay's folder once every test of this namespace has run.</summary>
[SetUpFixture]
public sealed class DemoAlertsCleanUp
{
    [OneTimeTearDown]
    public void DeleteTheDemoReplay() => DemoAlerts.DeleteIfCreated();
}
