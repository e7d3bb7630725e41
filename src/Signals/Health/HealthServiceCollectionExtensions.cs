using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace Signals.Health;

public static class HealthServiceCollectionExtensions
{
    /// <param name="serveMetrics">Open the Prometheus listener (only the long-running worker does; one-shot verbs would only hold its port).</param>
    public static IHostApplicationBuilder AddSignalsHealth(this IHostApplicationBuilder builder, bool serveMetrics)
    {
        builder.AddValidatedOptions<HealthOptions>(HealthOptions.Section);
        builder.Services.AddSingleton<ReadinessCheck>();
        builder.Services.AddSingleton<StartupState>();
        builder.Services.AddSingleton<SignalsMetrics>();
        // One instance: `run` starts it before it waits for the database, the host's start then finds it running.
        builder.Services.AddSingleton<HealthEndpoint>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HealthEndpoint>());

        var health = builder.Configuration.GetSection(HealthOptions.Section).Get<HealthOptions>() ?? new HealthOptions();
        if (serveMetrics && health.Enabled && health.MetricsPort > 0 && !PortIsFree(health.MetricsPort))
        {
            // The exporter would stop the whole worker at start; a worker without metrics is better than none.
            builder.Services.AddHostedService(sp => new MetricsUnavailableNotice(
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<MetricsUnavailableNotice>>(), health.MetricsPort));
        }
        else if (serveMetrics && health.Enabled && health.MetricsPort > 0)
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(SignalsMetrics.MeterName)
                .AddPrometheusHttpListener(o =>
                {
                    o.Port = health.MetricsPort;
                    // The exporter builds its prefix with UriBuilder, which refuses the "*" (all interfaces) a container needs.
                    o.ConfigureHttpListener = (_, listener) =>
                    {
                        listener.Prefixes.Clear();
                        listener.Prefixes.Add($"http://{health.Host}:{health.MetricsPort}/");
                    };
                    o.ScrapeResponseCacheDurationMilliseconds = 0; // a scrape shows the counts of that moment
                }));
        return builder;
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, port);
            probe.Start();
            probe.Stop();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}

/// <summary>Says once, at start, that /metrics is not served because its port is taken.</summary>
internal sealed class MetricsUnavailableNotice(Microsoft.Extensions.Logging.ILogger<MetricsUnavailableNotice> logger, int port) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.MetricsPortTaken(port);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
