using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DotLiquid;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Signals.Alerts;

/// <summary>
/// Writes the alert e-mail from Liquid templates (DotLiquid; config/templates: subject, text and
/// HTML, one set for every language, with the words in labels.LANG.json): a subject that says what
/// and how unusual, then the same facts as plain text and as HTML (inline styles and tables, which
/// mail clients render; no scripts), and the chart as an inline PNG. The HTML template gets a copy
/// of the model with every string already HTML-encoded, so no template can forget to escape a post.
/// The Message-Id derives from the alert, so a copy is recognisable.
/// </summary>
public sealed class AlertEmailComposer
{
    private const int ExcerptLength = 280;
    private readonly EmailOptions _options;
    private readonly Template _subject;
    private readonly Template _text;
    private readonly Template _html;
    private readonly Dictionary<string, string> _labels;

    public AlertEmailComposer(IOptions<EmailOptions> options)
    {
        _options = options.Value;
        var dir = _options.TemplatesPath;
        _subject = Load(dir, "alert.subject.liquid");
        _text = Load(dir, "alert.txt.liquid");
        _html = Load(dir, "alert.html.liquid");
        var labels = Path.Combine(dir, $"labels.{_options.Language}.json");
        try { _labels = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(labels)) ?? []; }
        catch (Exception ex) when (ex is IOException or JsonException) { throw new InvalidDataException($"{labels}: {ex.Message}", ex); }
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
        var plain = Hash.FromDictionary(model);
        message.Subject = Render(_subject, plain).ReplaceLineEndings(" ").Trim();
        var body = new BodyBuilder { TextBody = Render(_text, plain) };
        var chart = body.LinkedResources.Add("chart.png", AlertChart.Render(alert, evidence.Chart, _labels), new ContentType("image", "png"));
        chart.ContentId = chartId;
        body.HtmlBody = Render(_html, Hash.FromDictionary((Dictionary<string, object?>)HtmlEncoded(model)!));
        message.Body = body.ToMessageBody();
        return message;
    }

    public static string MessageIdFor(Alert alert) =>
        $"alert-{alert.Id}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(alert.Key)))[..10]}@signals";

    private Dictionary<string, object?> Model(Alert alert, AlertEvidence evidence, string chartId) => new()
    {
        ["t"] = _labels.ToDictionary(p => p.Key, p => (object?)p.Value),
        ["language"] = _options.Language,
        ["product"] = alert.Product,
        ["event"] = alert.Event,
        ["period"] = alert.FirstDay == alert.LastDay ? $"{alert.FirstDay:yyyy-MM-dd}" : $"{alert.FirstDay:yyyy-MM-dd} → {alert.LastDay:yyyy-MM-dd}",
        ["observed"] = alert.Observed,
        ["expected"] = Number(alert.Expected),
        ["threshold"] = Number(alert.Threshold),
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
            ["url"] = p.Post.Url,
            ["author"] = p.Post.Author ?? "anonymous",
            ["probability"] = p.AdverseEventProbability.ToString("F2", CultureInfo.InvariantCulture),
            ["excerpt"] = Excerpt(p.Post.Text),
        }).ToList(),
    };

    private static string Render(Template template, Hash model) =>
        template.Render(new RenderParameters(CultureInfo.InvariantCulture) { LocalVariables = model, ErrorsOutputMode = ErrorsOutputMode.Rethrow });

    /// <summary>A copy of the model with every string HTML-encoded (only the five markup characters: the part is UTF-8, so accents stay as written).</summary>
    private static object? HtmlEncoded(object? value) => value switch
    {
        string s => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;"),
        Dictionary<string, object?> d => d.ToDictionary(p => p.Key, p => HtmlEncoded(p.Value)),
        IEnumerable<Dictionary<string, object?>> list => list.Select(HtmlEncoded).ToList(),
        _ => value,
    };

    private static string Number(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static string Excerpt(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= ExcerptLength ? flat : flat[..ExcerptLength].TrimEnd() + "…";
    }

    private static Template Load(string dir, string name)
    {
        var path = Path.Combine(dir, name);
        try { return Template.Parse(File.ReadAllText(path)); }
        catch (Exception ex) when (ex is IOException or DotLiquid.Exceptions.SyntaxException) { throw new InvalidDataException($"{path}: {ex.Message}", ex); }
    }
}
