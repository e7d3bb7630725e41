using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signals.Health;
using Signals.Ingestion;
using Signals.Storage;

namespace Signals.Feeds;

/// <summary>
/// Refreshes one feed: read what is new, ingest it, then save the cursor. Saving the cursor
/// after the posts means a crash re-reads a batch (stored idempotently) and never skips one.
/// A failure stays with its feed: it is recorded on the feed's row and the feed backs off.
/// </summary>
public sealed class FeedRefresher(
    IEnumerable<IFeedReader> readers,
    PostIngestor ingestor,
    ISignalStore store,
    IOptions<FeedsOptions> options,
    TimeProvider time,
    ILogger<FeedRefresher> logger,
    SignalsMetrics? metrics = null)
{
    private readonly Dictionary<string, IFeedReader> _readers = readers
        .SelectMany(r => r.Types.Select(t => (t, r)))
        .ToDictionary(p => p.t, p => p.r, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> KnownTypes => _readers.Keys;

    /// <param name="stopPagingAt">No further page is started after this instant (the end of the feed's lease); the rest waits for the next round.</param>
    public async Task RefreshAsync(FeedDefinition feed, CancellationToken ct, DateTimeOffset? stopPagingAt = null)
    {
        var state = await store.GetFeedStateAsync(feed.Name, ct) ?? new FeedState(feed.Name, null, 0, null, null, null);
        try
        {
            var reader = _readers.TryGetValue(feed.Type, out var r) ? r : throw new FeedException($"Feed '{feed.Name}': no reader for type '{feed.Type}'");
            FeedReadResult result;
            do
            {
                result = await reader.ReadAsync(feed, state.Cursor, ct);
                foreach (var problem in result.Problems) logger.FeedProblem(feed.Name, problem);
                var ingested = await ingestor.IngestAsync(result.Posts, ct);
                metrics?.PostsFetched(feed.Name, ingested.Read);
                metrics?.PostsStored(feed.Name, ingested.Stored);
                if (result.Posts.Count > 0) logger.FeedRead(feed.Name, ingested.Read, ingested.Matched, ingested.Stored);
                var now = time.GetUtcNow();
                // More waiting: due again at once (a later round, or another replica, goes on from the cursor).
                state = state with { Cursor = result.Cursor, ErrorCount = 0, LastError = null, LastCheckedAt = now, NextCheckAt = result.HasMore ? now : now + feed.Interval };
                await store.SaveFeedStateAsync(state, ct);
            } while (result.HasMore && !ct.IsCancellationRequested && (stopPagingAt is null || time.GetUtcNow() < stopPagingAt));
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            metrics?.FeedError(feed.Name);
            var errors = state.ErrorCount + 1;
            var now = time.GetUtcNow();
            var wait = Backoff(feed.Interval, errors, options.Value.MaxBackoff);
            if (ex is FeedException { RetryAfter: { } asked } && asked > wait) wait = asked; // the server said when to come back
            var next = now + wait;
            logger.FeedFailed(feed.Name, errors, next, ex.Message);
            try
            {
                await store.SaveFeedStateAsync(state with { ErrorCount = errors, LastError = ex.Message, LastCheckedAt = now, NextCheckAt = next }, ct);
            }
            catch (Exception saveError) when (!ct.IsCancellationRequested)
            {
                logger.FeedProblem(feed.Name, $"could not record the failure: {saveError.Message}");
            }
        }
    }

    /// <summary>Doubles the wait per consecutive failure, from the feed's own interval up to the cap.</summary>
    public static TimeSpan Backoff(TimeSpan interval, int errors, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Min(errors - 1, 20));
        var wait = TimeSpan.FromTicks((long)Math.Min(interval.Ticks * factor, max.Ticks));
        return wait < interval ? interval : wait;
    }
}
