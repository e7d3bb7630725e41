namespace Signals.Review;

/// <summary>
/// Where sign-in may send the browser back to: a path on this site, judged as the browser will read it. Browsers drop tabs and
/// newlines from a URL and read a backslash as a slash (WHATWG URL parsing), so <c>/\t/evil.example/</c> and <c>/\evil.example</c>
/// are <c>//evil.example/</c> to them: another host. Anything that is not plainly a local path becomes the alert list.
/// </summary>
public static class ReturnUrl
{
    public static string LocalOr(string? returnUrl, string fallback)
    {
        if (string.IsNullOrEmpty(returnUrl)) return fallback;
        var seen = new string(returnUrl.Where(c => c is not ('\t' or '\n' or '\r')).ToArray()).Replace('\\', '/');
        if (seen.Length == 0 || seen[0] != '/' || seen.StartsWith("//", StringComparison.Ordinal)) return fallback;
        // Control characters and spaces have no place in a path the site itself made; a browser would also trim leading C0/space.
        if (returnUrl.Any(c => char.IsControl(c) || c == ' ')) return fallback;
        return returnUrl;
    }
}
