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
    public static IHostApplicationBuilder AddSignalsClassification(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ClassificationOptions>(ClassificationOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ClassificationOptions>>().Value;
            var budget = new TransformerBudget(options.TransformerPostsPerSecond, sp.GetRequiredService<TimeProvider>());
            if (sp.GetService<SignalsMetrics>() is { } metrics) budget.Spent += metrics.TransformerSpent;
            return new AdverseEventClassifier(options.ModelPath, sp.GetRequiredService<ILogger<AdverseEventClassifier>>(), budget);
        });
        builder.Services.AddSingleton<PostCategorizer>();
        builder.Services.AddHostedService<ModelReloadService>();
        return builder;
    }
}
