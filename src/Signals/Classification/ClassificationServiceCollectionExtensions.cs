using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Signals.Classification;

public static class ClassificationServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddSignalsClassification(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ClassificationOptions>(ClassificationOptions.Section);
        builder.Services.AddSingleton(sp => new AdverseEventClassifier(sp.GetRequiredService<IOptions<ClassificationOptions>>().Value.ModelPath));
        builder.Services.AddSingleton<PostCategorizer>();
        return builder;
    }
}
