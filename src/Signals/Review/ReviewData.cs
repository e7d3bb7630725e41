using Signals.Alerts;
using Signals.Storage;

namespace Signals.Review;

/// <summary>What the pages and the JSON API read from the store, in one place so both show the same.</summary>
/// The episode's numbers and chart come from the <see cref="EpisodeReporter"/> and the e-mail's words, so the page and the e-mail agree.
public sealed class ReviewData(ISignalStore store, Microsoft.Extensions.Options.IOptions<ReviewOptions> options, EpisodeReporter reporter,
    AlertEmailComposer composer)
{
    public async Task<IReadOnlyList<ReviewedAlert>> AlertsAsync(AlertFilter filter, CancellationToken ct)
    {
        var reviews = (await store.ListAlertReviewsAsync(ct)).ToDictionary(r => r.AlertId);
        return (await store.ListAlertsAsync(ct))
            .Select(a => new ReviewedAlert(a, reviews.GetValueOrDefault(a.Id)))
            .Where(r => filter.Matches(r.Alert, r.Status))
            .OrderByDescending(r => r.Alert.FirstDay).ThenBy(r => r.Alert.Event is not null).ThenBy(r => r.Alert.Id)
            .ToList();
    }

    public async Task<IReadOnlyList<string>> ProductsAsync(CancellationToken ct) =>
        (await store.ListAlertsAsync(ct)).Select(a => a.Product).Distinct().Order(StringComparer.Ordinal).ToList();

    public async Task<ReviewedAlert?> AlertAsync(long id, CancellationToken ct) =>
        await store.GetAlertAsync(id, ct) is { } alert ? new ReviewedAlert(alert, await store.GetAlertReviewAsync(id, ct)) : null;

    /// <summary>The episode with one page of its evidence (1-based; a page past the end shows the last one).</summary>
    public async Task<EpisodeView> EpisodeAsync(ReviewedAlert reviewed, int page, CancellationToken ct)
    {
        var alert = reviewed.Alert;
        var size = options.Value.PageSize;
        var total = await store.CountEvidencePostsAsync(alert.Product, alert.Event, alert.FirstDay, alert.LastDay, ct);
        var pages = Math.Max(1, (total + size - 1) / size);
        page = Math.Clamp(page, 1, pages);
        var posts = await store.GetEvidencePostsAsync(alert.Product, alert.Event, alert.FirstDay, alert.LastDay, (page - 1) * size, size, ct);
        var report = await reporter.LoadAsync(alert, EpisodeEmailKind.Opened, null, ct);
        var words = composer.Words;
        var sentences = composer.Sentences(report);
        var caption = words.Format("chart_caption", ("subject", sentences.Subject), ("from", words.Date(report.Days[0].Day)), ("to", words.Date(report.Days[^1].Day)));
        return new EpisodeView(reviewed, report, total, page, size, posts, sentences, AlertChart.Legend(report, words), caption, words["chart_alt"], words["note_own_alarm"]);
    }

    /// <summary>
    /// The "help the classifier" queue of <paramref name="user"/>: the queued posts in their languages not judged yet, topped up to
    /// <see cref="ReviewOptions.QueueSize"/> with the posts closest to their threshold that are no near-copy of a queued or judged one
    /// (<see cref="Learning.QueueSelection"/>, the choice <c>signals learning-curve</c> measures). Least sure first.
    /// </summary>
    public async Task<IReadOnlyList<QueuedPost>> QueueAsync(string user, CancellationToken ct)
    {
        var languages = options.Value.LanguagesOf(user);
        var queued = await store.ListQueueAsync(languages, ct);
        var wanted = options.Value.QueueSize - queued.Count;
        if (wanted <= 0) return queued;
        // Ten times the room: enough to skip the near-copies of a burst of retweets and still fill the page.
        var candidates = await store.ListQueueCandidatesAsync(languages, wanted * 10, ct);
        var byId = candidates.ToDictionary(c => c.Id);
        var picked = Learning.QueueSelection.Pick(
            Learning.QueueSelection.Rank(candidates.Select(c => new Learning.QueueCandidate(c.Id, c.Post.Text, c.Margin)), Learning.QueueStrategy.Uncertainty),
            wanted, queued.Select(q => q.Post.Text).Concat((await store.ListJudgedPostsAsync(ct)).Select(j => j.Text))).Select(p => byId[p.Id]).ToList();
        await store.EnqueueAsync(picked, ct);
        return [.. queued.Concat(picked).OrderBy(q => q.Margin).ThenBy(q => q.Id)];
    }

    public async Task<byte[]> ChartAsync(Alert alert, CancellationToken ct) =>
        AlertChart.Render(await reporter.LoadAsync(alert, EpisodeEmailKind.Opened, null, ct), composer.Words);
}
