using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Signals.Detection;

public static class DetectionServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddSignalsDetection(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<DetectionOptions>(DetectionOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DetectionRunner>();
        builder.Services.AddHostedService<DetectionService>();
        return builder;
    }
}
