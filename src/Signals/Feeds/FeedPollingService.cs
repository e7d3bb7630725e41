using System.Collections.Concurrent;
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
    // A round only starts the reads of the feeds that are due; it does not wait for them, so a slow feed (a server that drips
    // its answer) holds its own slot until its timeout, never the next round and the healthy feeds due in it.
    protected override Task RunOnceAsync(CancellationToken ct) => StartDueFeedsAsync(ct);
    protected override void OnRoundFailed(Exception exception) => logger.SchedulerTickFailed(exception);
    protected override void OnRoundsRecovered(string line) => logger.SchedulerRecovered(line);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        logger.SchedulerStarted(catalog.Feeds.Count);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>This worker's name on the leases it takes (host, process, start time): unique among replicas, recognisable after a crash.</summary>
    public string Owner => owner.Name;

    private readonly ConcurrentDictionary<string, Task> _reading = new(StringComparer.OrdinalIgnoreCase);
    private SemaphoreSlim? _slots, _slowSlots;
    // Feeds whose last read here failed (a timeout, a drip) or took more than half the read deadline.
    private readonly ConcurrentDictionary<string, bool> _slow = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Leases the feeds that are due and refreshes them (see <see cref="StartDueFeedsAsync"/>); returns when these reads are over.</summary>
    public async Task RefreshDueFeedsAsync(CancellationToken ct) => await await StartDueFeedsAsync(ct);

    /// <summary>
    /// Leases the feeds that are due and not already being read by this worker — replicas on one database each get different
    /// ones — and starts their reads, at most <see cref="FeedsOptions.MaxParallelFeeds"/> at a time across rounds, each
    /// stopping before its lease ends; every lease is given back when its read is over. Returns once the reads are started,
    /// with a task that ends when they are.
    /// </summary>
    public async Task<Task> StartDueFeedsAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var lease = options.Value.FeedLease;
        var idle = catalog.Feeds.Where(f => !_reading.ContainsKey(f.Name)).Select(f => f.Name).ToList();
        var claimed = (await store.ClaimDueFeedsAsync(idle, Owner, now, now + lease, ct)).ToHashSet();
        var stopBy = now + lease - options.Value.RequestTimeout; // the last page fits before the lease ends
        var slots = LazyInitializer.EnsureInitialized(ref _slots, () => new SemaphoreSlim(options.Value.MaxParallelFeeds));
        // Slow feeds share all the slots but one: four servers dripping their answers must not keep every healthy feed waiting
        // (with MaxParallelFeeds 1 there is nothing to keep aside).
        var slowSlots = LazyInitializer.EnsureInitialized(ref _slowSlots, () => new SemaphoreSlim(Math.Max(1, options.Value.MaxParallelFeeds - 1)));
        var started = new List<Task>();
        foreach (var feed in catalog.Feeds.Where(f => claimed.Contains(f.Name)))
        {
            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); // the read is in the map before it can leave it
            var read = Task.Run(async () =>
            {
                await registered.Task;
                try
                {
                    await ReadInSlotAsync(feed, slots, slowSlots, stopBy, ct);
                }
                finally
                {
                    await ReleaseAsync(feed);
                    _reading.TryRemove(feed.Name, out _);
                }
            }, CancellationToken.None);
            _reading[feed.Name] = read;
            registered.SetResult();
            started.Add(read);
        }
        return Task.WhenAll(started);
    }

    private async Task ReadInSlotAsync(FeedDefinition feed, SemaphoreSlim slots, SemaphoreSlim slowSlots, DateTimeOffset stopBy, CancellationToken ct)
    {
        var slow = _slow.ContainsKey(feed.Name);
        if (slow) await slowSlots.WaitAsync(ct);
        try
        {
            await slots.WaitAsync(ct);
            try
            {
                var started = Time.GetTimestamp();
                var succeeded = await refresher.RefreshAsync(feed, ct, stopBy);
                if (succeeded && Time.GetElapsedTime(started) < options.Value.RequestTimeout / 2) _slow.TryRemove(feed.Name, out _);
                else _slow[feed.Name] = true;
            }
            finally { slots.Release(); }
        }
        finally { if (slow) slowSlots.Release(); }
    }

    /// <summary>Stops the rounds, then waits for the reads still going (they see the stop and give their leases back).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try { await Task.WhenAll(_reading.Values).WaitAsync(cancellationToken); }
        catch (Exception) when (!cancellationToken.IsCancellationRequested) { /* a read ended by the stop; each logs its own */ }
    }

    private async Task ReleaseAsync(FeedDefinition feed)
    {
        // Also on shutdown, so another replica need not wait for the lease to run out; bounded, as the database may be down.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await store.ReleaseFeedAsync(feed.Name, Owner, timeout.Token); }
        catch (Exception ex) when (ex is not OutOfMemoryException) { logger.LeaseNotReleased(feed.Name, ex.Message); }
    }
}
