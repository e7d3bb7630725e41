using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Signals.Alerts;

/// <summary>Runs the dispatcher at every interval; a failing round is logged and the next one tries again.</summary>
public sealed class AlertDispatchService(AlertDispatcher dispatcher, IOptions<EmailOptions> options, TimeProvider time, ILogger<AlertDispatchService> logger)
    : PeriodicService(time)
{
    protected override TimeSpan Interval => options.Value.DispatchInterval;
    protected override Task RunOnceAsync(CancellationToken ct) => dispatcher.DispatchPendingAsync(ct);
    protected override void OnRoundFailed(Exception exception) => logger.DispatchFailed(exception);
}
