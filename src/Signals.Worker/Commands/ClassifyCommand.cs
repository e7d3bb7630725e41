using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Signals.Classification;
using Signals.Matching;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>signals classify [--model FILE] [TEXT...]</c>: what the pipeline makes of each text (given as arguments, or one a
/// line on standard input), one JSON object a line: products, events, adverseEvent (probability), category.
/// </summary>
internal static class ClassifyCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private const int Batch = 512;

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var texts = new List<string>(args);
        var overrides = new Dictionary<string, string?>();
        if (texts is ["--model", var model, ..])
        {
            overrides["Signals:Classification:ModelFile"] = Path.GetFullPath(model);
            texts.RemoveRange(0, 2);
        }
        using var host = SignalsHost.Build(overrides: overrides);
        await SignalsHost.PrepareAsync(host, ct);
        var products = host.Services.GetRequiredService<ProductMatcher>();
        var events = host.Services.GetRequiredService<EventMatcher>();
        var categorizer = host.Services.GetRequiredService<PostCategorizer>();
        var classifier = host.Services.GetRequiredService<AdverseEventClassifier>();

        async Task WriteAsync(IReadOnlyList<string> batch)
        {
            var scores = classifier.Classify(batch);
            var probabilities = scores.Probabilities;
            for (var i = 0; i < batch.Count; i++)
            {
                var tokens = TextNormalizer.Tokens(batch[i]);
                var named = events.Match(tokens);
                var category = categorizer.Categorize(probabilities[i], scores.Threshold, named, events.IsComplaint(tokens), PostCategorizer.IsQuestion(batch[i]));
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    text = batch[i], products = products.Match(batch[i]), events = named, adverseEvent = Math.Round(probabilities[i], 4),
                    category = category switch { PostCategory.AdverseEvent => "adverse-event", PostCategory.ProductComplaint => "product-complaint", _ => "other" },
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
}
