using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Signals.Alerts;
using Signals.Detection;
using Signals.Matching;
using Signals.Storage;
using Signals.Tests.Storage;

namespace Signals.Tests.Alerts;

/// <summary>
/// A generated surge replayed as <c>Replayer</c> does it: a hundred quiet days of levothyroxine reports (about one person a
/// day), three weeks of a surge of fatigue, hair loss and cramps, then quiet again; every day judged by the real
/// <see cref="DetectionRunner"/> and dispatched as of that day, on a real SQLite store.
/// </summary>
internal sealed class SurgeReplay : IDisposable
{
    public static readonly DateOnly Start = new(2017, 4, 1);
    public static readonly DateOnly Onset = new(2017, 7, 10);
    public static readonly DateOnly End = Onset.AddDays(60);
    // People per day from the onset: a rise, a peak of 30, a fall back to the usual one or two.
    private static readonly int[] Surge = [4, 6, 8, 10, 13, 16, 19, 22, 25, 28, 30, 26, 22, 18, 14, 10, 8, 6, 5, 4, 3];
    private static readonly string[] Quiet = ["headache", "nausea", "fatigue"];
    private static readonly string[] Rising = ["fatigue", "alopecia", "muscle spasms"];

    private readonly string _dir;
    private readonly DetectionOptions _detection = new();

    private SurgeReplay(SqliteSignalStore store, string dir)
    {
        Store = store;
        _dir = dir;
        Runner = new DetectionRunner(new ProductCatalog([new Product("levothyroxine", ["levothyrox"])]), store, Options.Create(_detection),
            TimeProvider.System, NullLogger<DetectionRunner>.Instance);
        Reporter = new EpisodeReporter(store, Runner, Options.Create(_detection));
    }

    public SqliteSignalStore Store { get; }
    public DetectionRunner Runner { get; }
    public EpisodeReporter Reporter { get; }
    public string Directory => _dir;
    public static EventLexicon Lexicon { get; } = EventLexicon.Load(Path.Combine(TestPaths.RepoRoot, "config", "events.json"));

    /// <summary>Each alert as detection stored it at the end of the day it was opened.</summary>
    public Dictionary<long, Alert> AtOpening { get; } = [];

    /// <summary>The alerts as stored at the end of each day judged.</summary>
    public Dictionary<DateOnly, IReadOnlyList<Alert>> StoredOn { get; } = [];

    public static async Task<SurgeReplay> CreateAsync()
    {
        var (store, dir) = await TempSqliteStore.CreateAsync();
        var random = new Random(16);
        var posts = new List<ScoredPost>();
        for (var day = Start; day <= End; day = day.AddDays(1))
        {
            var i = day.DayNumber - Onset.DayNumber;
            var surging = i >= 0 && i < Surge.Length;
            var people = surging ? Surge[i] : random.Next(0, 3);
            for (var p = 0; p < people; p++)
            {
                string[] events = surging ? [Rising[p % 3], Rising[(p + 1) % 3]] : [Quiet[random.Next(Quiet.Length)]];
                posts.Add(Posts.Scored($"{day:yyyyMMdd}-{p}", $"person-{day:yyyyMMdd}-{p}", new DateTimeOffset(day.ToDateTime(new TimeOnly(9 + p % 12, 0)), TimeSpan.Zero),
                    events: events, text: $"Levothyrox depuis le {day:dd/MM}, ça ne va pas du tout ({p})"));
            }
        }
        await store.AddPostsAsync(posts, CancellationToken.None);
        return new SurgeReplay(store, dir);
    }

    public AlertDispatcher Dispatcher(EmailOptions email, IMailTransport transport) =>
        new(Store, Composer(email), Reporter, transport, Options.Create(email), TimeProvider.System, NullLogger<AlertDispatcher>.Instance, new LeaseOwner());

    public static AlertEmailComposer Composer(EmailOptions email) => new(Options.Create(email), Lexicon);

    /// <summary>A reporter over any store, judging with the default detection settings and the levothyroxine catalog.</summary>
    public static EpisodeReporter ReporterFor(ISignalStore store)
    {
        var detection = Options.Create(new DetectionOptions());
        return new EpisodeReporter(store, new DetectionRunner(new ProductCatalog([new Product("levothyroxine", ["levothyrox"])]), store, detection,
            TimeProvider.System, NullLogger<DetectionRunner>.Instance), detection);
    }

    /// <summary>Judges and dispatches each day from <see cref="Start"/> to <paramref name="to"/>, as a replay does.</summary>
    public async Task RunAsync(AlertDispatcher? dispatcher, DateOnly to)
    {
        for (var day = Start; day <= to; day = day.AddDays(1))
        {
            foreach (var opened in await Runner.RunForDayAsync(day, CancellationToken.None)) AtOpening[opened.Id] = opened;
            StoredOn[day] = await Store.ListAlertsAsync(CancellationToken.None);
            if (dispatcher is not null) await dispatcher.DispatchPendingAsync(CancellationToken.None, asOf: day);
        }
    }

    public void Dispose() => TempSqliteStore.Delete(_dir);
}
