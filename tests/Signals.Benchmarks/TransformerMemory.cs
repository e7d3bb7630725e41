using Microsoft.ML.OnnxRuntime;
using Signals.Benchmarks.Throughput;
using Signals.Classification;
using Signals.Classification.Transformer;

namespace Signals.Benchmarks;

/// <summary>
/// Where the transformer's memory goes: resident memory (VmRSS, and the high-water mark VmHWM since the last reset) after
/// each step of loading and running, first for the shipped model's int8 graph, then for what the earlier scorer loaded —
/// the package's float32 graph as a managed byte array, an OnnxRuntime session over it, and the array read a second time
/// for its hash. Scoring runs batches of 32 posts of 64 tokens, the worst case of the worker.
/// Run: dotnet run -c Release --project tests/Signals.Benchmarks -- transformer-memory [--model models/adverse-event.zip]
/// </summary>
internal static class TransformerMemory
{
    public static int Run(string modelPath)
    {
        var texts = Enumerable.Range(0, 256).Select(i => string.Join(' ', Enumerable.Repeat($"since starting levothyrox {i} I have cramps headaches and hair loss", 6))).ToList();
        Step("start (the process, nothing loaded)");
        var model = AdverseEventModel.Load(modelPath, new AdverseEventFeaturizer());
        Step($"model zip loaded ({model.Version}): n-gram weights, int8 graph bytes and its OnnxRuntime session");
        if (model.MiniLm is not { } miniLm)
        {
            Console.WriteLine("the model has no transformer (scripts/fine-tune.sh)");
            return 0;
        }
        miniLm.Score(texts.Take(32).ToList());
        Step("one batch of 32 posts × 64 tokens scored");
        miniLm.Score(texts);
        Step("256 posts scored (8 batches)");
        model.MiniLm.Dispose();
        Collect();
        Step("int8 session disposed, managed heap collected");

        PeakMemory.Reset();
        var bytes = MiniLmBase.Model;
        Step($"earlier scorer: the package's float32 graph read as a managed array ({bytes.Length / 1e6:F0} MB)");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL })
        using (var session = new InferenceSession(bytes, options))
        {
            Step("earlier scorer: OnnxRuntime session over it");
            var hash = MiniLmBase.Sha256;
            Step($"earlier scorer: the graph read again for its hash ({hash[..12]})");
            var ids = texts.Take(32).Select(t => MiniLmBase.Tokenize(t)).ToArray();
            int rows = ids.Length, width = ids.Max(i => i.Length);
            var input = new long[rows * width];
            var mask = new long[rows * width];
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < ids[r].Length; c++) { input[r * width + c] = ids[r][c]; mask[r * width + c] = 1; }
            using var a = OrtValue.CreateTensorValueFromMemory(input, [rows, width]);
            using var b = OrtValue.CreateTensorValueFromMemory(mask, [rows, width]);
            using var c2 = OrtValue.CreateTensorValueFromMemory(new long[rows * width], [rows, width]);
            using var run = new RunOptions();
            for (var k = 0; k < 8; k++)
                using (session.Run(run, new Dictionary<string, OrtValue> { ["input_ids"] = a, ["attention_mask"] = b, ["token_type_ids"] = c2 }, ["last_hidden_state"])) { }
            Step("earlier scorer: 8 batches of 32 posts × 64 tokens run");
        }
        GC.KeepAlive(bytes);
        return 0;
    }

    private static void Collect() => GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

    private static void Step(string what) =>
        Console.WriteLine($"{what,-110} resident {PeakMemory.Resident():F0} MB, peak {PeakMemory.Megabytes():F0} MB, managed {GC.GetTotalMemory(false) / 1e6:F0} MB");
}
