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
    public static IHost Build(bool serve = false, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        // Verb arguments are not configuration: settings come from config/appsettings.json and Signals__Section__Key variables.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(SignalsPaths.Find("config"), "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>());
        // stdout carries command output (alerts --json, fetch); every log line goes to stderr.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.AddSignalsStorage();
        builder.AddSignalsMatching();
        builder.AddSignalsClassification();
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

    /// <summary>Runs the start-up validation of every options class (what ValidateOnStart does on StartAsync) and applies migrations, for verbs that do not start the host.</summary>
    public static async Task PrepareAsync(IHost host, CancellationToken ct)
    {
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        await host.Services.GetRequiredService<ISignalStore>().MigrateAsync(ct);
    }

    /// <summary>For verbs that write continuously (run, replay): the SQLite store's single-process lock, held until disposed.</summary>
    public static IDisposable? LockStore(IHost host) =>
        host.Services.GetRequiredService<ISignalStore>() is SqliteSignalStore sqlite ? sqlite.LockForSingleProcess() : null;
}
