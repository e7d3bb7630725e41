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
    /// <summary>
    /// A round failed in a new way, or a reminder is due (<see cref="FailureStreak"/>): the exception itself, with its trace, the
    /// first time an unexpected error is met; else a <see cref="RoundFailedException"/> whose message is the whole story in one line.
    /// </summary>
    protected abstract void OnRoundFailed(Exception exception);

    /// <summary>A round succeeded after failed ones; <paramref name="line"/> says for how long they failed and why.</summary>
    protected virtual void OnRoundsRecovered(string line) { }

    private readonly FailureStreak _streak = new();

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                if (_streak.Succeeded(Time.GetUtcNow()) is { } recovered) OnRoundsRecovered(recovered);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (_streak.Failed(ex, Time.GetUtcNow()) is { } report)
                    OnRoundFailed(report.IsNew && !FailureStreak.IsOutage(ex) ? ex : new RoundFailedException(report.Line));
            }
        } while (await TickOrStopAsync(timer, stoppingToken));
    }

    private static async Task<bool> TickOrStopAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
