using System.Net;
using System.Text.RegularExpressions;

namespace Signals.Feeds;

/// <summary>Turns the HTML that feeds carry (RSS descriptions, Mastodon content) into the plain text matching works on.</summary>
public static partial class HtmlText
{
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html)) return "";
        var text = DropScripts().Replace(html, " ");
        text = BlockBreaks().Replace(text, "\n");
        text = Tags().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        text = Spaces().Replace(text, " ");
        return BlankLines().Replace(text, "\n").Trim();
    }

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex DropScripts();
    [GeneratedRegex(@"<(br|/p|/div|/li|/h\d)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockBreaks();
    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();
    [GeneratedRegex(@"[ \t\u00A0]+")]
    private static partial Regex Spaces();
    [GeneratedRegex(@"\s*\n\s*")]
    private static partial Regex BlankLines();
}
