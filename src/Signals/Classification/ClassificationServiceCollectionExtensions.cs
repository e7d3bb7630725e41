using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signals.Classification.Transformer;
using Signals.Health;

namespace Signals.Classification;

public static class ClassificationServiceCollectionExtensions
{
    /// <param name="live">
    /// True for the long-running worker: the transformer gets its posts-per-second budget there, so a flood falls back to
    /// the n-gram score instead of falling behind. Replays and <c>classify</c> ask it about every unsure post, so the same
    /// file always gives the same results, whatever the machine's speed.
    /// </param>
    public static IHostApplicationBuilder AddSignalsClassification(this IHostApplicationBuilder builder, bool live = false)
    {
        builder.AddValidatedOptions<ClassificationOptions>(ClassificationOptions.Section);
        builder.AddValidatedOptions<Learning.LearningOptions>(Learning.LearningOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ClassificationOptions>>().Value;
            var budget = live ? new TransformerBudget(options.TransformerPostsPerSecond, sp.GetRequiredService<TimeProvider>()) : null;
            if (budget is not null && sp.GetService<SignalsMetrics>() is { } metrics) budget.Spent += metrics.TransformerSpent;
            return new AdverseEventClassifier(options.ModelPath, sp.GetRequiredService<ILogger<AdverseEventClassifier>>(), budget);
        });
        builder.Services.AddSingleton<PostCategorizer>();
        builder.Services.AddHostedService<ModelReloadService>();
        return builder;
    }
}
