using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signals.Classification.Transformer;
using Signals.Classification.Translation;
using Signals.Health;

namespace Signals.Classification;

public static class ClassificationServiceCollectionExtensions
{
    /// <param name="live">
    /// True for the long-running worker: the transformer gets its posts-per-second budget there, so a flood falls back to
    /// the n-gram score instead of falling behind. Replays and <c>classify</c> ask it about every unsure post, so the same
    /// file always gives the same results, whatever the machine's speed.
    /// </param>
    /// <param name="translate">
    /// French posts are also read through an Apertium translation: in the worker (live, within TranslationShare) and in
    /// <c>classify</c> (every French text). Replays do not translate: 60–70 posts a second would make a replay of a French
    /// surge take minutes, and a replay must score as the same file did before.
    /// </param>
    public static IHostApplicationBuilder AddSignalsClassification(this IHostApplicationBuilder builder, bool live = false, bool translate = false)
    {
        builder.AddValidatedOptions<ClassificationOptions>(ClassificationOptions.Section);
        builder.AddValidatedOptions<Learning.LearningOptions>(Learning.LearningOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ClassificationOptions>>().Value;
            var budget = live ? new TransformerBudget(options.TransformerPostsPerSecond, sp.GetRequiredService<TimeProvider>()) : null;
            if (budget is not null && sp.GetService<SignalsMetrics>() is { } metrics) budget.Spent += metrics.TransformerSpent;
            FrenchTranslation? translation = null;
            if (live || translate)
            {
                var translationBudget = live ? new TranslationBudget(options.TranslationShare, sp.GetRequiredService<TimeProvider>()) : null;
                if (translationBudget is not null && sp.GetService<SignalsMetrics>() is { } m) translationBudget.Spent += m.TranslationSpent;
                translation = FrenchTranslation.Start(options, translationBudget, sp.GetRequiredService<ILogger<FrenchTranslation>>());
            }
            return new AdverseEventClassifier(options.ModelPath, sp.GetRequiredService<ILogger<AdverseEventClassifier>>(), budget, translation);
        });
        builder.Services.AddSingleton<PostCategorizer>();
        builder.Services.AddHostedService<ModelReloadService>();
        return builder;
    }
}
