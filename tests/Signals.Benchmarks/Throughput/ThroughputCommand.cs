using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Signals.Classification;
using Signals.Feeds;
using Signals.Matching;

namespace Signals.Benchmarks.Throughput;

/// <summary>
/// <c>throughput [--posts N] [--postgres CONNSTRING] [--seed S]</c>: in one run on one machine, the rate of each stage
/// over the same generated firehose — parsing alone (the ceiling), matching at 10, 1,000 and 10,000 names, batch
/// classification, and the worker's own ingestion pipeline end to end into SQLite and PostgreSQL in the default configuration
/// (the whole catalogue watched) — then peak memory, the same into SQLite with the watch list only, and one JSON line with all of it.
/// </summary>
internal static class ThroughputCommand
{
    private const int MatchSample = 200_000;
    private const int Repeats = 3;
    private const int MatchRounds = 5;
    private const long WarmUpPosts = 50_000;

    public static async Task<int> RunAsync(Dictionary<string, string> options)
    {
        var posts = long.Parse(options.GetValueOrDefault("--posts", "1000000"), CultureInfo.InvariantCulture);
        var seed = int.Parse(options.GetValueOrDefault("--seed", PostGenerator.DefaultSeed.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var postgres = options.GetValueOrDefault("--postgres") ?? Environment.GetEnvironmentVariable("SIGNALS_BENCH_POSTGRES");
        var file = InputFile(posts, seed);
        Console.WriteLine($"throughput: {posts:N0} generated posts (seed {seed}, 2 % naming a watched product, 30 % of those in French; default configuration: the whole catalogue watched) in {file}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");

        var parse = Stages.Parse(file);
        Report("parse (JSON Lines → posts, one reader)", parse);

        // A worker runs for days: measure it warm. One unreported pass over the first 50,000 posts lets the JIT promote
        // the hot paths (parser, matcher, the model's featuriser) before the clock starts, as BenchmarkDotNet's warm-up does.
        await EndToEnd.SqliteAsync(InputFile(Math.Min(posts, WarmUpPosts), seed), quiet: true);

        // The pipeline before the stage benchmarks, so its peak memory is its own, not the samples' they hold.
        PeakMemory.Reset();
        var sqlite = await EndToEnd.SqliteAsync(file);
        Report("end to end → SQLite", sqlite, parse);
        double? pg = null;
        if (postgres is { Length: > 0 })
        {
            pg = await EndToEnd.PostgresAsync(file, postgres);
            Report("end to end → PostgreSQL", pg.Value, parse);
        }
        else Console.WriteLine("end to end → PostgreSQL: skipped (give --postgres CONNSTRING or SIGNALS_BENCH_POSTGRES)");
        var peak = PeakMemory.Megabytes();
        Console.WriteLine($"peak memory (resident, during the end-to-end runs): {peak:F0} MB");

        // The runs above use the default configuration: catalogue mode (every marketed medicine, some 18,000 names). The watch
        // list alone (Signals:Matching:Watch = list, config/products.json) on the same input, for comparison; its peak is
        // measured from a fresh high-water mark after a full collection, so the difference is what the catalogue adds.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        PeakMemory.Reset();
        var listRate = await EndToEnd.SqliteAsync(file, watch: MatchingOptions.WatchList);
        Report("end to end → SQLite, list mode (config/products.json only)", listRate, parse);
        var listPeak = PeakMemory.Megabytes();
        var catalogueHeap = CatalogueHeapMegabytes();
        Console.WriteLine($"peak memory, list mode: {listPeak:F0} MB ({peak - listPeak:+0;-0} MB more with the catalogue); " +
            $"the catalogue's matcher holds {catalogueHeap:F1} MB of managed heap");

        var sample = Stages.Load(file, MatchSample);
        var lexicon = EventLexicon.Load(new MatchingOptions().EventsPath);
        int[] sizes = [10, 1_000, 10_000];
        var catalogue = MatchingServiceCollectionExtensions.Catalog(new MatchingOptions { Watch = MatchingOptions.WatchCatalogue });
        var catalogs = sizes.Select(size => SyntheticCatalog.Create(size, seed)).Append(ProductCatalog.Load(new MatchingOptions().ProductsPath)).Append(catalogue).ToList();
        var rates = Stages.Match(catalogs, lexicon, sample, MatchRounds);
        var match = sizes.Select((size, i) => (size, rates[i].Rate)).ToDictionary();
        for (var i = 0; i < sizes.Length; i++)
            Report($"match at {sizes[i],6:N0} names (normalise + products + events, one core; {rates[i].Matched:P1} matched)", rates[i].Rate);
        Report($"match, config/products.json (one core; {rates[^2].Matched:P1} matched)", rates[^2].Rate);
        Report($"match, catalogue: {catalogue.Products.Count:N0} products, {catalogue.Products.Sum(p => p.Names.Count + p.ContextNames.Count):N0} names (one core; {rates[^1].Matched:P1} matched)", rates[^1].Rate);
        Console.WriteLine($"match cost at 10,000 names / at 10 names: {match[10] / match[10_000]:F2}x");

        // As the worker runs it: the fine-tuned transformer within its default posts-per-second budget.
        var defaults = new ClassificationOptions();
        var classifier = new AdverseEventClassifier(defaults.ModelPath, budget: new Signals.Classification.Transformer.TransformerBudget(defaults.TransformerPostsPerSecond, TimeProvider.System));
        var classify = Stages.Classify(classifier, ProductCatalog.Load(new MatchingOptions().ProductsPath), sample, Repeats);
        Report("classify (batch, posts naming a product)", classify);
        if (classifier.Current.MiniLm is { } miniLm)
        {
            // MiniLM's own rate on the matched posts, one post a run, as the worker runs them.
            var matched = Stages.MatchedTexts(ProductCatalog.Load(new MatchingOptions().ProductsPath), sample).Take(1000).ToList();
            var clock = Stopwatch.StartNew();
            miniLm.Score(matched);
            Report($"MiniLM alone on {matched.Count:N0} matched posts (as the worker runs them)", matched.Count / clock.Elapsed.TotalSeconds);
        }

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            posts,
            parse = Math.Round(parse),
            match10 = Math.Round(match[10]),
            match1000 = Math.Round(match[1_000]),
            match10000 = Math.Round(match[10_000]),
            classify = Math.Round(classify),
            endToEndSqlite = Math.Round(sqlite),
            endToEndPostgres = pg is { } p ? Math.Round(p) : (double?)null,
            peakMemoryMB = Math.Round(peak),
            matchCatalogue = Math.Round(rates[^1].Rate),
            endToEndSqliteList = Math.Round(listRate),
            peakMemoryListMB = Math.Round(listPeak),
            catalogueHeapMB = Math.Round(catalogueHeap, 1),
        }));
        return 0;
    }

    /// <summary>Managed heap that the catalogue's products and matcher keep alive: allocated after a full collection, before and after building them.</summary>
    private static double CatalogueHeapMegabytes()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var catalogue = MatchingServiceCollectionExtensions.Catalog(new MatchingOptions { Watch = MatchingOptions.WatchCatalogue });
        var matcher = new ProductMatcher(catalogue);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(matcher);
        return (after - before) / 1e6;
    }

    private static void Report(string what, double rate, double? parse = null) =>
        Console.WriteLine($"{what}: {rate,12:N0} posts/s" + (parse is { } p ? $"  ({rate / p:P0} of parsing)" : ""));

    /// <summary>The generated input, kept between runs under the temp folder (same count and seed, same bytes).</summary>
    private static string InputFile(long posts, int seed)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "signals-throughput")).FullName;
        var file = Path.Combine(dir, $"posts-{posts}-{seed}-v2.jsonl"); // v2: 30 % of the posts naming a product are French
        if (File.Exists(file)) return file;
        var clock = Stopwatch.StartNew();
        new PostGenerator(seed).Write(file + ".part", posts);
        File.Move(file + ".part", file, overwrite: true);
        Console.WriteLine($"generated {new FileInfo(file).Length / 1e6:N0} MB in {clock.Elapsed.TotalSeconds:F1} s");
        return file;
    }
}
