using Microsoft.Extensions.Hosting;

namespace Signals;

/// <summary>
/// A hosted loop that does one round of work now and then at every interval, on the injected
/// clock. A failing round is reported and the next one tries again: only stopping ends the
/// loop (the host's default is to stop the whole process on an escaped exception).
/// </summary>
public abstract class PeriodicService(TimeProvider time) : BackgroundService
{
    protected TimeProvider Time { get; } = time;
    protected abstract TimeSpan Interval { get; }
    protected abstract Task RunOnceAsync(CancellationToken ct);
    protected abstract void OnRoundFailed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                OnRoundFailed(ex);
            }
        } while (await TickOrStopAsync(timer, stoppingToken));
    }

    private static async Task<bool> TickOrStopAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
