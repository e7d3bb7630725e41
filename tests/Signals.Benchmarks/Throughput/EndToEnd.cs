using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Signals.Classification;
using Signals.Ingestion;
using Signals.Matching;
using Signals.Storage;

namespace Signals.Benchmarks.Throughput;

/// <summary>
/// The whole path on the worker's own services (registered by the same AddSignals… extensions, config/products.json,
/// the shipped model) into a fresh store: a new SQLite file, or a new PostgreSQL database dropped afterwards.
/// </summary>
internal static class EndToEnd
{
    /// <param name="watch">Signals:Matching:Watch: <c>list</c> (config/products.json) or <c>catalogue</c> (every marketed medicine).</param>
    public static async Task<double> SqliteAsync(string file, bool quiet = false, string watch = MatchingOptions.WatchCatalogue)
    {
        var dir = Directory.CreateTempSubdirectory("signals-e2e-");
        try
        {
            return await RunAsync(file, "sqlite", $"Data Source={Path.Combine(dir.FullName, "signals.db")}", quiet, watch);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    public static async Task<double> PostgresAsync(string file, string connectionString)
    {
        var database = $"signals_bench_{Environment.ProcessId}_{DateTime.UtcNow:HHmmss}";
        await using (var admin = NpgsqlDataSource.Create(connectionString))
            await admin.CreateCommand($"CREATE DATABASE {database}").ExecuteNonQueryAsync();
        try
        {
            return await RunAsync(file, "postgres", new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = NpgsqlDataSource.Create(connectionString);
            await admin.CreateCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)").ExecuteNonQueryAsync();
        }
    }

    private static async Task<double> RunAsync(string file, string provider, string connectionString, bool quiet = false, string watch = MatchingOptions.WatchCatalogue)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Signals:Storage:Provider"] = provider,
            ["Signals:Storage:ConnectionString"] = connectionString,
            ["Signals:Storage:PseudonymKey"] = "benchmark-pseudonym-key-of-32-bytes-at-least",
            ["Signals:Matching:Watch"] = watch,
        });
        builder.Logging.ClearProviders();
        builder.AddSignalsStorage();
        builder.AddSignalsMatching();
        builder.AddSignalsClassification(live: true); // as `run` does: the transformer within its posts-per-second budget
        builder.AddSignalsIngestion();
        using var host = builder.Build();
        var store = host.Services.GetRequiredService<ISignalStore>();
        await store.MigrateAsync(CancellationToken.None);
        var pipeline = host.Services.GetRequiredService<IngestionPipeline>();

        // The translator's processes, sampled apart: their memory is theirs, never the worker's (it is not in the peak above).
        long translatorRss = 0, translatorPss = 0;
        var sampling = new List<Task>();
        using var stop = new CancellationTokenSource();
        if (host.Services.GetRequiredService<AdverseEventClassifier>().Translation?.Translator is { } translator)
            translator.Started += pid => { lock (sampling) sampling.Add(Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested && Directory.Exists($"/proc/{pid}"))
                {
                    var (rss, pss) = TranslationSpeed.TreeResidentBytes(pid);
                    TranslationSpeed.Max(ref translatorRss, rss);
                    TranslationSpeed.Max(ref translatorPss, pss);
                    await Task.Delay(20);
                }
            })); };
        PipelineResult result;
        var clock = Stopwatch.StartNew();
        await using (new PeakMemory.Sampler(quiet).Start()) result = await pipeline.RunAsync([file], CancellationToken.None);
        var (read, stored) = (result.Read, result.Stored);
        var seconds = clock.Elapsed.TotalSeconds;
        if (!quiet) Console.WriteLine($"  {provider} ({watch}): {read:N0} posts read, {stored:N0} stored in {seconds:F1} s; {await store.CountPostsAsync(CancellationToken.None):N0} rows");
        var classifier = host.Services.GetRequiredService<AdverseEventClassifier>();
        if (!quiet && classifier.Budget is { } budget && classifier.Current.MiniLm is not null)
            Console.WriteLine($"  transformer: {budget.Scored:N0} of {stored:N0} matched posts scored by MiniLM ({(double)budget.Scored / Math.Max(1, stored):P1}), " +
                $"{budget.Fallbacks:N0} English ones kept their n-gram score (budget {budget.PostsPerSecond:N0} posts/s: {budget.Scored / seconds:N0} posts/s used)");
        if (!quiet && classifier.Translation?.Budget is { } translation)
            Console.WriteLine(classifier.Translation.Translator is null || classifier.Current.Card?.Translation is null
                ? "  translation: off (no Apertium, or no translation weight in the model's card)"
                : $"  translation: {translation.Translated:N0} of {stored:N0} matched posts translated ({(double)translation.Translated / Math.Max(1, stored):P1}), " +
                  $"{translation.Fallbacks:N0} French ones scored untranslated (budget {translation.Share:P0} of the time)");
        await stop.CancelAsync();
        Task[] samplers;
        lock (sampling) samplers = [.. sampling];
        await Task.WhenAll(samplers);
        if (!quiet && samplers.Length > 0)
            Console.WriteLine($"  translator peak (Apertium's process tree, outside the worker): {translatorPss / 1048576} MB PSS, {translatorRss / 1048576} MB RSS summed over its processes");
        return read / seconds;
    }
}
