using System.Diagnostics;
using Signals.Classification;
using Signals.Classification.Translation;

namespace Signals.Benchmarks;

/// <summary>
/// What translating French costs: posts a second through Apertium fr→ca→en (one process pipeline per batch, as the worker runs
/// it, start-up included), and the translator's peak resident memory — the sum over its process tree (bash, the two apertium
/// scripts and their ~25 stages), sampled every 20 ms — printed apart from this process's own peak, since it is never inside it.
/// The texts: samples/french-labelled.tsv (short, tweet-like), or --data a labelled file (e.g. the smm4h-fr forum posts), repeated.
/// Run: dotnet run -c Release --project tests/Signals.Benchmarks -- translation-speed [--posts 600] [--batch 200] [--data FILE]
/// </summary>
internal static class TranslationSpeed
{
    public static async Task<int> RunAsync(int posts, int batch, string data)
    {
        if (ApertiumProbe.WhyUnavailable("apertium") is { } reason)
        {
            Console.Error.WriteLine($"translation-speed: {reason}");
            return 69;
        }
        var set = LabelledFile.Read(data).Select(r => r.Text).ToArray();
        var texts = Enumerable.Range(0, posts).Select(i => set[i % set.Length]).ToList();
        Console.WriteLine($"{posts} French posts from {data} (mean {texts.Average(t => t.Length):F0} characters) in batches of {batch}; {Environment.ProcessorCount} cores");
        var translator = new ApertiumTranslator("apertium", TimeSpan.FromMinutes(30));
        long peak = 0, peakPss = 0;
        var sampling = new List<Task>();
        using var stop = new CancellationTokenSource();
        translator.Started += pid => sampling.Add(Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && Directory.Exists($"/proc/{pid}"))
            {
                var (rss, pss) = TreeResidentBytes(pid);
                Max(ref peak, rss);
                Max(ref peakPss, pss);
                await Task.Delay(20);
            }
        }));
        var wall = Stopwatch.StartNew();
        var first = TimeSpan.Zero;
        var words = 0;
        foreach (var chunk in texts.Chunk(batch))
        {
            var english = await translator.TranslateAsync(chunk);
            if (first == TimeSpan.Zero) first = wall.Elapsed;
            words += english.Sum(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        wall.Stop();
        await stop.CancelAsync();
        await Task.WhenAll(sampling);
        Console.WriteLine($"translation: {posts / wall.Elapsed.TotalSeconds:F1} posts/s ({wall.Elapsed.TotalSeconds:F1} s for {posts} posts, {words} English words; first batch {first.TotalSeconds:F1} s)");
        Console.WriteLine($"translator peak resident memory (its process tree, outside this process): {peak / 1048576} MB RSS summed over its processes, {peakPss / 1048576} MB PSS (shared pages counted once)");
        Console.WriteLine($"this process's peak resident memory (VmHWM): {SelfPeakBytes() / 1048576} MB");
        return 0;
    }

    internal static void Max(ref long peak, long value)
    {
        long seen;
        do seen = Interlocked.Read(ref peak); while (value > seen && Interlocked.CompareExchange(ref peak, value, seen) != seen);
    }

    /// <summary>VmRSS summed over a process and its descendants (shared library pages counted in each, as ps does), and their PSS.</summary>
    internal static (long Rss, long Pss) TreeResidentBytes(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException) { } // gone meanwhile
        }
        long rss = 0, pss = 0;
        var stack = new Stack<int>([root]);
        while (stack.TryPop(out var pid))
        {
            rss += StatusKilobytes(pid, "VmRSS:") * 1024;
            pss += StatusKilobytes(pid, "Pss:", "smaps_rollup") * 1024;
            foreach (var child in children.GetValueOrDefault(pid) ?? []) stack.Push(child);
        }
        return (rss, pss);
    }

    private static long SelfPeakBytes() => StatusKilobytes(Environment.ProcessId, "VmHWM:") * 1024;

    private static long StatusKilobytes(int pid, string key, string file = "status")
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/{file}").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return 0; }
    }
}
