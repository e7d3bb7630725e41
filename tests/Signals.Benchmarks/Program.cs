using Signals.Benchmarks;

// Benchmarks that print numbers; run from the repository root:
//   dotnet run -c Release --project tests/Signals.Benchmarks -- detection [--data bench/spike] [--episodes on|off] [--quiet-days 14]
//   dotnet run -c Release --project tests/Signals.Benchmarks -- detection-speed [--products 1000] [--years 3]
//   dotnet run -c Release --project tests/Signals.Benchmarks -- detection-catalogue [--active 50] [--days 365]   (a judged day with the whole catalogue watched vs its active products alone, SQLite)
//   dotnet run -c Release --project tests/Signals.Benchmarks -- detection-history [--posts 1000000] [--days 1461] [--authors 200000]   (store queries at N posts, SQLite)
//   dotnet run -c Release --project tests/Signals.Benchmarks -- episode-report [--years 3] [--rounds 3]   (one alert e-mail's chart judged again, SQLite)
//   dotnet run -c Release --project tests/Signals.Benchmarks -- throughput [--posts N] [--postgres CONNSTRING] [--seed S]
//   dotnet run -c Release --project tests/Signals.Benchmarks -- classifier-speed [--model models/adverse-event.zip] [--posts 3000] [--batch 500]
//   dotnet run -c Release --project tests/Signals.Benchmarks -- translation-speed [--posts 600] [--batch 200] [--data samples/french-labelled.tsv]   (Apertium fr→ca→en: posts/s, translator peak MB apart from this process's)
//   dotnet run -c Release --project tests/Signals.Benchmarks -- startup [--worker src/Signals.Worker/bin/Release/net10.0/linux-x64/signals.dll] [--runs 5]   (each verb as its own process: wall s, peak MB)
//   dotnet run -c Release --project tests/Signals.Benchmarks -- replay-modes [--worker DLL] [--runs 3]   (the demo replay, catalogue vs list, alternated)
//   dotnet run -c Release --project tests/Signals.Benchmarks -- event-recall [--lexicon config/events.json] [--baseline FILE] [--data ../shared/data] [--misses FILE]
//   dotnet run -c Release --project tests/Signals.Benchmarks -- event-nearest [--price 0.01] [--sample 10]   (experiment: a MiniLM nearest-phrase step where the lexicon names no event)
//   dotnet run -c Release --project tests/Signals.Benchmarks -- catalogue-mentions [--feeds DIR] [--data ../shared/data]
//   dotnet run -c Release --project tests/Signals.Benchmarks -- micro [BenchmarkDotNet arguments, e.g. --filter '*']
//   dotnet run -c Release --project tests/Signals.Benchmarks -- hostile-feed [--sizes 10000,20000,40000]   (seconds to parse hostile RSS items: linear growth)
//   dotnet run -c Release --project tests/Signals.Benchmarks -- detection-variants [--data bench/spike]   (what the median delay is made of)
var command = args.FirstOrDefault() ?? "help";
if (command == "micro") return Signals.Benchmarks.Micro.MicroBenchmarks.Run(args[1..]);
var options = args.Skip(1).Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
return command switch
{
    "detection" => DetectionQuality.Run(options.GetValueOrDefault("--data", Path.Combine("bench", "spike")), Settings(options),
        int.Parse(options.GetValueOrDefault("--quiet-days", "14")), options.GetValueOrDefault("--episodes", "on") == "on"),
    "detection-variants" => DetectionVariants.Run(options.GetValueOrDefault("--data", Path.Combine("bench", "spike"))),
    "detection-speed" => DetectionSpeed.Run(int.Parse(options.GetValueOrDefault("--products", "1000")), int.Parse(options.GetValueOrDefault("--years", "3"))),
    "detection-catalogue" => await DetectionCatalogue.RunAsync(int.Parse(options.GetValueOrDefault("--active", "50")), int.Parse(options.GetValueOrDefault("--days", "365"))),
    "detection-history" => await DetectionHistory.RunAsync(int.Parse(options.GetValueOrDefault("--posts", "1000000")),
        int.Parse(options.GetValueOrDefault("--days", "1461")), int.Parse(options.GetValueOrDefault("--authors", "200000"))),
    "transformer-memory" => TransformerMemory.Run(options.GetValueOrDefault("--model", Path.Combine("models", "adverse-event.zip"))),
    "transformer-load" => TransformerLoad.Run(options.GetValueOrDefault("--graph", "minilm-int8.onnx"), options.GetValueOrDefault("--setting"),
        int.Parse(options.GetValueOrDefault("--runs", "3"))),
    "classifier-speed" => ClassifierSpeed.Run(options.GetValueOrDefault("--model", Path.Combine("models", "adverse-event.zip")),
        int.Parse(options.GetValueOrDefault("--posts", "3000")), int.Parse(options.GetValueOrDefault("--batch", "500"))),
    "translation-speed" => await TranslationSpeed.RunAsync(int.Parse(options.GetValueOrDefault("--posts", "600")), int.Parse(options.GetValueOrDefault("--batch", "200")),
        options.GetValueOrDefault("--data", Path.Combine("samples", "french-labelled.tsv"))),
    "episode-report" => await EpisodeReportSpeed.RunAsync(int.Parse(options.GetValueOrDefault("--years", "3")), int.Parse(options.GetValueOrDefault("--rounds", "3"))),
    "startup" => Startup.Run(options.GetValueOrDefault("--worker", Path.Combine("src", "Signals.Worker", "bin", "Release", "net10.0", "linux-x64", "signals.dll")),
        int.Parse(options.GetValueOrDefault("--runs", "5"))),
    "replay-modes" => Startup.Replay(options.GetValueOrDefault("--worker", Path.Combine("src", "Signals.Worker", "bin", "Release", "net10.0", "linux-x64", "signals.dll")),
        int.Parse(options.GetValueOrDefault("--runs", "3"))),
    "hostile-feed" => HostileFeedSpeed.Run(options.GetValueOrDefault("--sizes", "10000,20000,40000").Split(',').Select(int.Parse).ToArray()),
    "event-recall" => EventRecall.Run(options.GetValueOrDefault("--lexicon", Path.Combine("config", "events.json")), options.GetValueOrDefault("--baseline"),
        options.GetValueOrDefault("--data", Path.Combine("..", "shared", "data")), options.GetValueOrDefault("--misses")),
    "event-nearest" => EventNearest.Run(options.GetValueOrDefault("--lexicon", Path.Combine("config", "events.json")), options.GetValueOrDefault("--data", Path.Combine("..", "shared", "data")),
        double.Parse(options.GetValueOrDefault("--price", "0.01"), System.Globalization.CultureInfo.InvariantCulture), int.Parse(options.GetValueOrDefault("--sample", "10"))),
    "catalogue-mentions" => CatalogueMentions.Run(options.GetValueOrDefault("--data", Path.Combine("..", "shared", "data")), options.GetValueOrDefault("--feeds")),
    "throughput" => await Signals.Benchmarks.Throughput.ThroughputCommand.RunAsync(options),
    _ => Help(),
};

// Global settings to try (the same for every series); defaults are the shipped ones.
static Signals.Detection.DetectorSettings Settings(Dictionary<string, string> o)
{
    var s = new Signals.Detection.DetectorSettings();
    if (o.TryGetValue("--threshold", out var v)) s = s with { Threshold = double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) };
    if (o.TryGetValue("--min-count", out v)) s = s with { MinimumCount = int.Parse(v) };
    if (o.TryGetValue("--min-day-count", out v)) s = s with { MinimumDayCount = int.Parse(v) };
    if (o.TryGetValue("--guard", out v)) s = s with { GuardDays = int.Parse(v) };
    if (o.TryGetValue("--refit", out v)) s = s with { RefitEveryDays = int.Parse(v) };
    if (o.TryGetValue("--history", out v)) s = s with { MaxHistoryDays = int.Parse(v) };
    if (o.TryGetValue("--lead", out v)) s = s with { EpisodeLeadDays = int.Parse(v) };
    if (o.TryGetValue("--windows", out v)) s = s with { Windows = v.Split(',').Select(int.Parse).ToArray() };
    return s;
}

static int Help()
{
    Console.Error.WriteLine("usage: Signals.Benchmarks detection [--data bench/spike] | detection-variants [--data bench/spike] | detection-speed [--products N] [--years N] | detection-catalogue [--active N] [--days N] | detection-history [--posts N] [--days N] [--authors N] | episode-report [--years N] [--rounds N] | startup [--worker DLL] [--runs N] | replay-modes [--worker DLL] [--runs N] | classifier-speed [--model F] [--posts N] [--batch N] | transformer-memory [--model F] | transformer-load [--graph F] [--runs N] | translation-speed [--posts N] [--batch N] [--data F] | throughput [--posts N] [--postgres CONNSTRING] [--seed S] | hostile-feed [--sizes N,N,N] | event-recall [--lexicon F] [--baseline F] [--data DIR] [--misses F] | event-nearest [--price P] [--sample N] | catalogue-mentions [--feeds DIR] [--data DIR] | micro [--filter PATTERN]");
    return 64;
}
