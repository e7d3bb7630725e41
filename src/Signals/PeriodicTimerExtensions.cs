namespace Signals;

public static class PeriodicTimerExtensions
{
    /// <summary>Waits for the next tick; false once the service is stopping, so a loop ends without an exception.</summary>
    public static async Task<bool> TickOrStopAsync(this PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
