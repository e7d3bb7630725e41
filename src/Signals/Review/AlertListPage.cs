using Signals.Alerts;

namespace Signals.Review;

/// <summary>What the list of alerts can be narrowed to: a product, a review status, episodes overlapping [From, To].</summary>
public sealed record AlertFilter(string? Product, ReviewStatus? Status, DateOnly? From, DateOnly? To)
{
    public bool Matches(Alert alert, ReviewStatus status) =>
        (string.IsNullOrEmpty(Product) || alert.Product == Product)
        && (Status is null || status == Status)
        && (From is null || alert.LastDay >= From)
        && (To is null || alert.FirstDay <= To);
}

/// <summary>An alert with where the analysts are with it.</summary>
public sealed record ReviewedAlert(Alert Alert, AlertReview? Review)
{
    public ReviewStatus Status => Review?.Status ?? ReviewStatus.New;
}

/// <summary>The front page: every alert episode, newest first, filterable by product, status and date.</summary>
internal static class AlertListPage
{
    public static Html Render(string root, string user, string csrf, AlertFilter filter, IReadOnlyList<string> products, IReadOnlyList<ReviewedAlert> alerts)
    {
        var productOptions = products.Select(p => Option(p, p, p == filter.Product));
        var statusOptions = ReviewVocabulary.Statuses.Select(s => Option(s.Code, s.Words, s.Status == filter.Status));
        var rows = alerts.Select(a => Html.Of($"""
            <tr>
            <td><a href="{root}/alerts/{a.Alert.Id}">{a.Alert.Id}</a></td>
            <td><a href="{root}/alerts/{a.Alert.Id}">{ReviewPages.Subject(a.Alert)}</a></td>
            <td>{ReviewPages.Day(a.Alert.FirstDay)} → {ReviewPages.Day(a.Alert.LastDay)}</td>
            <td class="num">{a.Alert.Observed}</td>
            <td class="num">{ReviewPages.Number(a.Alert.Expected)}</td>
            <td>{ReviewPages.StatusBadge(a.Status)}</td>
            <td>{Delivery(a.Alert.Status)}</td>
            </tr>
            """));
        return ReviewPages.Layout(root, "Alerts", user, Html.Of($"""
            <h1>Alerts</h1>
            <p class="queue-link"><a href="{root}/queue">Help the classifier</a>: judge the posts it is least sure of.</p>
            <form method="get" action="{root}/" class="filters">
            <label>Product <select name="product"><option value="">all</option>{productOptions}</select></label>
            <label>Status <select name="status"><option value="">all</option>{statusOptions}</select></label>
            <label>From <input type="date" name="from" value="{Day(filter.From)}"></label>
            <label>To <input type="date" name="to" value="{Day(filter.To)}"></label>
            <button type="submit">Filter</button>
            </form>
            <p class="count">{alerts.Count} alert episode(s). Peak day: the episode's day with most distinct authors reporting adverse events; expected: what the baseline predicted that day.</p>
            <div class="scroll"><table class="alerts">
            <thead><tr><th>#</th><th>Product / event</th><th>Episode</th><th class="num">Peak day authors</th><th class="num">Expected</th><th>Review</th><th>E-mail</th></tr></thead>
            <tbody>{rows}</tbody>
            </table></div>
            """), csrf);
    }

    private static Html Option(string value, string words, bool selected) =>
        selected ? Html.Of($"""<option value="{value}" selected>{words}</option>""") : Html.Of($"""<option value="{value}">{words}</option>""");

    private static string Day(DateOnly? day) => day is { } d ? ReviewPages.Day(d) : "";

    private static string Delivery(AlertStatus status) => status switch
    {
        AlertStatus.Pending => "pending",
        AlertStatus.Sent => "sent",
        _ => "evidence of the product alert",
    };
}
