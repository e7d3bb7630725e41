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
        app.MapGet("/", async (HttpContext context, ReviewData data, IAntiforgery antiforgery, string? product, string? status, string? from, string? to, CancellationToken ct) =>
        {
            var filter = new AlertFilter(product, ReviewVocabulary.ParseStatus(status), ParseDay(from), ParseDay(to));
            return Page(AlertListPage.Render(Root(context), ReviewAccess.Reviewer(context), Csrf(context, antiforgery), filter,
                await data.ProductsAsync(ct), await data.AlertsAsync(filter, ct)));
        });

        app.MapGet("/alerts/{id:long}", async (HttpContext context, ReviewData data, IAntiforgery antiforgery, long id, int? page, CancellationToken ct) =>
            await data.AlertAsync(id, ct) is { } alert
                ? Page(EpisodePage.Render(Root(context), ReviewAccess.Reviewer(context), Csrf(context, antiforgery), await data.EpisodeAsync(alert, page ?? 1, ct)))
                : NotFound(context, $"No alert {id}"));

        app.MapGet("/alerts/{id:long}/chart.png", async (ISignalStore store, ReviewData data, long id, CancellationToken ct) =>
            await store.GetAlertAsync(id, ct) is { } alert ? Results.File(await data.ChartAsync(alert, ct), "image/png") : Results.NotFound());

        app.MapPost("/alerts/{id:long}/status", async (HttpContext context, IAntiforgery antiforgery, ISignalStore store, TimeProvider time, ILoggerFactory logs, long id, CancellationToken ct) =>
        {
            if (await Forged(context, antiforgery)) return Forbidden();
            var form = await context.Request.ReadFormAsync(ct);
            if (ReviewVocabulary.ParseStatus(form["status"]) is not { } status) return Results.BadRequest("unknown status");
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
            if (ReviewVocabulary.ParseVerdict(form["verdict"]) is not { } verdict) return Results.BadRequest("unknown verdict");
            var saved = new PostVerdict(id, verdict, ReviewAccess.Reviewer(context), time.GetUtcNow());
            if (!await store.SaveVerdictAsync(saved, ct)) return NotFound(context, $"No post {id}");
            logs.CreateLogger("Signals.Review").PostJudged(id, verdict.Code(), saved.Reviewer);
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

    internal static DateOnly? ParseDay(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static int PageOf(string? value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1;
}
