using BenchmarkDotNet.Attributes;
using Signals.Benchmarks.Throughput;
using Signals.Matching;

namespace Signals.Benchmarks.Micro;

/// <summary>Two thousand generated posts (the throughput command's generator, seed and mix), kept between runs.</summary>
internal static class MicroSample
{
    public static string[] Texts()
    {
        var file = Path.Combine(Path.GetTempPath(), "signals-throughput", "micro-2000.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        if (!File.Exists(file)) new PostGenerator().Write(file, 2_000);
        return Stages.Load(file, 2_000).Select(p => p.Text).ToArray();
    }
}

/// <summary>Per-post cost of folding and tokenising: into the reused span buffer (every post) and into strings (posts naming a product).</summary>
public class NormaliseBenchmarks
{
    private string[] _texts = [];
    private readonly NormalizedText _tokens = new();

    [GlobalSetup] public void Setup() => _texts = MicroSample.Texts();

    [Benchmark(Baseline = true, OperationsPerInvoke = 2_000)]
    public int IntoSpanBuffer()
    {
        var n = 0;
        foreach (var text in _texts)
        {
            _tokens.Load(text);
            n += _tokens.Count;
        }
        return n;
    }

    [Benchmark(OperationsPerInvoke = 2_000)]
    public int IntoStrings()
    {
        var n = 0;
        foreach (var text in _texts) n += TextNormalizer.Tokens(text).Count;
        return n;
    }
}

/// <summary>Per-post cost of the product pre-filter (normalise + phrase trie + one-typo index) at 10, 1,000 and 10,000 names.</summary>
public class ProductMatchBenchmarks
{
    private string[] _texts = [];
    private ProductMatcher _products = null!;
    private readonly NormalizedText _tokens = new();

    [Params(10, 1_000, 10_000)] public int Names { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _texts = MicroSample.Texts();
        _products = new ProductMatcher(SyntheticCatalog.Create(Names));
    }

    [Benchmark(OperationsPerInvoke = 2_000)]
    public int MatchProducts()
    {
        var n = 0;
        foreach (var text in _texts)
        {
            _tokens.Load(text);
            n += _products.Match(_tokens).Count;
        }
        return n;
    }
}
