using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Signals.Classification;

/// <summary>
/// Polls the model file's time and size and hot-swaps a retrained model without a restart. Polling rather than a
/// FileSystemWatcher: it also works on mounted volumes (containers, network shares) where change events never come.
/// </summary>
public sealed class ModelReloadService(AdverseEventClassifier classifier, IOptions<ClassificationOptions> options, TimeProvider time, ILogger<ModelReloadService> logger)
    : PeriodicService(time)
{
    protected override TimeSpan Interval => options.Value.ReloadInterval;

    protected override Task RunOnceAsync(CancellationToken ct)
    {
        classifier.ReloadIfChanged();
        return Task.CompletedTask;
    }

    protected override void OnRoundFailed(Exception exception) => logger.ModelWatchFailed(exception);
}
