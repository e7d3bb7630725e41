using System.Diagnostics;
using System.Globalization;

namespace Signals.Benchmarks;

/// <summary>
/// What a verb costs as a person runs it: the published worker started as its own process (GNU time's wall seconds and
/// peak resident set), several runs, the median printed. <c>classify</c> of one text is the model's load and first score;
/// the other verbs show the model is not on their path.
/// </summary>
internal static class Startup
{
    public static int Run(string worker, int runs)
    {
        if (!File.Exists(worker))
        {
            Console.Error.WriteLine($"startup: no worker at {Path.GetFullPath(worker)}; build it first: dotnet build -c Release src/Signals.Worker");
            return 66;
        }
        if (!File.Exists("/usr/bin/time"))
        {
            Console.Error.WriteLine("startup: needs GNU time (/usr/bin/time, Debian package time)");
            return 69;
        }
        var data = Directory.CreateTempSubdirectory("signals-startup-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["Signals__Storage__ConnectionString"] = $"Data Source={Path.Combine(data, "signals.db")}",
        };
        Console.WriteLine($"startup: {runs} runs each of {worker} (median; wall s, peak resident MB by GNU time); {Environment.ProcessorCount} cores");
        Measure(worker, ["--help"], runs, environment);
        Measure(worker, ["migrate"], runs, environment);
        Measure(worker, ["alerts"], runs, environment);
        Measure(worker, ["classify", "levothyrox gave me cramps"], runs, environment);
        Directory.Delete(data, recursive: true);
        return 0;
    }

    /// <summary>
    /// The README's demo replay in the default configuration (the whole catalogue watched) and with the watch list alone,
    /// alternated so both see the same machine, each into a fresh database.
    /// </summary>
    public static int Replay(string worker, int runs)
    {
        if (!File.Exists(worker) || !File.Exists("/usr/bin/time"))
        {
            Console.Error.WriteLine($"replay-modes: needs the built worker at {Path.GetFullPath(worker)} and GNU time (/usr/bin/time)");
            return 66;
        }
        var demo = Path.Combine("samples", "demo-levothyrox-2017.jsonl");
        Console.WriteLine($"replay-modes: signals replay {demo}, {runs} runs each mode, alternated (median; wall s, peak resident MB); {Environment.ProcessorCount} cores");
        var results = new Dictionary<string, (List<double> Seconds, List<double> Megabytes)> { ["catalogue"] = ([], []), ["list"] = ([], []) };
        for (var i = 0; i < runs; i++)
            foreach (var mode in results.Keys)
            {
                var data = Directory.CreateTempSubdirectory("signals-replay-").FullName;
                var (seconds, megabytes) = Time(worker, ["replay", demo], new Dictionary<string, string>
                {
                    ["Signals__Matching__Watch"] = mode,
                    ["Signals__Storage__ConnectionString"] = $"Data Source={Path.Combine(data, "signals.db")}",
                    ["Signals__Email__PickupDirectory"] = Path.Combine(data, "outbox"),
                });
                results[mode].Seconds.Add(seconds);
                results[mode].Megabytes.Add(megabytes);
                Directory.Delete(data, recursive: true);
            }
        foreach (var (mode, (seconds, megabytes)) in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  Watch={mode,-10} {Median(seconds),6:F2} s  {Median(megabytes),6:F0} MB   (runs: {string.Join(", ", seconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  catalogue / list: {Median(results["catalogue"].Seconds) / Median(results["list"].Seconds):F2}x"));
        return 0;
    }

    private static void Measure(string worker, string[] args, int runs, Dictionary<string, string> environment)
    {
        var seconds = new List<double>();
        var megabytes = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var (s, mb) = Time(worker, args, environment);
            seconds.Add(s);
            megabytes.Add(mb);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  signals {string.Join(' ', args),-40} {Median(seconds),6:F2} s  {Median(megabytes),6:F0} MB   (runs: {string.Join(", ", seconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} s)"));
    }

    /// <summary>One run under GNU time: wall seconds and peak resident megabytes.</summary>
    private static (double Seconds, double Megabytes) Time(string worker, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["-f", "TIME %e %M", "dotnet", worker, .. args]) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(); // both at once: a replay's log fills the stderr pipe
        var errors = process.StandardError.ReadToEnd();
        output.Wait();
        process.WaitForExit();
        var line = errors.Split('\n').LastOrDefault(l => l.StartsWith("TIME ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no timing from {string.Join(' ', args)}: {errors}");
        var parts = line.Split(' ');
        if (process.ExitCode != 0) throw new InvalidOperationException($"signals {string.Join(' ', args)} exited {process.ExitCode}: {errors}");
        return (double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture) / 1024);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
