using Microsoft.Extensions.Logging;
using Signals.Alerts;
using Signals.Detection;
using Signals.Feeds;

namespace Signals.Ingestion;

/// <summary>
/// Replays JSON Lines files as if live: posts are taken in time order, and after each UTC day
/// the day is judged and pending alerts are dispatched — the same stages the worker runs. Every
/// step is idempotent, so a replay interrupted at any point can simply be run again.
/// </summary>
public sealed class Replayer(PostIngestor ingestor, DetectionRunner detection, AlertDispatcher dispatcher, ILogger<Replayer> logger)
{
    private const int IngestBatch = 5_000;

    public async Task<ReplayResult> ReplayAsync(IReadOnlyList<string> files, CancellationToken ct)
    {
        var posts = new List<Post>();
        var problems = new List<string>();
        foreach (var file in files)
        {
            var feed = new FeedDefinition { Name = Path.GetFileName(file), Type = "jsonl", Location = file };
            try
            {
                var read = await new JsonLinesReader(int.MaxValue, filesAreComplete: true).ReadAsync(feed, null, ct);
                posts.AddRange(read.Posts);
                problems.AddRange(read.Problems);
            }
            catch (FeedException ex)
            {
                problems.Add(ex.Message);
            }
        }
        foreach (var problem in problems) logger.ReplayProblem(problem);
        if (posts.Count == 0) return new ReplayResult(0, 0, 0, 0, 0, problems);

        posts.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        var byDay = posts.GroupBy(p => DateOnly.FromDateTime(p.CreatedAt.UtcDateTime)).ToDictionary(g => g.Key, g => g.ToList());
        var first = byDay.Keys.Min();
        var last = byDay.Keys.Max();
        int matched = 0, stored = 0, alerts = 0, sent = 0;
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            foreach (var batch in (byDay.GetValueOrDefault(day) ?? []).Chunk(IngestBatch))
            {
                var result = await ingestor.IngestAsync(batch, ct);
                matched += result.Matched;
                stored += result.Stored;
            }
            alerts += (await detection.RunForDayAsync(day, ct)).Count;
            sent += await dispatcher.DispatchPendingAsync(ct);
        }
        return new ReplayResult(posts.Count, matched, stored, alerts, sent, problems);
    }
}

/// <summary>What a replay did: posts read, naming a watched product, new to the store; alerts opened; e-mails sent; problems met.</summary>
public sealed record ReplayResult(int Read, int Matched, int Stored, int AlertsOpened, int EmailsSent, IReadOnlyList<string> Problems);
