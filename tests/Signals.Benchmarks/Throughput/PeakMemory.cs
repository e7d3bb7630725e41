namespace Signals.Benchmarks.Throughput;

/// <summary>
/// Peak resident memory of this process over a stretch of the run: Linux's high-water mark (VmHWM), reset at the
/// start of the stretch by writing 5 to /proc/self/clear_refs, so the samples loaded for the matching benchmark
/// do not count against the pipeline.
/// </summary>
internal static class PeakMemory
{
    private static bool _reset;

    public static void Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            _reset = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.WriteLine($"peak memory: cannot reset the high-water mark ({ex.Message}); the figure covers the whole run");
        }
    }

    public static double Megabytes()
    {
        if (File.Exists("/proc/self/status"))
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0]) / 1024.0;
        _ = _reset;
        return System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
    }
}
