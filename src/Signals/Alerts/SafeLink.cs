namespace Signals.Alerts;

/// <summary>
/// What a link from a post may become in an e-mail or a page. A post's URL is written by whoever wrote the post (or the
/// feed), so it is untrusted input: only an absolute <c>http</c>/<c>https</c> URL (any letter case) of at most
/// <see cref="MaxLength"/> characters becomes a link, and its host is what the reader sees, so a link cannot pretend to
/// go elsewhere. Anything else — <c>javascript:</c>, <c>data:</c>, <c>file:</c>, relative, overlong, malformed — is no
/// link, only (shortened) text. Templates must still HTML-encode both values.
/// </summary>
/// <param name="Href">The normalised absolute URL to put in <c>href</c>, or null when the value must not be a link.</param>
/// <param name="Text">What to show: the host for a link, else the value shortened to <see cref="MaxTextLength"/> characters (empty for none).</param>
public sealed record SafeLink(string? Href, string Text)
{
    /// <summary>Browsers and mail clients cope with longer URLs, but no post link needs more; a 20 KB one is an attack or junk.</summary>
    public const int MaxLength = 2000;
    public const int MaxTextLength = 80;

    public static readonly SafeLink None = new(null, "");

    public static SafeLink Of(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return None;
        var trimmed = url.Trim();
        if (HrefOf(trimmed) is { } href) return new SafeLink(href, new Uri(href).IdnHost);
        var flat = string.Concat(trimmed.Where(c => !char.IsControl(c)));
        return new SafeLink(null, flat.Length <= MaxTextLength ? flat : flat[..MaxTextLength] + "…");
    }

    /// <summary>The URL as it may appear in an <c>href</c>, or null. The check runs on the parsed URI, so whitespace, control
    /// characters or entities inside the scheme (<c>java&#x09;script:</c>) cannot slip through.</summary>
    public static string? HrefOf(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxLength) return null;
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return null; // Uri lower-cases the scheme
        if (string.IsNullOrEmpty(uri.Host) || !string.IsNullOrEmpty(uri.UserInfo)) return null; // https://bank.example@evil.example/ hides its host
        var absolute = uri.AbsoluteUri; // escaped: no quote, space or angle bracket survives
        return absolute.Length <= MaxLength ? absolute : null;
    }
}
