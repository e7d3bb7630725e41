using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signals.Storage;

namespace Signals.Feeds;

/// <summary>
/// The scheduler only schedules: at each tick it picks the feeds that are due and hands each
/// to the <see cref="FeedRefresher"/>, a few at a time.
/// </summary>
public sealed class FeedPollingService(
    FeedCatalog catalog,
    FeedRefresher refresher,
    ISignalStore store,
    IOptions<FeedsOptions> options,
    TimeProvider time,
    ILogger<FeedPollingService> logger) : PeriodicService(time)
{
    protected override TimeSpan Interval => options.Value.SchedulerTick;
    protected override Task RunOnceAsync(CancellationToken ct) => RefreshDueFeedsAsync(ct);
    protected override void OnRoundFailed(Exception exception) => logger.SchedulerTickFailed(exception);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        logger.SchedulerStarted(catalog.Feeds.Count);
        return base.StartAsync(cancellationToken);
    }

    public async Task RefreshDueFeedsAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var due = new List<FeedDefinition>();
        foreach (var feed in catalog.Feeds)
        {
            var state = await store.GetFeedStateAsync(feed.Name, ct);
            if (state?.NextCheckAt is not { } next || next <= now) due.Add(feed);
        }
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxParallelFeeds, CancellationToken = ct },
            (feed, token) => new ValueTask(refresher.RefreshAsync(feed, token)));
    }
}
