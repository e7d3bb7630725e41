using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Signals.Detection;

public static class DetectionServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddSignalsDetection(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<DetectionOptions>(DetectionOptions.Section);
        builder.Services.AddSingleton<IValidateOptions<DetectionOptions>, DetectionOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DetectionRunner>();
        builder.Services.AddSingleton<DayBacklog>();
        builder.Services.AddHostedService<DetectionService>();
        return builder;
    }
}
