using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signals.Storage;

namespace Signals.Feeds;

/// <summary>
/// The scheduler only schedules: at each tick it picks the feeds that are due and hands each
/// to the <see cref="FeedRefresher"/>, a few at a time. Only cancellation ends the loop.
/// </summary>
public sealed class FeedPollingService(
    FeedCatalog catalog,
    FeedRefresher refresher,
    ISignalStore store,
    IOptions<FeedsOptions> options,
    TimeProvider time,
    ILogger<FeedPollingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.SchedulerStarted(catalog.Feeds.Count);
        using var timer = new PeriodicTimer(options.Value.SchedulerTick, time);
        do
        {
            try
            {
                await RefreshDueFeedsAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.SchedulerTickFailed(ex);
            }
        } while (await timer.TickOrStopAsync(stoppingToken));
    }

    public async Task RefreshDueFeedsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
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
