using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Signals.Alerts;

/// <summary>Runs the dispatcher at every interval; a failing round is logged and the next one tries again.</summary>
public sealed class AlertDispatchService(AlertDispatcher dispatcher, IOptions<EmailOptions> options, TimeProvider time, ILogger<AlertDispatchService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DispatchInterval, time);
        do
        {
            try
            {
                await dispatcher.DispatchPendingAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.DispatchFailed(ex);
            }
        } while (await timer.TickOrStopAsync(stoppingToken));
    }
}
