using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Signals.Alerts;

/// <summary>
/// Writes the alert e-mail from the <c>alert</c> templates (<see cref="EmailTemplates"/>): a subject
/// that says what and how unusual, then the same facts as plain text and as HTML (inline styles and
/// tables, which mail clients render; no scripts), and the chart as an inline PNG.
/// The Message-Id derives from the alert, so a copy is recognisable.
/// </summary>
public sealed class AlertEmailComposer
{
    private const int ExcerptLength = 280;
    private readonly EmailOptions _options;
    private readonly EmailTemplates _templates;
    private readonly Review.ReviewOptions _review;

    /// <param name="review">For the link to the alert's page on the review site (<c>Signals:Review:BaseUrl</c>); none without it.</param>
    public AlertEmailComposer(IOptions<EmailOptions> options, IOptions<Review.ReviewOptions>? review = null)
    {
        _options = options.Value;
        _review = review?.Value ?? new Review.ReviewOptions();
        _templates = new EmailTemplates(_options, "alert");
    }

    public MimeMessage Compose(Alert alert, AlertEvidence evidence)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(_options.From));
        foreach (var to in _options.RecipientsFor(alert.Product)) message.To.Add(MailboxAddress.Parse(to));
        message.MessageId = MessageIdFor(alert);
        message.Headers.Add("X-Signals-Alert", alert.Id.ToString(CultureInfo.InvariantCulture));

        var chartId = $"chart-{alert.Id}@signals";
        var model = Model(alert, evidence, chartId);
        model["review_url"] = _review.AlertUrl(alert.Id);
        var (subject, body) = _templates.Render(model);
        message.Subject = subject;
        var chart = body.LinkedResources.Add("chart.png", AlertChart.Render(alert, evidence.Chart, _templates.Labels), new ContentType("image", "png"));
        chart.ContentId = chartId;
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>The alert's id and key, and for an update e-mail the count it reports, so each e-mail of an episode is its own message.</summary>
    public static string MessageIdFor(Alert alert) =>
        $"alert-{alert.Id}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(alert.Key)))[..10]}{(IsUpdate(alert) ? $"-update-{alert.Observed}" : "")}@signals";

    /// <summary>An e-mail about an alert already e-mailed, now with a larger count.</summary>
    public static bool IsUpdate(Alert alert) => alert.NotifiedObserved > 0 && alert.Observed > alert.NotifiedObserved;

    private static Dictionary<string, object?> Model(Alert alert, AlertEvidence evidence, string chartId) => new()
    {
        ["product"] = alert.Product,
        ["event"] = alert.Event,
        ["period"] = alert.FirstDay == alert.LastDay ? $"{alert.FirstDay:yyyy-MM-dd}" : $"{alert.FirstDay:yyyy-MM-dd} → {alert.LastDay:yyyy-MM-dd}",
        ["observed"] = alert.Observed,
        ["expected"] = Number(alert.Expected),
        ["threshold"] = Number(alert.Threshold),
        ["score"] = Number(alert.Score),
        ["update"] = IsUpdate(alert),
        ["notified_observed"] = alert.NotifiedObserved,
        ["model_version"] = evidence.ModelVersion ?? "n/a",
        ["chart_id"] = chartId,
        ["chart_width"] = AlertChart.Width,
        ["chart_height"] = AlertChart.Height,
        ["top_events"] = evidence.TopEvents.Select(e => new Dictionary<string, object?> { ["name"] = e.Event, ["posts"] = e.Posts }).ToList(),
        ["event_signals"] = evidence.EventSignals.Select(e => new Dictionary<string, object?>
            { ["name"] = e.Event, ["observed"] = e.Observed, ["expected"] = Number(e.Expected) }).ToList(),
        ["recent_days"] = evidence.Series.Where(d => d.Day > alert.LastDay.AddDays(-14))
            .Select(d => new Dictionary<string, object?> { ["day"] = $"{d.Day:yyyy-MM-dd}", ["count"] = d.Count }).ToList(),
        ["examples"] = evidence.Examples.Select(p => new Dictionary<string, object?>
        {
            ["day"] = $"{p.Post.CreatedAt:yyyy-MM-dd}",
            ["created"] = $"{p.Post.CreatedAt:yyyy-MM-dd HH:mm}",
            ["source"] = p.Post.Source,
            // Only a safe http(s) link, shown by its host; anything else is text (SafeLink).
            ["url"] = SafeLink.Of(p.Post.Url).Href,
            ["link_text"] = SafeLink.Of(p.Post.Url).Text,
            ["author"] = p.Post.Author ?? "anonymous",
            ["probability"] = p.AdverseEventProbability.ToString("F2", CultureInfo.InvariantCulture),
            ["excerpt"] = Excerpt(p.Post.Text),
        }).ToList(),
    };

    internal static string Number(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static string Excerpt(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= ExcerptLength ? flat : flat[..ExcerptLength].TrimEnd() + "…";
    }
}
