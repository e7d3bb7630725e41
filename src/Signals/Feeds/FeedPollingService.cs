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
    LeaseOwner owner,
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

    /// <summary>This worker's name on the leases it takes (host, process, start time): unique among replicas, recognisable after a crash.</summary>
    public string Owner => owner.Name;

    /// <summary>
    /// Leases the feeds that are due — replicas on one database each get different ones — and refreshes them, a few
    /// at a time, each stopping before its lease ends; every lease is given back when its read is over.
    /// </summary>
    public async Task RefreshDueFeedsAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var lease = options.Value.FeedLease;
        var claimed = (await store.ClaimDueFeedsAsync(catalog.Feeds.Select(f => f.Name).ToList(), Owner, now, now + lease, ct)).ToHashSet();
        var due = catalog.Feeds.Where(f => claimed.Contains(f.Name)).ToList();
        var stopBy = now + lease - options.Value.RequestTimeout; // the last page fits before the lease ends
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxParallelFeeds, CancellationToken = ct },
            async (feed, token) =>
            {
                try { await refresher.RefreshAsync(feed, token, stopBy); }
                finally { await ReleaseAsync(feed); }
            });
    }

    private async Task ReleaseAsync(FeedDefinition feed)
    {
        // Also on shutdown, so another replica need not wait for the lease to run out; bounded, as the database may be down.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await store.ReleaseFeedAsync(feed.Name, Owner, timeout.Token); }
        catch (Exception ex) when (ex is not OutOfMemoryException) { logger.LeaseNotReleased(feed.Name, ex.Message); }
    }
}
