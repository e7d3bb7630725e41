using System.Globalization;
using Signals.Alerts;

namespace Signals.Review;

/// <summary>One page of an alert episode's evidence, with everything the page shows beside it.</summary>
/// <param name="Sentences">The e-mail's sentences for this report, so a phrase on the page means what it means in the e-mail.</param>
public sealed record EpisodeView(ReviewedAlert Reviewed, EpisodeReport Report, int TotalPosts, int Page, int PageSize, IReadOnlyList<EvidencePost> Posts,
    EpisodeEmailModel Sentences, IReadOnlyList<ChartLegendItem> Legend, string ChartCaption, string ChartAlt, string OwnAlarmNote)
{
    public int Pages => Math.Max(1, (TotalPosts + PageSize - 1) / PageSize);
}

/// <summary>
/// The episode page: the chart, the numbers, the review status form, and every evidence post (paged, newest first)
/// with its probability, its events, a link to the original and the verdict buttons.
/// </summary>
internal static class EpisodePage
{
    private const int DayRows = 31;

    public static Html Render(string root, string user, string csrf, EpisodeView view)
    {
        var alert = view.Reviewed.Alert;
        var review = view.Reviewed.Review;
        var allDays = view.Report.Between(alert.FirstDay, alert.LastDay).Reverse().ToList();
        var episodeDays = allDays.Take(DayRows)
            .Select(d => Html.Of($"""<tr><td>{ReviewPages.Day(d.Day)}</td><td class="num">{d.Observed}</td><td class="num">{ReviewPages.Number(d.Expected)}</td><td class="num">{ReviewPages.Whole(d.Threshold)}</td><td>{(d.Alarm ? "alarm" : "")}</td></tr>"""));
        var daysShown = allDays.Count <= DayRows ? $"all {allDays.Count} days, latest first" : $"latest {DayRows} of {allDays.Count} days";
        // Every event, in the order the e-mails and the digest name them (EpisodeEvents): they list the first ones, this page all.
        var events = EpisodeEvents.Order(view.Report.Events).Select(e => Html.Of($"""<li class="event">{view.Sentences.EventText(e)}</li>"""));
        var legend = view.Legend.Select(l => Html.Of($"""<li><span class="swatch swatch-{l.Key.Replace('_', '-')}"></span> {l.Label}</li>"""));
        var peak = view.Report.Peak;
        var statusOptions = ReviewVocabulary.Statuses.Select(s => s.Status == view.Reviewed.Status
            ? Html.Of($"""<option value="{s.Code}" selected>{s.Words}</option>""")
            : Html.Of($"""<option value="{s.Code}">{s.Words}</option>"""));
        var first = view.TotalPosts == 0 ? 0 : (view.Page - 1) * view.PageSize + 1;
        var last = Math.Min(view.TotalPosts, view.Page * view.PageSize);
        var body = Html.Of($"""
            <p class="crumbs"><a href="{root}/">All alerts</a></p>
            <h1>{ReviewPages.Subject(alert)} <span class="muted">alert {alert.Id}</span> {ReviewPages.StatusBadge(view.Reviewed.Status)}</h1>
            <figure class="chart">
            <figcaption>{view.ChartCaption}</figcaption>
            <img class="chart" src="{root}/alerts/{alert.Id}/chart.png" width="{AlertChart.Width}" height="{AlertChart.Height}" alt="{view.ChartAlt}">
            <ul class="legend">{legend}</ul>
            </figure>
            <section class="numbers">
            <h2>Numbers</h2>
            <table class="facts">
            <tr><th>Episode</th><td>{ReviewPages.Day(alert.FirstDay)} → {ReviewPages.Day(alert.LastDay)} ({alert.LastDay.DayNumber - alert.FirstDay.DayNumber + 1} days)</td></tr>
            <tr><th>Peak day</th><td class="headline">{view.Sentences.Headline(peak)}</td></tr>
            <tr><th>How unusual</th><td class="odds">{view.Sentences.OddsLine(peak)}</td></tr>
            <tr><th>Evidence</th><td>{view.TotalPosts} adverse-event posts on the episode's days</td></tr>
            <tr><th>E-mail</th><td>{(alert.SentAt is { } sent ? $"sent {ReviewPages.Instant(sent)}" : alert.Status == AlertStatus.Covered ? "none of its own (evidence of the product alert)" : "not sent yet")}</td></tr>
            </table>
            <details><summary>Episode days ({daysShown})</summary>
            <div class="scroll"><table class="days"><thead><tr><th>Day</th><th class="num">People</th><th class="num">Expected</th><th class="num">Alarm from (people, one day)</th><th>Alarm</th></tr></thead>
            <tbody>{episodeDays}</tbody></table></div>
            </details>
            {(view.Report.Events.Count == 0 ? Html.Empty : Html.Of($"""
            <h3>Events named in the episode's posts (people-days; all {view.Report.Events.Count})</h3>
            <ul class="events">{events}</ul>
            <p class="muted">{view.OwnAlarmNote}</p>
            """))}
            </section>
            <section class="review">
            <h2>Review</h2>
            <form method="post" action="{root}/alerts/{alert.Id}/status" class="status">
            {ReviewPages.Token(csrf)}
            <input type="hidden" name="page" value="{view.Page}">
            <label>Status <select name="status">{statusOptions}</select></label>
            <label>Comment <textarea name="comment" rows="3">{review?.Comment ?? ""}</textarea></label>
            <button type="submit">Save status</button>
            </form>
            {(review is null ? Html.Empty : Html.Of($"""<p class="muted who">Set to {review.Status.Words()} by {review.Reviewer}, {ReviewPages.Instant(review.UpdatedAt)}</p>"""))}
            </section>
            <section class="evidence">
            <h2>Evidence posts</h2>
            <p class="count">Posts {first}–{last} of {view.TotalPosts}, newest first. P(adverse event): the classifier's probability, from 0 to 1, that the post reports an adverse event the writer or someone close to them had.</p>
            {Pager(root, alert.Id, view)}
            {view.Posts.Select(p => Post(root, csrf, alert.Id, view.Page, p))}
            {Pager(root, alert.Id, view)}
            </section>
            """);
        return ReviewPages.Layout(root, $"Alert {alert.Id}: {ReviewPages.Subject(alert)}", user, body, csrf);
    }

    private static Html Pager(string root, long alertId, EpisodeView view) => Html.Of($"""
        <nav class="pager" aria-label="Evidence pages">
        {(view.Page > 1 ? Html.Of($"""<a rel="prev" href="{root}/alerts/{alertId}?page={view.Page - 1}">← Newer</a>""") : Html.Empty)}
        <span>page {view.Page} of {view.Pages}</span>
        {(view.Page < view.Pages ? Html.Of($"""<a rel="next" href="{root}/alerts/{alertId}?page={view.Page + 1}">Older →</a>""") : Html.Empty)}
        </nav>
        """);

    private static Html Post(string root, string csrf, long alertId, int page, EvidencePost evidence)
    {
        var post = evidence.Scored.Post;
        var buttons = ReviewPages.VerdictButtons(evidence.Verdict?.Verdict);
        var text = post.Text.Length == 0 ? Html.Of($"""<p class="text muted">(text deleted after the retention period)</p>""") : Html.Of($"""<p class="text">{post.Text}</p>""");
        return Html.Of($"""
            <article class="post" id="post-{evidence.Id}" data-post-id="{evidence.Id}">
            <p class="meta"><time datetime="{post.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)}">{ReviewPages.Instant(post.CreatedAt)}</time>
            · {post.Source} · {ReviewPages.OriginalLink(post.Url)} · P(adverse event) <b class="probability">{evidence.Scored.AdverseEventProbability.ToString("0.00", CultureInfo.InvariantCulture)}</b>
            · author {post.Author ?? "anonymous"}</p>
            {text}
            <p class="events">Events: {(evidence.Scored.Events.Count == 0 ? "none named" : string.Join(", ", evidence.Scored.Events))}</p>
            <form method="post" action="{root}/posts/{evidence.Id}/verdict" class="verdict">
            {ReviewPages.Token(csrf)}
            <input type="hidden" name="alert" value="{alertId}"><input type="hidden" name="page" value="{page}">
            <span class="label">Verdict:</span> {buttons}
            </form>
            {(evidence.Verdict is { } v ? Html.Of($"""<p class="muted who">Judged {v.Verdict.Words()} by {v.Reviewer}, {ReviewPages.Instant(v.DecidedAt)}</p>""") : Html.Empty)}
            </article>
            """);
    }
}
