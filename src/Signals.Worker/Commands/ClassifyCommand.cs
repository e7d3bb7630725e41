using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Signals.Classification;
using Signals.Matching;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>signals classify [--model FILE] [--features] [TEXT...]</c>: what the pipeline makes of each text (given as arguments,
/// or one a line on standard input), one JSON object a line: products, matched (each product with the words of the text
/// that named it), events, adverseEvent (probability), category.
/// <c>--features</c> adds what the model read besides the raw text: the masked text and the named lexicon features,
/// so a data scientist can see why a text scored as it did, or take the features to other tools.
/// </summary>
internal static class ClassifyCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
    private const int Batch = 512;

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var texts = new List<string>();
        var overrides = new Dictionary<string, string?>();
        AdverseEventFeaturizer? featurizer = null; // only for --features
        for (var i = 0; i < args.Length; i++)
            if (args[i] == "--model" && i + 1 < args.Length) overrides["Signals:Classification:ModelFile"] = Path.GetFullPath(args[++i]);
            else if (args[i] == "--features") featurizer = new AdverseEventFeaturizer();
            else texts.Add(args[i]);
        using var host = SignalsHost.Build(overrides: overrides, translate: true);
        // Classifying reads no store: validate the configuration, but neither open nor migrate the database.
        SignalsHost.CheckConfiguration(host);
        // The model (its MiniLM session most of all) loads on another core while the catalogue's matcher is built: the two
        // are most of a one-text classify's start (docs/performance.md).
        var loading = Task.Run(() => host.Services.GetRequiredService<AdverseEventClassifier>());
        var products = host.Services.GetRequiredService<ProductMatcher>();
        var events = host.Services.GetRequiredService<EventMatcher>();
        var categorizer = host.Services.GetRequiredService<PostCategorizer>();
        var classifier = await loading;

        async Task WriteAsync(IReadOnlyList<string> batch)
        {
            var scores = classifier.Classify(batch);
            var probabilities = scores.Probabilities;
            for (var i = 0; i < batch.Count; i++)
            {
                var tokens = TextNormalizer.Tokens(batch[i]);
                var named = events.Match(tokens, batch[i]);
                var category = categorizer.Categorize(batch[i], tokens, probabilities[i], scores.Threshold, named, events.IsComplaint(tokens),
                probabilities.RuleFloor(i));
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    text = batch[i], products = products.Match(batch[i]),
                    matched = products.Explain(batch[i]).Select(m => new { product = m.Product, name = m.Name }), // why each product was counted
                    events = named, adverseEvent = Math.Round(probabilities[i], 4),
                    category = category.Name(),
                    features = featurizer is null ? null : Features(featurizer.Input(batch[i])),
                }, Json));
            }
        }

        if (texts.Count > 0)
        {
            await WriteAsync(texts);
            return 0;
        }
        var pending = new List<string>();
        for (var line = await Console.In.ReadLineAsync(ct); line is not null; line = await Console.In.ReadLineAsync(ct))
        {
            if (line.Length == 0) continue;
            pending.Add(line);
            if (pending.Count < Batch) continue;
            await WriteAsync(pending);
            pending.Clear();
        }
        if (pending.Count > 0) await WriteAsync(pending);
        return 0;
    }

    private static object Features(AdverseEventInput input) => new
    {
        masked = input.Masked,
        lexicon = AdverseEventFeaturizer.Names.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => Math.Round(input.Lexicon[x.i], 3)),
    };
}
