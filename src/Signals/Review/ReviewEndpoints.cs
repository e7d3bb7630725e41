using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signals.Storage;

namespace Signals.Review;

/// <summary>The HTML pages and their forms. Every POST checks the anti-forgery token before it reads or writes anything.</summary>
internal static class ReviewEndpoints
{
    public static void MapReviewPages(this IEndpointRouteBuilder app)
    {
        // Query values and ids are read as text and checked here, so a wrong one gets a page saying what was wrong (the
        // framework's own binding answers 400 or 404 with an empty body).
        app.MapGet("/", async (HttpContext context, ReviewData data, IAntiforgery antiforgery, string? product, string? status, string? from, string? to, CancellationToken ct) =>
        {
            if (BadFilter(status, from, to) is { } problem) return BadRequest(context, problem);
            var filter = new AlertFilter(product, ReviewVocabulary.ParseStatus(status), ParseDay(from), ParseDay(to));
            return Page(AlertListPage.Render(Root(context), ReviewAccess.Reviewer(context), Csrf(context, antiforgery), filter,
                await data.ProductsAsync(ct), await data.AlertsAsync(filter, ct)));
        });

        app.MapGet("/alerts/{id}", async (HttpContext context, ReviewData data, IAntiforgery antiforgery, string id, string? page, CancellationToken ct) =>
        {
            if (AlertId(id) is not { } alertId) return NotFound(context, $"No alert '{id}': an alert is named by its number, as in /alerts/1");
            if (page is not null && PageNumber(page) is null) return BadRequest(context, $"page must be a whole number from 1, not '{page}'");
            return await data.AlertAsync(alertId, ct) is { } alert
                ? Page(EpisodePage.Render(Root(context), ReviewAccess.Reviewer(context), Csrf(context, antiforgery), await data.EpisodeAsync(alert, PageNumber(page) ?? 1, ct)))
                : NotFound(context, $"No alert {alertId}");
        });

        app.MapGet("/queue", async (HttpContext context, ReviewData data, IAntiforgery antiforgery, IOptions<ReviewOptions> options, CancellationToken ct) =>
        {
            var user = ReviewAccess.Reviewer(context);
            return Page(QueuePage.Render(Root(context), user, Csrf(context, antiforgery), await data.QueueAsync(user, ct), options.Value.LanguagesOf(user)));
        });

        app.MapGet("/alerts/{id}/chart.png", async (HttpContext context, ISignalStore store, ReviewData data, string id, CancellationToken ct) =>
            AlertId(id) is { } alertId && await store.GetAlertAsync(alertId, ct) is { } alert
                ? Results.File(await data.ChartAsync(alert, ct), "image/png")
                : Results.Text($"No alert '{id}', so no chart.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound));

        app.MapPost("/alerts/{id:long}/status", async (HttpContext context, IAntiforgery antiforgery, ISignalStore store, TimeProvider time, ILoggerFactory logs, long id, CancellationToken ct) =>
        {
            if (await Forged(context, antiforgery)) return Forbidden();
            var form = await context.Request.ReadFormAsync(ct);
            if (ReviewVocabulary.ParseStatus(form["status"]) is not { } status)
                return BadRequest(context, $"unknown status '{form["status"]}': one of {string.Join(", ", ReviewVocabulary.Statuses.Select(s => s.Code))}");
            var comment = form["comment"].ToString().Trim();
            var review = new AlertReview(id, status, comment.Length == 0 ? null : comment, ReviewAccess.Reviewer(context), time.GetUtcNow());
            if (!await store.SaveAlertReviewAsync(review, ct)) return NotFound(context, $"No alert {id}");
            logs.CreateLogger("Signals.Review").AlertReviewed(id, status.Code(), review.Reviewer);
            return Results.Redirect($"{Root(context)}/alerts/{id}?page={PageOf(form["page"])}", permanent: false, preserveMethod: false);
        });

        app.MapPost("/posts/{id:long}/verdict", async (HttpContext context, IAntiforgery antiforgery, ISignalStore store, TimeProvider time, ILoggerFactory logs, long id, CancellationToken ct) =>
        {
            if (await Forged(context, antiforgery)) return Forbidden();
            var form = await context.Request.ReadFormAsync(ct);
            if (ReviewVocabulary.ParseVerdict(form["verdict"]) is not { } verdict)
                return BadRequest(context, $"unknown verdict '{form["verdict"]}': one of {string.Join(", ", ReviewVocabulary.Verdicts.Select(v => v.Code))}");
            var saved = new PostVerdict(id, verdict, ReviewAccess.Reviewer(context), time.GetUtcNow());
            if (!await store.SaveVerdictAsync(saved, ct)) return NotFound(context, $"No post {id}");
            logs.CreateLogger("Signals.Review").PostJudged(id, verdict.Code(), saved.Reviewer);
            if (form["from"] == "queue") return Results.Redirect($"{Root(context)}/queue");
            return long.TryParse(form["alert"], NumberStyles.None, CultureInfo.InvariantCulture, out var alert)
                ? Results.Redirect($"{Root(context)}/alerts/{alert}?page={PageOf(form["page"])}#post-{id}")
                : Results.Redirect($"{Root(context)}/");
        });

        app.MapGet("/login", (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            Page(ReviewPages.Login(Root(context), Csrf(context, antiforgery), returnUrl, null)));

        app.MapPost("/login", async (HttpContext context, IAntiforgery antiforgery, IOptions<ReviewOptions> options, ILoggerFactory logs, CancellationToken ct) =>
        {
            if (await Forged(context, antiforgery)) return Forbidden();
            var form = await context.Request.ReadFormAsync(ct);
            var user = form["user"].ToString();
            var returnUrl = form["returnUrl"].ToString();
            // An unknown user costs the same PBKDF2 as a wrong password, so the answer's timing does not tell which names exist.
            var known = options.Value.Users.TryGetValue(user, out var hash);
            if (!(known ? PasswordHash.Verify(form["password"].ToString(), hash!) : PasswordHash.VerifyNothing(form["password"].ToString())))
            {
                logs.CreateLogger("Signals.Review").SignInRefused(user, context.Connection.RemoteIpAddress?.ToString() ?? "?");
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Page(ReviewPages.Login(Root(context), Csrf(context, antiforgery), returnUrl, "Unknown user or wrong password."), StatusCodes.Status401Unauthorized);
            }
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, context.RequestServices.GetRequiredService<ReviewSessions>().Open(user));
            // Only a path on this site, as the browser will read it: anything else would make the form an open redirect.
            return Results.Redirect(ReturnUrl.LocalOr(returnUrl, $"{Root(context)}/"));
        }).RequireRateLimiting(ReviewServer.SignInLimit);

        app.MapPost("/logout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (await Forged(context, antiforgery)) return Forbidden();
            context.RequestServices.GetRequiredService<ReviewSessions>().Close(context.User);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect($"{Root(context)}/login");
        });

        app.MapGet("/static/review.css", () => Results.Text(ReviewStyle.Css, "text/css; charset=utf-8"));
    }

    internal static string Root(HttpContext context) => context.Request.PathBase.Value ?? "";

    private static string Csrf(HttpContext context, IAntiforgery antiforgery) => antiforgery.GetAndStoreTokens(context).RequestToken ?? "";

    internal static async Task<bool> Forged(HttpContext context, IAntiforgery antiforgery) => !await antiforgery.IsRequestValidAsync(context);

    internal static IResult Forbidden() => Results.Text("The form's anti-forgery token is missing or stale: reload the page and try again.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);

    private static IResult Page(Html html, int status = StatusCodes.Status200OK) =>
        Results.Text(html.ToString(), "text/html; charset=utf-8", statusCode: status);

    private static IResult NotFound(HttpContext context, string what) =>
        Page(ReviewPages.Layout(Root(context), "Not found", ReviewAccess.Reviewer(context), Html.Of($"""<h1>Not found</h1><p>{what}.</p><p><a href="{Root(context)}/">All alerts</a></p>""")),
            StatusCodes.Status404NotFound);

    private static IResult BadRequest(HttpContext context, string what) =>
        Page(ReviewPages.Layout(Root(context), "Bad request", ReviewAccess.Reviewer(context), Html.Of($"""<h1>Bad request</h1><p class="error">{what}.</p><p><a href="{Root(context)}/">All alerts</a></p>""")),
            StatusCodes.Status400BadRequest);

    /// <summary>What is wrong with the list's filter, or null: an unknown status or a date not written yyyy-MM-dd.</summary>
    internal static string? BadFilter(string? status, string? from, string? to)
    {
        if (!string.IsNullOrEmpty(status) && ReviewVocabulary.ParseStatus(status) is null)
            return $"unknown status '{status}': one of {string.Join(", ", ReviewVocabulary.Statuses.Select(s => s.Code))}";
        foreach (var (name, value) in new[] { ("from", from), ("to", to) })
            if (!string.IsNullOrEmpty(value) && ParseDay(value) is null) return $"{name} must be a date written yyyy-MM-dd, not '{value}'";
        return null;
    }

    internal static long? AlertId(string? value) => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    internal static int? PageNumber(string? value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : null;

    internal static DateOnly? ParseDay(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static int PageOf(string? value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1;
}
