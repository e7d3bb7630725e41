using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Signals.Review;

/// <summary>Section <c>Signals:Review</c>: the analysts' review page (alerts, evidence posts, verdicts).</summary>
public sealed class ReviewOptions : IValidatableObject
{
    public const string Section = "Signals:Review";

    /// <summary>Port of the review page inside <c>signals run</c>; 0 (default) serves none there. <c>signals review</c> uses it, or 8081 when 0.</summary>
    [Range(0, 65535, ErrorMessage = "Signals:Review:Port must be between 0 and 65535.")]
    public int Port { get; set; }

    /// <summary>
    /// Address to listen on. Default <c>127.0.0.1</c>: only this machine. Anything else (<c>0.0.0.0</c>, <c>*</c>, an interface's
    /// address) exposes the page to the network and then needs <see cref="Users"/>.
    /// </summary>
    [Required] public string Host { get; set; } = "127.0.0.1";

    /// <summary>The page's address as analysts reach it (e.g. <c>https://signals.example.org/review</c>), for the link in alert e-mails; empty: no link.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Analysts who may sign in: user name → password hash made by <c>signals review --hash-password</c> (PBKDF2-SHA256).</summary>
    public Dictionary<string, string> Users { get; set; } = [];

    /// <summary>
    /// Serve requests from this machine's loopback address without sign-in (recorded as <c>local</c>). Default true. Requests
    /// carrying <c>X-Forwarded-For</c> or <c>Forwarded</c> came through a proxy and are never treated as local; turn this off
    /// when a reverse proxy on the same machine does not add those headers.
    /// </summary>
    public bool AllowLocalWithoutSignIn { get; set; } = true;

    /// <summary>
    /// Host names the page answers to besides <c>localhost</c>, IP addresses and the host of <see cref="BaseUrl"/> (e.g. the
    /// name a reverse proxy passes on). Any other Host header gets 400: that is what stops DNS rebinding, where a hostile site's
    /// name is made to resolve to this machine so its scripts can read and write through the analyst's browser.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Evidence posts per page. Default 25.</summary>
    [Range(1, 500, ErrorMessage = "Signals:Review:PageSize must be between 1 and 500.")]
    public int PageSize { get; set; } = 25;

    public const int DefaultQueueSize = 20;

    /// <summary>
    /// Posts on the "help the classifier" page (<c>/queue</c>): those the model is least sure of, asked until judged. Their text is
    /// kept past <c>Signals:Storage:TextRetention</c> while they wait, so this is also how many unjudged texts the queue may keep
    /// per set of languages. Default 20.
    /// </summary>
    [Range(1, 200, ErrorMessage = "Signals:Review:QueueSize must be between 1 and 200.")]
    public int QueueSize { get; set; } = DefaultQueueSize;

    /// <summary>The languages (ISO 639-1: <c>en</c>, <c>fr</c>) of the posts the queue asks about; empty (default): every language.</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>An analyst's own languages (user name → languages), instead of <see cref="Languages"/>: a French analyst is asked about French posts.</summary>
    public Dictionary<string, List<string>> UserLanguages { get; set; } = [];

    /// <summary>The languages whose posts <paramref name="user"/> is asked about; empty: every language.</summary>
    public IReadOnlyList<string> LanguagesOf(string user) =>
        (UserLanguages.TryGetValue(user, out var own) ? own : Languages).Select(l => l.Trim().ToLowerInvariant()).Where(l => l.Length > 0).Distinct().ToList();

    public bool HostIsLoopback => Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>
    /// An IP address is never a rebinding (the browser's page would have to be on that address itself); a name must be
    /// <c>localhost</c>, <see cref="BaseUrl"/>'s host or one of <see cref="AllowedHosts"/>.
    /// </summary>
    public bool IsAllowedHost(string host)
    {
        if (string.IsNullOrEmpty(host)) return false;
        if (IPAddress.TryParse(host.Trim('[', ']'), out _)) return true;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        if (Uri.TryCreate(BaseUrl, UriKind.Absolute, out var baseUrl) && host.Equals(baseUrl.Host, StringComparison.OrdinalIgnoreCase)) return true;
        return AllowedHosts.Any(h => host.Equals(h.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!HostIsLoopback && Users.Count == 0)
            yield return new($"Signals:Review:Users must name at least one user (with a hash from 'signals review --hash-password') when Signals:Review:Host is '{Host}', not a loopback address",
                [nameof(Users)]);
        if (!HostIsLoopback && Host != "*" && !IPAddress.TryParse(Host, out _))
            yield return new($"Signals:Review:Host must be 'localhost', '*' or an IP address, not '{Host}'", [nameof(Host)]);
        foreach (var (name, hash) in Users)
            if (!PasswordHash.IsWellFormed(hash))
                yield return new($"Signals:Review:Users:{name} is not a hash made by 'signals review --hash-password'", [nameof(Users)]);
        foreach (var language in Languages.Concat(UserLanguages.Values.SelectMany(l => l)))
            if (!System.Text.RegularExpressions.Regex.IsMatch(language.Trim(), "^[A-Za-z]{2,3}$"))
                yield return new($"Signals:Review:Languages and UserLanguages hold two- or three-letter language codes (en, fr), not '{language}'", [nameof(Languages)]);
        if (!string.IsNullOrWhiteSpace(BaseUrl) && !(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            yield return new($"Signals:Review:BaseUrl must be an absolute http(s) address, not '{BaseUrl}'", [nameof(BaseUrl)]);
    }

    /// <summary>The episode page of an alert, for e-mails; null without a <see cref="BaseUrl"/>.</summary>
    public string? AlertUrl(long alertId) =>
        string.IsNullOrWhiteSpace(BaseUrl) ? null : $"{BaseUrl.TrimEnd('/')}/alerts/{alertId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
