namespace Signals.Benchmarks.Throughput;

/// <summary>
/// Resident memory of this process: Linux's high-water mark (VmHWM), reset to what is resident at the start of a stretch
/// by writing 5 to /proc/self/clear_refs, so only the pipeline's runs count; and a sampler that shows whether memory
/// stays flat while a long run goes on.
/// </summary>
internal static class PeakMemory
{
    public static void Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.WriteLine($"peak memory: cannot reset the high-water mark ({ex.Message}); the figure covers the whole run");
        }
    }

    public static double Megabytes() => Status("VmHWM:") ?? System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;

    public static double? Resident() => Status("VmRSS:");

    private static double? Status(string field)
    {
        if (!File.Exists("/proc/self/status")) return null;
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0]) / 1024.0;
        return null;
    }

    /// <summary>Samples resident memory every second until disposed, then prints first, median and last samples and the spread.</summary>
    public sealed class Sampler(bool quiet = false) : IAsyncDisposable
    {
        private readonly List<double> _samples = [];
        private readonly CancellationTokenSource _stop = new();
        private Task? _loop;

        public Sampler Start()
        {
            _loop = LoopAsync();
            return this;
        }

        private async Task LoopAsync()
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                    if (Resident() is { } mb) _samples.Add(mb);
            }
            catch (OperationCanceledException) { }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            if (_loop is not null) await _loop;
            _stop.Dispose();
            if (_samples.Count == 0 || quiet) return;
            var sorted = _samples.Order().ToList();
            Console.WriteLine($"  resident memory, {_samples.Count} samples 1 s apart: first {_samples[0]:F0} MB, median {sorted[sorted.Count / 2]:F0} MB, " +
                $"max {sorted[^1]:F0} MB, last {_samples[^1]:F0} MB");
        }
    }
}
