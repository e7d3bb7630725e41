using System.Globalization;

namespace Signals.Review;

/// <summary>
/// "Help the classifier": the posts the model is least sure of, with the evidence pages' verdict buttons. Each answer is a
/// training example where the model needs one most; a judged post leaves the queue, wherever it was judged.
/// </summary>
internal static class QueuePage
{
    public static Html Render(string root, string user, string csrf, IReadOnlyList<QueuedPost> posts, IReadOnlyList<string> languages)
    {
        var body = Html.Of($"""
            <p class="crumbs"><a href="{root}/">All alerts</a></p>
            <h1>Help the classifier</h1>
            <p class="count">{posts.Count} posts the classifier is least sure of{(languages.Count == 0 ? "" : $" (in {string.Join(", ", languages)})")}, least sure first: its probability is close to the threshold from which a post counts as an adverse event. Your verdict is kept as training data (signals train --verdicts) and the post leaves this list.</p>
            {(posts.Count == 0 ? Html.Of($"""<p class="empty">Nothing to ask: every post the classifier was unsure of has a verdict.</p>""") : Html.Empty)}
            {posts.Select(p => Post(root, csrf, p))}
            """);
        return ReviewPages.Layout(root, "Help the classifier", user, body, csrf);
    }

    private static Html Post(string root, string csrf, QueuedPost queued)
    {
        var post = queued.Post;
        return Html.Of($"""
            <article class="post queued" id="post-{queued.Id}" data-post-id="{queued.Id}">
            <p class="meta"><time datetime="{post.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)}">{ReviewPages.Instant(post.CreatedAt)}</time>
            · {post.Source} · {ReviewPages.OriginalLink(post.Url)} · {post.Language ?? "?"} · P(adverse event) <b class="probability">{queued.Probability.ToString("0.00", CultureInfo.InvariantCulture)}</b>
            (threshold {queued.Threshold.ToString("0.00", CultureInfo.InvariantCulture)})</p>
            <p class="text">{post.Text}</p>
            <form method="post" action="{root}/posts/{queued.Id}/verdict" class="verdict">
            {ReviewPages.Token(csrf)}
            <input type="hidden" name="from" value="queue">
            <span class="label">Verdict:</span> {ReviewPages.VerdictButtons(null)}
            </form>
            </article>
            """);
    }
}
