using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using Signals.Matching;

namespace Signals.Alerts;

/// <summary>
/// Writes the e-mails of an episode's thread from the <c>alert</c> templates (<see cref="EmailTemplates"/>): every number
/// comes from the <see cref="EpisodeReport"/>, said in a sentence that names what it counts and on which day or days
/// (the words and their order are the language's, in labels.LANG.json), the same as plain text and as HTML (inline
/// styles, no scripts), and the chart of the same report as an inline PNG. The first e-mail's Message-Id derives
/// from the alert; updates and the closing e-mail reply to it, so mail clients keep one thread per episode.
/// </summary>
public sealed class AlertEmailComposer
{
    private const int ExcerptLength = 280;
    private readonly EmailOptions _options;
    private readonly EmailTemplates _templates;
    private readonly Review.ReviewOptions _review;
    private readonly EventLexicon? _lexicon;

    /// <param name="review">For the link to the alert's page on the review site (<c>Signals:Review:BaseUrl</c>); none without it.</param>
    /// <param name="catalog">For the products' names in the e-mail's language (French names and articles from config/products.json).</param>
    public AlertEmailComposer(IOptions<EmailOptions> options, EventLexicon? lexicon = null, IOptions<Review.ReviewOptions>? review = null, ProductCatalog? catalog = null)
    {
        _options = options.Value;
        _review = review?.Value ?? new Review.ReviewOptions();
        _templates = new EmailTemplates(_options, "alert");
        _lexicon = lexicon;
        Words = new EmailWords(_templates.Labels);
        Products = new ProductNames(catalog, _templates.Language);
    }

    public EmailWords Words { get; }
    public ProductNames Products { get; }

    /// <summary>The sentences of an e-mail of this report, for the review page to say the same.</summary>
    public EpisodeEmailModel Sentences(EpisodeReport report) => new(Words, report, EventName, Products);

    /// <param name="resent">Sent again on request (<c>signals alerts resend</c>): the subject and the first line say so.</param>
    public MimeMessage Compose(EpisodeReport report, bool resent = false)
    {
        var alert = report.Alert;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(_options.From));
        foreach (var to in _options.RecipientsFor(alert.Product)) message.To.Add(MailboxAddress.Parse(to));
        message.MessageId = MessageIdFor(alert, report.Kind);
        if (report.Kind != EpisodeEmailKind.Opened)
        {
            message.InReplyTo = MessageIdFor(alert);
            message.References.Add(MessageIdFor(alert));
        }
        message.Headers.Add("X-Signals-Alert", alert.Id.ToString(CultureInfo.InvariantCulture));

        var chartId = $"chart-{alert.Id}@signals";
        var reviewUrl = _review.AlertUrl(alert.Id);
        var model = Sentences(report).Build(chartId, reviewUrl, resent);
        model["review_url"] = reviewUrl;
        var (subject, body) = _templates.Render(model);
        message.Subject = subject;
        var chart = body.LinkedResources.Add("chart.png", AlertChart.Render(report, Words), new ContentType("image", "png"));
        chart.ContentId = chartId;
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>The thread's first Message-Id: the alert's id and a hash of its key, the same whenever it is composed.</summary>
    public static string MessageIdFor(Alert alert) =>
        $"alert-{alert.Id}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(alert.Key)))[..10]}@signals";

    /// <summary>Each e-mail of the thread its own Message-Id: an update names the count it reports, so a later update is a new message.</summary>
    public static string MessageIdFor(Alert alert, EpisodeEmailKind kind) => kind switch
    {
        EpisodeEmailKind.Update => MessageIdFor(alert).Replace("@signals", $"-update-{alert.Observed}@signals"),
        EpisodeEmailKind.Closing => MessageIdFor(alert).Replace("@signals", "-closed@signals"),
        _ => MessageIdFor(alert),
    };

    /// <summary>An e-mail about an alert already e-mailed, now with a larger count.</summary>
    public static bool IsUpdate(Alert alert) => alert.NotifiedObserved > 0 && alert.Observed > alert.NotifiedObserved;

    /// <summary>A standard event term in the e-mail's language (config/events.json labels), else the term.</summary>
    public string EventName(string term) => _lexicon?.Label(term, _templates.Language) ?? term;

    internal static string Excerpt(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= ExcerptLength ? flat : flat[..ExcerptLength].TrimEnd() + "…";
    }
}
