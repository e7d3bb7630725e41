using System.Diagnostics;
using Signals.Classification;
using Signals.Classification.Transformer;

namespace Signals.Benchmarks;

/// <summary>
/// What the transformer costs the worker: posts a second and CPU-ms a post of the n-gram model alone, of MiniLM alone
/// (each post run alone, as the worker runs them), and of the shipped decision (MiniLM for every English post) with and without
/// the worker's budget. The texts are the hand-written category set (EN + FR), repeated to the size asked.
/// Run: dotnet run -c Release --project tests/Signals.Benchmarks -- classifier-speed [--model models/adverse-event.zip] [--posts 3000] [--batch 500]
/// </summary>
internal static class ClassifierSpeed
{
    public static int Run(string modelPath, int posts, int batch)
    {
        var model = AdverseEventModel.Load(modelPath, new AdverseEventFeaturizer());
        var set = File.ReadAllLines(Path.Combine("tests", "Signals.Tests", "Classification", "category-set.tsv")).Skip(1).Select(l => l.Split('\t')[2]).ToArray();
        var texts = Enumerable.Range(0, posts).Select(i => set[i % set.Length]).ToList();
        var batches = texts.Chunk(batch).Select(b => (IReadOnlyList<string>)b).ToList();
        Console.WriteLine($"model {model.Version}; {posts} posts in batches of {batch}; {Environment.ProcessorCount} cores");
        model.Score(batches[0]); // warm-up: ML.NET and OnnxRuntime build their pipelines on first use

        Measure("n-gram model alone", () => { foreach (var b in batches) model.ScoreNgram(b); });
        if (model.MiniLm is not { } miniLm)
        {
            Console.WriteLine("the model has no fine-tuned transformer (scripts/fine-tune.sh)");
            return 0;
        }
        var blend = model.Blend(PostDomain.Social)!;
        var english = texts.Count(t => Signals.Feeds.PostLanguage.Guess(t) != "fr");
        Console.WriteLine($"English posts (fused: {1 - blend.Weight:0.00} x n-gram + {blend.Weight:0.00} x MiniLM): {english} of {posts} ({(double)english / posts:P1})");
        var some = texts.Take(Math.Min(posts, 1000)).ToList();
        Measure($"MiniLM alone ({some.Count} posts, as the worker runs them)", () => miniLm.Score(some), some.Count);
        Measure("MiniLM one post at a time (100 posts)", () => { foreach (var t in some.Take(100)) miniLm.Score([t]); }, 100);
        Measure("shipped decision, no budget (training and evaluate)", () => { foreach (var b in batches) model.Score(b); });
        var budget = new TransformerBudget(100, TimeProvider.System);
        Measure("shipped decision, worker budget 100 posts/s", () => { foreach (var b in batches) model.Score(b, PostDomain.Social, budget); });
        Console.WriteLine($"  budget: {budget.Scored} asked, {budget.Fallbacks} kept their n-gram score (signals_transformer_fallback)");
        return 0;

        void Measure(string name, Action action, int? count = null)
        {
            var n = count ?? posts;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            action();
            wall.Stop();
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            Console.WriteLine($"{name}: {n / wall.Elapsed.TotalSeconds:F0} posts/s, {cpuMs / n:F2} CPU-ms a post ({wall.Elapsed.TotalSeconds:F1} s)");
        }
    }
}
