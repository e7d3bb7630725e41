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
    /// <returns>Whether the read succeeded (a failure is recorded on the feed's row either way).</returns>
    public async Task<bool> RefreshAsync(FeedDefinition feed, CancellationToken ct, DateTimeOffset? stopPagingAt = null)
    {
        var state = await store.GetFeedStateAsync(feed.Name, ct) ?? new FeedState(feed.Name, null, 0, null, null, null);
        try
        {
            var reader = _readers.TryGetValue(feed.Type, out var r) ? r : throw new FeedException($"Feed '{feed.Name}': no reader for type '{feed.Type}'");
            var seen = new HashSet<(string, string)>(); // the posts of this read: a page repeating them is counted and stored once
            var pages = 0;
            bool more;
            do
            {
                var result = await ReadWithinDeadlineAsync(reader, feed, state.Cursor, ct);
                pages++;
                foreach (var problem in result.Problems) logger.FeedProblem(feed.Name, problem);
                var now = time.GetUtcNow();
                var posts = new List<Post>(result.Posts.Count);
                var repeated = 0;
                foreach (var post in result.Posts)
                {
                    if (!seen.Add((post.Source, post.ExternalId))) repeated++;
                    else if (PostLimits.DateProblem(post, now) is { } refused) logger.FeedProblem(feed.Name, refused);
                    else posts.Add(post);
                }
                var ingested = await ingestor.IngestAsync(posts, ct);
                foreach (var refused in ingested.Refused) logger.PostRefused(feed.Name, refused);
                metrics?.PostsFetched(feed.Name, ingested.Read);
                metrics?.PostsStored(feed.Name, ingested.Stored);
                if (posts.Count > 0) logger.FeedRead(feed.Name, ingested.Read, ingested.Matched, ingested.Stored);
                // A post the database refuses is named in the log and on the feed's row (health shows it) and the read goes on:
                // reading it again would fail again, and hold back every good post behind it.
                var degraded = result.HasMore ? PagingProblem(state.Cursor, result, repeated) : null;
                var refusedNote = ingested.Refused.Count == 0 ? null : $"{ingested.Refused.Count} post(s) could not be stored: {ingested.Refused[0]}";
                var capped = result.HasMore && degraded is null && pages >= options.Value.MaxPagesPerRead;
                if (degraded is not null) logger.FeedProblem(feed.Name, degraded);
                if (capped) logger.FeedPagesCapped(feed.Name, pages);
                more = result.HasMore && degraded is null && !capped;
                // More waiting: due again at once (a later round, or another replica, goes on from the cursor). A source that
                // ignores the cursor waits its interval, and the feed stays marked degraded (health shows it) until a clean read.
                state = state with
                {
                    Cursor = result.Cursor, ErrorCount = 0, LastError = (degraded ?? refusedNote) is { } why ? $"degraded: {why}" : null, LastCheckedAt = now,
                    NextCheckAt = result.HasMore && degraded is null ? now : now + feed.Interval,
                };
                await store.SaveFeedStateAsync(state, ct);
            } while (more && !ct.IsCancellationRequested && (stopPagingAt is null || time.GetUtcNow() < stopPagingAt));
            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            metrics?.FeedError(feed.Name);
            var errors = state.ErrorCount + 1;
            var now = time.GetUtcNow();
            var wait = Backoff(feed.Interval, errors, options.Value.MaxBackoff);
            var error = WithCause(ex.Message, errors > 1 ? state.LastError : null);
            if (ex is FeedException { RetryAfter: { } asked } && asked > wait)
            {
                // The server said when to come back; honoured up to MaxBackoff, so "Retry-After: 1000000000" cannot switch a feed
                // off for 31 years. A feed asking more stays marked degraded, so health names it while it waits.
                var cap = options.Value.MaxBackoff;
                wait = asked > cap ? cap : asked;
                if (asked > cap) error += $"; degraded: the server asked to wait {Describe(asked)}, more than Signals:Feeds:MaxBackoff ({Describe(cap)}); next try after {Describe(cap)}";
            }
            var next = now + wait;
            logger.FeedFailed(feed.Name, errors, next, error);
            try
            {
                await store.SaveFeedStateAsync(state with { ErrorCount = errors, LastError = error, LastCheckedAt = now, NextCheckAt = next }, ct);
            }
            catch (Exception saveError) when (!ct.IsCancellationRequested)
            {
                logger.FeedProblem(feed.Name, $"could not record the failure: {saveError.Message}");
            }
            return false;
        }
    }

    /// <summary>
    /// One read (a page) under one deadline from its start — request, retries, body and parsing — so a server dripping its
    /// answer, or a document slow to parse, gives its parallel slot back at <see cref="FeedsOptions.RequestTimeout"/>. A
    /// stream (Jetstream) is read for its window on top of that.
    /// </summary>
    private async Task<FeedReadResult> ReadWithinDeadlineAsync(IFeedReader reader, FeedDefinition feed, string? cursor, CancellationToken ct)
    {
        var o = options.Value;
        var limit = o.RequestTimeout + (reader is JetstreamReader ? o.StreamWindow : TimeSpan.Zero);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(limit);
        try { return await reader.ReadAsync(feed, cursor, deadline.Token); }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new FeedException($"Feed '{feed.Name}' ({feed.Location}): timed out: the read (request, body and parsing) took more than "
                + $"{limit.TotalSeconds:0.#} s (Signals:Feeds:RequestTimeout)", ex);
        }
    }

    /// <summary>
    /// Why a reader that says "more is waiting" must not be taken at its word: the cursor did not move (a cache, a proxy or
    /// an API change serving the same page whatever it is asked), or the page brought no post this read had not seen.
    /// Paging on would loop for ever at full speed.
    /// </summary>
    private static string? PagingProblem(string? cursorBefore, FeedReadResult result, int repeated) =>
        result.Cursor == cursorBefore ? "paging stopped: the cursor did not advance (the source seems to ignore it); next try after the feed's interval"
        : result.Posts.Count > 0 && repeated == result.Posts.Count ? "paging stopped: a full page brought no post not already read (the source seems to ignore the cursor); next try after the feed's interval"
        : null;

    /// <summary>
    /// "Circuit open" says the feed is paused, not why: the first real failure (DNS, refused, TLS, HTTP status) is kept
    /// beside it, from the error recorded before, for as long as the breaker keeps answering instead of the source.
    /// </summary>
    private static string WithCause(string error, string? previous)
    {
        if (!error.Contains(HttpFeedContent.CircuitOpen, StringComparison.Ordinal) || error.Contains("; cause: ", StringComparison.Ordinal) || previous is null) return error;
        const string marker = "; first cause: ";
        var cause = previous.IndexOf(marker, StringComparison.Ordinal) is var at and >= 0 ? previous[(at + marker.Length)..]
            : previous.Contains(HttpFeedContent.CircuitOpen, StringComparison.Ordinal) ? null : previous;
        return cause is null ? error : error + marker + cause;
    }

    private static string Describe(TimeSpan wait) =>
        wait.TotalDays >= 365 ? $"{wait.TotalDays / 365.25:0.#} years" : wait.TotalDays >= 2 ? $"{wait.TotalDays:0.#} days"
        : wait.TotalHours >= 1 ? $"{wait.TotalHours:0.#} h" : $"{wait.TotalSeconds:0} s";

    /// <summary>Doubles the wait per consecutive failure, from the feed's own interval up to the cap.</summary>
    public static TimeSpan Backoff(TimeSpan interval, int errors, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Min(errors - 1, 20));
        var wait = TimeSpan.FromTicks((long)Math.Min(interval.Ticks * factor, max.Ticks));
        return wait < interval ? interval : wait;
    }
}
