using System.ComponentModel.DataAnnotations;

namespace Signals.Alerts;

/// <summary>Section <c>Signals:Email</c>. Without an SMTP host, e-mails are written as .eml files to the pickup folder.</summary>
public sealed class EmailOptions : IValidatableObject
{
    public const string Section = "Signals:Email";

    /// <summary>SMTP server; empty (default) writes .eml files to <see cref="PickupDirectory"/> instead.</summary>
    public string? SmtpHost { get; set; }

    [Range(1, 65535, ErrorMessage = "Signals:Email:SmtpPort must be between 1 and 65535.")]
    public int SmtpPort { get; set; } = 25;

    /// <summary><c>none</c>, <c>starttls</c>, <c>ssl</c> or <c>auto</c> (MailKit decides from the port).</summary>
    [RegularExpression("^(none|starttls|ssl|auto)$", ErrorMessage = "Signals:Email:SmtpSecurity must be none, starttls, ssl or auto.")]
    public string SmtpSecurity { get; set; } = "none";

    public string? Username { get; set; }
    public string? Password { get; set; }

    [Required, EmailAddress(ErrorMessage = "Signals:Email:From must be an e-mail address.")]
    public string From { get; set; } = "signals@localhost";

    /// <summary>Analysts who receive every alert.</summary>
    [MinLength(1, ErrorMessage = "Signals:Email:To needs at least one address.")]
    public List<string> To { get; set; } = ["pv-analysts@localhost"];

    /// <summary>Extra recipients per product id (e.g. the product's safety physician), on top of <see cref="To"/>.</summary>
    public Dictionary<string, List<string>> ProductRecipients { get; set; } = [];

    /// <summary>Language of the e-mail's own words: <c>en</c> or <c>fr</c> (posts are shown as written).</summary>
    [RegularExpression("^(en|fr)$", ErrorMessage = "Signals:Email:Language must be en or fr.")]
    public string Language { get; set; } = "en";

    /// <summary>Also send one e-mail a day listing the open alert episodes. Default off.</summary>
    public bool DailyDigest { get; set; }

    /// <summary>Send the digest even when no signal is open ("No open signal"). Default false: an empty digest is not sent.</summary>
    public bool SendEmptyDigest { get; set; }

    /// <summary>Hour (UTC) from which the day's digest is sent. Default 7.</summary>
    [Range(0, 23, ErrorMessage = "Signals:Email:DigestHour must be between 0 and 23.")]
    public int DigestHour { get; set; } = 7;

    /// <summary>Folder of the Liquid templates and labels, relative to config/ unless absolute. Default <c>templates</c>.</summary>
    [Required] public string TemplatesDirectory { get; set; } = "templates";

    public string TemplatesPath => Path.IsPathRooted(TemplatesDirectory) ? TemplatesDirectory : Path.Combine(SignalsPaths.Find("config"), TemplatesDirectory);

    /// <summary>Every recipient an address (<c>name@host</c>): a typo would otherwise only show as failed deliveries, one alert at a time.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        var recipients = To.Select((a, i) => ($"Signals:Email:To:{i}", a))
            .Concat(ProductRecipients.SelectMany(p => p.Value.Select((a, i) => ($"Signals:Email:ProductRecipients:{p.Key}:{i}", a))));
        foreach (var (key, address) in recipients)
            if (!IsAddress(address))
                yield return new($"{key} is not an e-mail address: '{address}'", [nameof(To)]);
    }

    private static bool IsAddress(string? value) =>
        System.Net.Mail.MailAddress.TryCreate(value?.Trim(), out var address) && address.Host.Length > 0 && address.User.Length > 0;

    public IEnumerable<string> RecipientsFor(string product) =>
        To.Concat(ProductRecipients.GetValueOrDefault(product) ?? []).Distinct(StringComparer.OrdinalIgnoreCase);

    [Required] public string PickupDirectory { get; set; } = "outbox";

    /// <summary>
    /// How long delivery of an alert is retried after its first failure before it is left pending for an operator (readiness
    /// then reports it). Retries are spaced by time, not counted per dispatch round, so a replay's quick rounds or a short
    /// outage do not use them up. 0: one attempt only. Default 24 h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00", ErrorMessage = "Signals:Email:RetryFor must be between 0 and 30 days.")]
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Longest wait between two delivery attempts of an alert: the wait starts at the dispatch interval and doubles up to this. Default 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Signals:Email:MaxRetryInterval must be between 1 s and 1 day.")]
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a dispatcher holds the alerts it claimed: long enough to send a batch through a slow server; a crashed
    /// dispatcher's claims are delivered by another (or by itself after a restart) once it runs out. Default 10 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Signals:Email:ClaimLease must be between 1 s and 1 day.")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the dispatcher looks for pending alerts. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Signals:Email:DispatchInterval must be between 1 s and 1 day.")]
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries within one delivery when the SMTP server is unreachable or answers with a temporary error. Default 3.</summary>
    [Range(0, 10, ErrorMessage = "Signals:Email:Retries must be between 0 and 10.")]
    public int Retries { get; set; } = 3;

    /// <summary>First retry delay; it doubles with jitter. Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Signals:Email:RetryDelay must be between 0 and 10 min.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>SMTP connect/send timeout. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Signals:Email:Timeout must be between 1 s and 10 min.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(SmtpHost);
}
