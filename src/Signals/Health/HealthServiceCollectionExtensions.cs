using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Signals.Health;

public static class HealthServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddSignalsHealth(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<HealthOptions>(HealthOptions.Section);
        builder.Services.AddSingleton<ReadinessCheck>();
        builder.Services.AddHostedService<HealthEndpoint>();
        return builder;
    }
}
