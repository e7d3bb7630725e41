using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Signals.Feeds;
using Signals.Matching;

namespace Signals.Ingestion;

/// <summary>
/// Streams JSON Lines files through the stages at once, each on its own thread, with bounded queues between them:
/// <c>read + parse → match (one worker per core) → classify + store</c>. On two cores the parser and the matchers
/// share the CPU while the writer mostly waits on the database; the queues make a fast stage wait for a slow one, so
/// memory stays flat however long the stream. The stages are <see cref="PostIngestor"/>'s own, as a feed uses them.
/// Order between posts is not kept (storing is idempotent and keyed, and counts are per day).
/// </summary>
public sealed class IngestionPipeline(PostIngestor ingestor, IOptions<IngestionOptions> options, TimeProvider? time = null)
{
    public async Task<PipelineResult> RunAsync(IReadOnlyList<string> files, CancellationToken ct)
    {
        var o = options.Value;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var parsed = Channel.CreateBounded<List<Post>>(new BoundedChannelOptions(o.QueueBatches) { SingleWriter = true });
        var matched = Channel.CreateBounded<List<MatchedPost>>(new BoundedChannelOptions(o.QueueBatches) { SingleReader = true });
        var tally = new ReadTally();

        var reading = Stage(() => ReadAsync(files, o.ParseBatch, parsed.Writer, tally, cts.Token), cts, () => parsed.Writer.TryComplete());
        var workersLeft = o.EffectiveMatchWorkers;
        var matching = Enumerable.Range(0, o.EffectiveMatchWorkers).Select(_ => Stage(
            () => MatchAsync(parsed.Reader, matched.Writer, cts.Token), cts,
            () => { if (Interlocked.Decrement(ref workersLeft) == 0) matched.Writer.TryComplete(); })).ToArray();
        var totals = (Matched: 0L, Stored: 0L);
        var refused = new List<string>(); // written by the storing stage only, read once it is over
        var storing = Stage(async () => totals = await StoreAsync(matched.Reader, o.StoreBatch, refused, cts.Token), cts, () => { });

        Task[] all = [reading, .. matching, storing];
        try
        {
            await Task.WhenAll(all);
        }
        catch (Exception) when (all.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions)
                                   .FirstOrDefault(e => e is not OperationCanceledException) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure); // the stage that failed, not the cancellations it caused
        }
        return new PipelineResult(tally.Read, totals.Matched, totals.Stored, tally.FirstDay, tally.LastDay, [.. tally.Problems, .. refused]);
    }

    /// <summary>Runs a stage on the thread pool; a failure cancels the others; <paramref name="ended"/> closes its output queue however it ends.</summary>
    private static Task Stage(Func<Task> body, CancellationTokenSource cts, Action ended) => Task.Run(async () =>
    {
        try
        {
            await body();
        }
        catch
        {
            await cts.CancelAsync();
            throw;
        }
        finally
        {
            ended();
        }
    });

    private async Task ReadAsync(IReadOnlyList<string> files, int batchSize, ChannelWriter<List<Post>> output, ReadTally tally, CancellationToken ct)
    {
        var source = new JsonLinesSource(batchSize, (time ?? TimeProvider.System).GetUtcNow(), options.Value.MaxLineBytes);
        await foreach (var batch in source.ReadAsync(files, tally.Problems, ct))
        {
            tally.Add(batch);
            await output.WriteAsync(batch, ct);
        }
    }

    private async Task MatchAsync(ChannelReader<List<Post>> input, ChannelWriter<List<MatchedPost>> output, CancellationToken ct)
    {
        var tokens = new NormalizedText();
        await foreach (var batch in input.ReadAllAsync(ct))
        {
            List<MatchedPost>? found = null;
            foreach (var post in batch)
                if (ingestor.Match(post, tokens) is { } m) (found ??= []).Add(m);
            if (found is not null) await output.WriteAsync(found, ct);
        }
    }

    /// <summary>
    /// Takes whatever matched posts are waiting, up to <paramref name="batchSize"/>, and stores them in one go: under
    /// load the batches grow by themselves (one model call, one write for many posts); when the stream is slow a post
    /// does not wait for others.
    /// </summary>
    private async Task<(long Matched, long Stored)> StoreAsync(ChannelReader<List<MatchedPost>> input, int batchSize, List<string> refused, CancellationToken ct)
    {
        long matched = 0, stored = 0;
        var batch = new List<MatchedPost>(batchSize);
        while (await input.WaitToReadAsync(ct))
        {
            while (batch.Count < batchSize && input.TryRead(out var part)) batch.AddRange(part);
            matched += batch.Count;
            stored += await ingestor.StoreAsync(batch, ct, refused);
            batch.Clear();
        }
        return (matched, stored);
    }

    /// <summary>What the reader saw: posts, the UTC days they span, problems. Written by the reader stage only.</summary>
    private sealed class ReadTally
    {
        public long Read;
        public DateOnly? FirstDay, LastDay;
        public List<string> Problems { get; } = [];

        public void Add(List<Post> batch)
        {
            Read += batch.Count;
            foreach (var post in batch)
            {
                var day = DateOnly.FromDateTime(post.CreatedAt.UtcDateTime);
                if (FirstDay is null || day < FirstDay) FirstDay = day;
                if (LastDay is null || day > LastDay) LastDay = day;
            }
        }
    }
}

/// <summary>What a pipeline run did: posts read, naming a watched product, new to the store; the UTC days the posts span; problems met.</summary>
public sealed record PipelineResult(long Read, long Matched, long Stored, DateOnly? FirstDay, DateOnly? LastDay, IReadOnlyList<string> Problems);
