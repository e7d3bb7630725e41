using System.Globalization;
using Signals.Alerts;

namespace Signals.Review;

/// <summary>The page frame and the small pieces every page shares. Pages are plain HTML; the only script is none.</summary>
internal static class ReviewPages
{
    public static Html Layout(string root, string title, string user, Html body, string? csrf = null) => Html.Of($"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{title} · Signals review</title>
        <link rel="stylesheet" href="{root}/static/review.css">
        </head>
        <body>
        <header class="top"><a class="home" href="{root}/">Signals review</a>{UserBox(root, user, csrf)}</header>
        <main>
        {body}
        </main>
        </body>
        </html>
        """);

    private static Html UserBox(string root, string user, string? csrf) => user == ReviewAccess.LocalUser || csrf is null
        ? Html.Of($"""<span class="user">{user}</span>""")
        : Html.Of($"""<form class="user" method="post" action="{root}/logout"><input type="hidden" name="__RequestVerificationToken" value="{csrf}">{user} <button type="submit">Sign out</button></form>""");

    public static Html Token(string csrf) => Html.Of($"""<input type="hidden" name="__RequestVerificationToken" value="{csrf}">""");

    /// <summary>The five verdict buttons of a post's form, the given one pressed: the same on evidence and queue pages.</summary>
    public static IEnumerable<Html> VerdictButtons(Verdict? given) => ReviewVocabulary.Verdicts.Select(v => given == v.Verdict
        ? Html.Of($"""<button type="submit" name="verdict" value="{v.Code}" aria-pressed="true">{v.Words}</button>""")
        : Html.Of($"""<button type="submit" name="verdict" value="{v.Code}" aria-pressed="false">{v.Words}</button>"""));

    public static Html StatusBadge(ReviewStatus status) => Html.Of($"""<span class="badge status-{status.Code()}">{status.Words()}</span>""");

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>An expected count: one decimal, and "&lt; 0.1" rather than a "0.0" that reads as none expected.</summary>
    public static string Number(double value) => double.IsNaN(value) ? "–" : value < 0.1 ? "< 0.1" : value.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>A count (people): whole.</summary>
    public static string Whole(double value) => double.IsNaN(value) ? "–" : Math.Round(value).ToString("0", CultureInfo.InvariantCulture);

    public static string Subject(Alert alert) => alert.Event is null ? alert.Product : $"{alert.Product} / {alert.Event}";

    /// <summary>The link to a post's original, only for http(s) addresses (never <c>javascript:</c> or <c>data:</c>), shown by its host.</summary>
    public static Html OriginalLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? Html.Of($"""<a class="original" href="{uri.AbsoluteUri}" rel="noopener noreferrer nofollow" target="_blank">{uri.Host}</a>""")
            : Html.Of($"""<span class="original none">no link</span>""");

    public static Html Login(string root, string csrf, string? returnUrl, string? error) => Layout(root, "Sign in", "", Html.Of($"""
        <h1>Sign in</h1>
        {(error is null ? Html.Empty : Html.Of($"""<p class="error" role="alert">{error}</p>"""))}
        <form method="post" action="{root}/login" class="login">
        {Token(csrf)}
        <input type="hidden" name="returnUrl" value="{returnUrl ?? ""}">
        <label>User <input name="user" autocomplete="username" required></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
        </form>
        """));
}
