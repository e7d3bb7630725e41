using Microsoft.Extensions.DependencyInjection;
using Signals.Classification;
using Signals.Matching;

namespace Signals.Worker.Commands;

/// <summary><c>signals classify TEXT...</c>: what the pipeline makes of a text — products, events, P(adverse event), category. For checking a model or a lexicon by hand.</summary>
internal static class ClassifyCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (args.Length == 0) return Usage.Print(Console.Error, 64, "classify needs one or more texts");
        using var host = SignalsHost.Build();
        await SignalsHost.PrepareAsync(host, ct);
        var products = host.Services.GetRequiredService<ProductMatcher>();
        var events = host.Services.GetRequiredService<EventMatcher>();
        var categorizer = host.Services.GetRequiredService<PostCategorizer>();
        var probabilities = host.Services.GetRequiredService<AdverseEventClassifier>().Score(args);
        for (var i = 0; i < args.Length; i++)
        {
            var named = events.Match(args[i]);
            var category = categorizer.Categorize(probabilities[i], named, events.IsComplaint(args[i]));
            await Console.Out.WriteLineAsync($"{probabilities[i]:F3}  {category,-16} products [{string.Join(", ", products.Match(args[i]))}]  events [{string.Join(", ", named)}]  {args[i]}");
        }
        return 0;
    }
}
