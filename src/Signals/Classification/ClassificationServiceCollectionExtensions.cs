using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Signals.Classification;

public static class ClassificationServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddSignalsClassification(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ClassificationOptions>(ClassificationOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new AdverseEventClassifier(
            sp.GetRequiredService<IOptions<ClassificationOptions>>().Value.ModelPath, sp.GetRequiredService<ILogger<AdverseEventClassifier>>()));
        builder.Services.AddSingleton<PostCategorizer>();
        builder.Services.AddHostedService<ModelReloadService>();
        return builder;
    }
}
