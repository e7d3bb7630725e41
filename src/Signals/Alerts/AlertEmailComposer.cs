using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Signals.Alerts;

/// <summary>
/// Writes the alert e-mail: a subject that says what and how unusual, then the same facts as
/// plain text and as HTML (inline styles and tables, which mail clients render; no scripts;
/// every post text encoded). The Message-Id derives from the alert, so a copy is recognisable.
/// </summary>
public sealed class AlertEmailComposer(IOptions<EmailOptions> options)
{
    private const int ExcerptLength = 280;

    public MimeMessage Compose(Alert alert, AlertEvidence evidence)
    {
        var o = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        foreach (var to in o.To) message.To.Add(MailboxAddress.Parse(to));
        message.MessageId = MessageIdFor(alert);
        message.Subject = Subject(alert, evidence);
        message.Headers.Add("X-Signals-Alert", alert.Id.ToString(CultureInfo.InvariantCulture));
        var body = new BodyBuilder { TextBody = Text(alert, evidence) };
        var chart = body.LinkedResources.Add("chart.png", AlertChart.Render(alert, evidence.Chart), new ContentType("image", "png"));
        chart.ContentId = $"chart-{alert.Id}@signals";
        body.HtmlBody = Html(alert, evidence, chart.ContentId);
        message.Body = body.ToMessageBody();
        return message;
    }

    public static string MessageIdFor(Alert alert) =>
        $"alert-{alert.Id}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(alert.Key)))[..10]}@signals";

    public static string Subject(Alert alert, AlertEvidence evidence)
    {
        var events = alert.Event is not null ? " / " + alert.Event
            : evidence.TopEvents.Count > 0 ? " — " + string.Join(", ", evidence.TopEvents.Take(3).Select(e => e.Event)) : "";
        return $"Signal: {alert.Product}{events} — {alert.Observed} authors vs {alert.Expected:F1} expected ({Period(alert)})";
    }

    private static string Period(Alert alert) =>
        alert.FirstDay == alert.LastDay ? $"{alert.FirstDay:yyyy-MM-dd}" : $"{alert.FirstDay:yyyy-MM-dd} to {alert.LastDay:yyyy-MM-dd}";

    private static string Excerpt(string text) => text.Length <= ExcerptLength ? text : text[..ExcerptLength].TrimEnd() + "…";

    private static string Text(Alert alert, AlertEvidence evidence)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Signal for {alert.Product}{(alert.Event is null ? "" : $" / {alert.Event}")}");
        sb.AppendLine($"Period: {Period(alert)}");
        sb.AppendLine($"Observed: {alert.Observed} distinct authors reporting adverse events in a day");
        sb.AppendLine($"Expected: {alert.Expected:F1}   Threshold: {alert.Threshold:F1}");
        if (evidence.TopEvents.Count > 0)
            sb.AppendLine("Leading events: " + string.Join(", ", evidence.TopEvents.Select(e => $"{e.Event} ({e.Posts} posts)")));
        if (evidence.EventSignals.Count > 0)
            sb.AppendLine("Events rising on their own: " + string.Join(", ", evidence.EventSignals.Select(e => $"{e.Event} ({e.Observed} vs {e.Expected:F1} expected)")));
        sb.AppendLine($"Model: {evidence.ModelVersion ?? "n/a"}");
        sb.AppendLine();
        sb.AppendLine("Daily authors, last 14 days:");
        foreach (var day in evidence.Series.Where(d => d.Day > alert.LastDay.AddDays(-14)))
            sb.AppendLine($"  {day.Day:yyyy-MM-dd}  {day.Count}");
        sb.AppendLine();
        sb.AppendLine("Example posts:");
        foreach (var p in evidence.Examples)
        {
            sb.AppendLine($"- {p.Post.CreatedAt:yyyy-MM-dd HH:mm} · {p.Post.Source} · {p.Post.Author ?? "anonymous"} · P(AE) {p.AdverseEventProbability:F2}");
            sb.AppendLine($"  {Excerpt(p.Post.Text).ReplaceLineEndings(" ")}");
            if (p.Post.Url is not null) sb.AppendLine($"  {p.Post.Url}");
        }
        return sb.ToString();
    }

    private static string Html(Alert alert, AlertEvidence evidence, string chartId)
    {
        // Only the five markup characters are escaped: the part is UTF-8, so French and other scripts stay readable as written.
        static string E(string? s) => (s ?? "").Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");
        const string cell = "padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;";
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html><body style=\"font-family:Arial,Helvetica,sans-serif;color:#222;max-width:720px;\">");
        sb.Append($"<h2 style=\"color:#b00020;margin:0 0 8px 0;\">Signal: {E(alert.Product)}{(alert.Event is null ? "" : " / " + E(alert.Event))}</h2>");
        sb.Append($"<p style=\"margin:0 0 12px 0;\">{E(Period(alert))}</p>");
        sb.Append("<table style=\"border-collapse:collapse;margin-bottom:16px;\">");
        sb.Append($"<tr><th style=\"{cell}\">Observed authors</th><td style=\"{cell}\"><b>{alert.Observed}</b></td></tr>");
        sb.Append($"<tr><th style=\"{cell}\">Expected</th><td style=\"{cell}\">{alert.Expected:F1}</td></tr>");
        sb.Append($"<tr><th style=\"{cell}\">Threshold</th><td style=\"{cell}\">{alert.Threshold:F1}</td></tr>");
        if (evidence.TopEvents.Count > 0)
            sb.Append($"<tr><th style=\"{cell}\">Leading events</th><td style=\"{cell}\">{E(string.Join(", ", evidence.TopEvents.Select(e => $"{e.Event} ({e.Posts})")))}</td></tr>");
        if (evidence.EventSignals.Count > 0)
            sb.Append($"<tr><th style=\"{cell}\">Events rising on their own</th><td style=\"{cell}\">{E(string.Join(", ", evidence.EventSignals.Select(e => $"{e.Event} ({e.Observed} vs {e.Expected:F1} expected)")))}</td></tr>");
        sb.Append($"<tr><th style=\"{cell}\">Model</th><td style=\"{cell}\">{E(evidence.ModelVersion ?? "n/a")}</td></tr>");
        sb.Append($"</table><img src=\"cid:{chartId}\" width=\"{AlertChart.Width}\" height=\"{AlertChart.Height}\" alt=\"Daily authors, expected and alarm bound, last 90 days\" style=\"display:block;margin:0 0 16px 0;max-width:100%;\">");
        sb.Append("<h3 style=\"margin:0 0 8px 0;\">Example posts</h3><table style=\"border-collapse:collapse;width:100%;\">");
        foreach (var p in evidence.Examples)
        {
            var link = p.Post.Url is null ? E(p.Post.Source) : $"<a href=\"{E(p.Post.Url)}\" style=\"color:#1a57b5;\">{E(p.Post.Source)}</a>";
            sb.Append($"<tr><td style=\"{cell}vertical-align:top;white-space:nowrap;font-size:12px;color:#555;\">{p.Post.CreatedAt:yyyy-MM-dd}<br>{link}<br>{E(p.Post.Author ?? "anonymous")}</td>");
            sb.Append($"<td style=\"{cell}\">{E(Excerpt(p.Post.Text))}</td></tr>");
        }
        sb.Append("</table><p style=\"font-size:12px;color:#777;\">Authors are shown as pseudonyms. Sent by Signals.</p></body></html>");
        return sb.ToString();
    }
}
