using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Signals.Detection;

/// <summary>
/// Live detection: at every interval it judges the last complete UTC day (a day still in
/// progress would always look low). Judging the same day again is harmless: alerts are idempotent.
/// </summary>
public sealed class DetectionService(DetectionRunner runner, IOptions<DetectionOptions> options, TimeProvider time, ILogger<DetectionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                var yesterday = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1);
                await runner.RunForDayAsync(yesterday, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.DetectionFailed(ex);
            }
        } while (await timer.TickOrStopAsync(stoppingToken));
    }
}
