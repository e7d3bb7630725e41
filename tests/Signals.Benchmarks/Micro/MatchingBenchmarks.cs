using BenchmarkDotNet.Attributes;
using Signals.Benchmarks.Throughput;
using Signals.Matching;

namespace Signals.Benchmarks.Micro;

/// <summary>Per-post cost of folding and tokenising, and of the product pre-filter at 10, 1,000 and 10,000 names.</summary>
public class MatchingBenchmarks
{
    private string[] _texts = [];
    private ProductMatcher _products = null!;

    [Params(10, 1_000, 10_000)] public int Names { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var file = Path.Combine(Path.GetTempPath(), "signals-throughput", "micro-2000.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        if (!File.Exists(file)) new PostGenerator().Write(file, 2_000);
        _texts = Stages.Load(file, 2_000).Select(p => p.Text).ToArray();
        _products = new ProductMatcher(SyntheticCatalog.Create(Names));
    }

    [Benchmark(OperationsPerInvoke = 2_000)]
    public int Normalise()
    {
        var n = 0;
        foreach (var text in _texts) n += TextNormalizer.Tokens(text).Count;
        return n;
    }

    [Benchmark(OperationsPerInvoke = 2_000)]
    public int MatchProducts()
    {
        var n = 0;
        foreach (var text in _texts) n += _products.Match(text).Count;
        return n;
    }
}
