using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Signals.Benchmarks.Throughput;

namespace Signals.Benchmarks;

/// <summary>
/// What building the int8 MiniLM's OnnxRuntime session costs a one-text command (<c>classify</c>), per session setting, each
/// in a fresh process so peak memory is its own: graph optimization level, the CPU arena, weight pre-packing, and a graph
/// saved already optimized. Prints seconds to build, seconds for the first post, and the process's peak resident memory.
/// Run: dotnet run -c Release --project tests/Signals.Benchmarks -- transformer-load --graph minilm-int8.onnx
/// (the graph: unzip -p models/adverse-event.zip Signals/minilm-int8.onnx > minilm-int8.onnx).
/// </summary>
internal static class TransformerLoad
{
    private static readonly string[] Settings = ["all", "extended", "basic", "all,no-arena", "all,no-prepack", "all,no-arena,no-prepack", "saved", "saved,no-arena"];

    public static int Run(string graph, string? setting, int runs)
    {
        if (!File.Exists(graph))
        {
            Console.Error.WriteLine($"transformer-load: no graph at {graph} (unzip -p models/adverse-event.zip Signals/minilm-int8.onnx > {graph})");
            return 66;
        }
        if (setting is not null) return Once(graph, setting);
        var self = Environment.ProcessPath!;
        var dll = typeof(TransformerLoad).Assembly.Location;
        Console.WriteLine($"transformer-load: {graph}, one process a run, median of {runs}; {Environment.ProcessorCount} cores");
        foreach (var s in Settings)
        {
            var lines = new List<double[]>();
            for (var r = 0; r < runs; r++)
            {
                var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
                if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(dll);
                foreach (var a in new[] { "transformer-load", "--graph", graph, "--setting", s }) start.ArgumentList.Add(a);
                using var p = Process.Start(start)!;
                var output = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                lines.Add(output.Trim().Split(' ').Select(double.Parse).ToArray());
            }
            double Median(int k) => lines.Select(l => l[k]).Order().ElementAt(lines.Count / 2);
            Console.WriteLine($"  {s,-26} build {Median(0),5:F2} s   first post {Median(1),5:F3} s   peak {Median(2),4:F0} MB   (process before: {Median(3):F0} MB)");
        }
        return 0;
    }

    private static int Once(string graph, string setting)
    {
        var parts = setting.Split(',');
        var optimized = Path.Combine(Path.GetTempPath(), $"signals-minilm-optimized-{new FileInfo(graph).Length}.onnx");
        var bytes = File.ReadAllBytes(graph);
        if (parts.Contains("saved") && !File.Exists(optimized))
        {
            using var save = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, OptimizedModelFilePath = optimized };
            using var _ = new InferenceSession(bytes, save);
        }
        var before = PeakMemory.Megabytes();
        var clock = Stopwatch.StartNew();
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = parts[0] switch
            {
                "extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                "basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                "saved" => GraphOptimizationLevel.ORT_DISABLE_ALL,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
            EnableMemoryPattern = false,
            EnableCpuMemArena = !parts.Contains("no-arena"),
        };
        if (parts.Contains("no-prepack")) options.AddSessionConfigEntry("session.disable_prepacking", "1");
        using var session = parts[0] == "saved" ? new InferenceSession(optimized, options) : new InferenceSession(bytes, options);
        var built = clock.Elapsed.TotalSeconds;
        clock.Restart();
        long[] ids = [101, 2474, 2058, 12096, 2099, 2435, 2033, 13675, 102];
        long[] shape = [1, ids.Length];
        using var input = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(ids.Select(_ => 1L).ToArray(), shape);
        using var types = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        using var run = new RunOptions();
        using var outputs = session.Run(run, new Dictionary<string, OrtValue> { ["input_ids"] = input, ["attention_mask"] = mask, ["token_type_ids"] = types }, ["probability"]);
        var first = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{built} {first} {PeakMemory.Megabytes()} {before}");
        return 0;
    }
}
