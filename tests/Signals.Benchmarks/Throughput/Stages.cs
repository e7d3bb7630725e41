using System.Diagnostics;
using Signals.Classification;
using Signals.Feeds;
using Signals.Ingestion;
using Signals.Matching;

namespace Signals.Benchmarks.Throughput;

/// <summary>Each stage alone, timed on the production classes; rates are the median of a few repeats.</summary>
internal static class Stages
{
    /// <summary>Posts/s of the pipeline's reader alone: read, split into lines, parse each into a post.</summary>
    public static double Parse(string file)
    {
        var clock = Stopwatch.StartNew();
        long count = 0;
        foreach (var batch in Read(file)) count += batch.Count;
        return count / clock.Elapsed.TotalSeconds;
    }

    public static List<Post> Load(string file, int count) => Read(file).SelectMany(b => b).Take(count).ToList();

    private static IEnumerable<List<Post>> Read(string file) =>
        new JsonLinesSource(new IngestionOptions().ParseBatch, DateTimeOffset.UtcNow).ReadAsync([file], [], CancellationToken.None).ToBlockingEnumerable();

    /// <summary>
    /// Posts/s on one core for each catalog, and the share of posts that named a product. The catalogs take turns,
    /// round after round, so a burst of load from another process on a shared machine hits them alike; each rate is
    /// the median of its rounds.
    /// </summary>
    public static List<(double Rate, double Matched)> Match(IReadOnlyList<ProductCatalog> catalogs, EventLexicon lexicon, IReadOnlyList<Post> sample, int rounds)
    {
        var events = new EventMatcher(lexicon);
        var matchers = catalogs.Select(c => new ProductMatcher(c)).ToList();
        var rates = matchers.Select(_ => new List<double>()).ToList();
        var shares = new double[matchers.Count];
        var tokens = new NormalizedText();
        for (var r = 0; r < rounds; r++)
        {
            for (var m = 0; m < matchers.Count; m++)
            {
                var matched = 0;
                var clock = Stopwatch.StartNew();
                foreach (var post in sample)
                {
                    // As PostIngestor does: every post through the span-based pre-filter, events only for those naming a product.
                    tokens.Load(post.Text);
                    if (matchers[m].Match(tokens).Count == 0) continue;
                    matched++;
                    var words = TextNormalizer.Tokens(post.Text);
                    events.Match(words);
                    events.IsComplaint(words);
                }
                rates[m].Add(sample.Count / clock.Elapsed.TotalSeconds);
                shares[m] = (double)matched / sample.Count;
            }
        }
        return rates.Select((list, m) => (Median(list), shares[m])).ToList();
    }

    /// <summary>Posts/s through the classifier, on the sample's posts that name a product, in the pipeline's batches.</summary>
    public static double Classify(AdverseEventClassifier classifier, ProductCatalog catalog, IReadOnlyList<Post> sample, int repeats)
    {
        var texts = MatchedTexts(catalog, sample);
        while (texts.Count is > 0 and < 5_000) texts.AddRange(texts.ToList());
        classifier.Score(texts.Take(100).ToList()); // warm up
        var rates = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var batch in texts.Chunk(new IngestionOptions().StoreBatch)) classifier.Score(batch);
            rates.Add(texts.Count / clock.Elapsed.TotalSeconds);
        }
        return Median(rates);
    }

    /// <summary>The texts of the sample that name a product of the catalog: what the worker classifies.</summary>
    public static List<string> MatchedTexts(ProductCatalog catalog, IReadOnlyList<Post> sample)
    {
        var products = new ProductMatcher(catalog);
        return sample.Select(p => p.Text).Where(t => products.Match(t).Count > 0).ToList();
    }

    public static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
