using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signals.Alerts;
using Signals.Classification;
using Signals.Detection;
using Signals.Feeds;
using Signals.Health;
using Signals.Ingestion;
using Signals.Matching;
using Signals.Review;
using Signals.Storage;

namespace Signals.Worker;

/// <summary>Builds the host every verb shares: configuration, logging and each stage's services.</summary>
public static class SignalsHost
{
    /// <param name="serve">True for the long-running worker: it also opens the metrics listener.</param>
    /// <param name="overrides">Settings a verb's own options decide (e.g. <c>classify --model</c>), over everything else.</param>
    /// <param name="quiet">A batch verb (replay): start-up details at Debug, so its output is the alerts, e-mails and problems.</param>
    /// <param name="translate">French texts are also read through Apertium (classify; the worker always is).</param>
    public static IHost Build(bool serve = false, IReadOnlyDictionary<string, string?>? overrides = null, bool quiet = false, bool translate = false)
    {
        // Verb arguments are not configuration: settings come from config/appsettings.json and Signals__Section__Key variables.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        var settings = Path.Combine(SignalsPaths.Find("config"), "appsettings.json");
        try { builder.Configuration.AddJsonFile(settings, optional: true, reloadOnChange: false); }
        catch (InvalidDataException ex) when (JsonError(ex) is { } json)
        {
            // The provider says only "Failed to load configuration from file": the line is in the JSON reader's exception.
            throw new InvalidDataException($"{settings}:{json.LineNumber + 1}: malformed JSON: {JsonReason(json.Message)}", ex);
        }
        builder.Configuration
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>());
        // stdout carries command output (alerts --json, fetch); every log line goes to stderr, one line an entry, each with
        // its ISO 8601 UTC time (a container's log and a terminal alike), in the plain format or with
        // Logging__Console__FormatterName=json one JSON object a line.
        builder.Logging.AddConsole(o =>
        {
            o.LogToStandardErrorThreshold = LogLevel.Trace;
            // Without a formatter name the provider copies its obsolete options over the simple formatter's, dropping SingleLine.
            o.FormatterName ??= Microsoft.Extensions.Logging.Console.ConsoleFormatterNames.Simple;
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.SimpleConsoleFormatterOptions>(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = LogTimestamp + " ";
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.JsonConsoleFormatterOptions>(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = LogTimestamp;
        });
        // A replay's user follows alerts, e-mails and problems; which model scored the posts is a detail (Debug shows it).
        if (quiet) builder.Logging.AddFilter("Signals.Classification.AdverseEventClassifier", LogLevel.Warning);

        builder.AddSignalsStorage();
        builder.AddSignalsMatching();
        builder.AddSignalsClassification(live: serve, translate: translate);
        builder.AddSignalsFeeds();
        builder.AddSignalsDetection();
        builder.AddSignalsAlerts();
        builder.AddSignalsHealth(serveMetrics: serve);
        builder.AddSignalsIngestion();
        builder.AddSignalsReview();
        // SIGTERM (docker stop, Kubernetes) cancels the services: a batch being stored rolls back, leases are given back, and
        // the process exits 0 — within the 10 s orchestrators wait before SIGKILL.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(8));
        return builder.Build();
    }

    /// <summary>
    /// Runs the start-up validation of every options class (what ValidateOnStart does on StartAsync) and applies migrations, for verbs
    /// that do not start the host. <paramref name="waitForDatabase"/> (the worker): an unreachable database is waited for, with
    /// back-off, one line per try; otherwise it ends the verb (<see cref="StoreUnavailableException"/>, exit 69).
    /// </summary>
    public static async Task PrepareAsync(IHost host, CancellationToken ct, bool waitForDatabase = false, StartupState? startup = null)
    {
        CheckConfiguration(host);
        var store = host.Services.GetRequiredService<ISignalStore>();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Signals.Storage");
        if (store is SqliteSignalStore { CreatedFolder: { } created })
            logger.LogWarning("SQLite: the folder {Folder} of the database (Signals:Storage:ConnectionString) did not exist; created it and a new database in it", created);
        for (var wait = TimeSpan.FromSeconds(1); ; wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, MaxDatabaseWait.Ticks)))
        {
            try
            {
                try
                {
                    await store.MigrateAsync(ct);
                    // After a kill -9 the feeds this host was reading and the alerts it was sending stay leased: take them back now
                    // rather than wait for the leases to run out (10 min by default) while reporting ready.
                    if (await host.Services.GetRequiredService<LeaseOwner>().TakeBackAsync(store, ct) is > 0 and var released)
                        logger.LeasesTakenBack(released);
                }
                catch (System.Data.Common.DbException ex) when (!ct.IsCancellationRequested) // it went away during the migration
                {
                    throw new StoreUnavailableException($"{DatabaseName(host)} failed: {StoreUnavailableException.Cause(ex)}", ex.IsTransient, ex);
                }
                break;
            }
            catch (StoreUnavailableException ex) when (waitForDatabase && ex.Transient)
            {
                // Orchestrators often start the worker before its database; the running worker rides out outages, so starting during one does too.
                logger.DatabaseWaited(ex.Message, wait.TotalSeconds);
                startup?.Waiting($"waiting for the database: {ex.Message}");
                await Task.Delay(wait, ct);
            }
        }
    }

    /// <summary>Every options class valid, and no setting under Signals: that none binds (a misspelt key); else the verb ends with exit 78.</summary>
    public static void CheckConfiguration(IHost host)
    {
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        if (ConfigurationCheck.UnknownKeys(host.Services.GetRequiredService<IConfiguration>(), host.Services.GetServices<BoundSection>()) is { Count: > 0 } unknown)
            throw new InvalidDataException(string.Join("; ", unknown));
    }

    /// <summary>The configured database in words, for one-line messages: "PostgreSQL at host:port (database d)" or "SQLite file F".</summary>
    public static string DatabaseName(IHost host)
    {
        var options = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        return options.Provider == "postgres" ? $"PostgreSQL at {PostgresSignalStore.Target(options.EffectiveConnectionString)}"
            : $"SQLite file {new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.EffectiveConnectionString).DataSource}";
    }

    private static System.Text.Json.JsonException? JsonError(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is System.Text.Json.JsonException { LineNumber: not null } json) return json;
        return null;
    }

    /// <summary>The reader's message without its trailing "LineNumber: 3 | BytePositionInLine: 5." (the line is said once, in front).</summary>
    private static string JsonReason(string message) =>
        message.IndexOf(" LineNumber:", StringComparison.Ordinal) is var at and >= 0 ? message[..at] : message;

    public const string LogTimestamp = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly TimeSpan MaxDatabaseWait = TimeSpan.FromSeconds(30);

    /// <summary>For verbs that write continuously (run, replay): the SQLite store's single-process lock, held until disposed.</summary>
    public static IDisposable? LockStore(IHost host)
    {
        CheckConfiguration(host); // before the store is built: a malformed connection string is a one-line configuration error, not a trace
        return host.Services.GetRequiredService<ISignalStore>() is SqliteSignalStore sqlite ? sqlite.LockForSingleProcess() : null;
    }
}
