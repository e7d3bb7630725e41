using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Signals.Alerts;
using Signals.Storage;

namespace Signals.Review;

/// <summary>
/// The same data as JSON, for scripts and other tools: GET to read; PUT to record a verdict or a status, with the
/// anti-forgery token of <c>GET /api/antiforgery</c> in the <c>X-CSRF-TOKEN</c> header (the cookie alone is not enough).
/// </summary>
internal static class ReviewApi
{
    public static void MapReviewApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapGet("/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
            Results.Json(new { token = antiforgery.GetAndStoreTokens(context).RequestToken, header = "X-CSRF-TOKEN" }));

        api.MapGet("/alerts", async (ReviewData data, string? product, string? status, string? from, string? to, CancellationToken ct) =>
        {
            if (ReviewEndpoints.BadFilter(status, from, to) is { } problem) return Results.BadRequest(new { error = problem });
            var filter = new AlertFilter(product, ReviewVocabulary.ParseStatus(status), ReviewEndpoints.ParseDay(from), ReviewEndpoints.ParseDay(to));
            return Results.Json((await data.AlertsAsync(filter, ct)).Select(AlertJson));
        });

        api.MapGet("/alerts/{id:long}", async (ReviewData data, long id, CancellationToken ct) =>
            await data.AlertAsync(id, ct) is { } alert ? Results.Json(AlertJson(alert)) : Results.NotFound(new { error = $"no alert {id}" }));

        api.MapGet("/alerts/{id:long}/posts", async (ReviewData data, long id, string? page, CancellationToken ct) =>
        {
            if (page is not null && ReviewEndpoints.PageNumber(page) is null) return Results.BadRequest(new { error = $"page must be a whole number from 1, not '{page}'" });
            if (await data.AlertAsync(id, ct) is not { } alert) return Results.NotFound(new { error = $"no alert {id}" });
            var view = await data.EpisodeAsync(alert, ReviewEndpoints.PageNumber(page) ?? 1, ct);
            return Results.Json(new { alert = id, total = view.TotalPosts, page = view.Page, pages = view.Pages, posts = view.Posts.Select(PostJson) });
        });

        api.MapGet("/posts/{id:long}/verdict", async (ISignalStore store, long id, CancellationToken ct) =>
            await store.GetVerdictAsync(id, ct) is { } verdict ? Results.Json(VerdictJson(verdict)) : Results.NotFound(new { error = $"no verdict on post {id}" }));

        api.MapPut("/posts/{id:long}/verdict", async (HttpContext context, IAntiforgery antiforgery, ISignalStore store, TimeProvider time, ILoggerFactory logs,
            long id, VerdictRequest request, CancellationToken ct) =>
        {
            if (await ReviewEndpoints.Forged(context, antiforgery)) return ReviewEndpoints.Forbidden();
            if (ReviewVocabulary.ParseVerdict(request.Verdict) is not { } verdict)
                return Results.BadRequest(new { error = $"verdict is one of {string.Join(", ", ReviewVocabulary.Verdicts.Select(v => v.Code))}" });
            var saved = new PostVerdict(id, verdict, ReviewAccess.Reviewer(context), time.GetUtcNow());
            if (!await store.SaveVerdictAsync(saved, ct)) return Results.NotFound(new { error = $"no post {id}" });
            logs.CreateLogger("Signals.Review").PostJudged(id, verdict.Code(), saved.Reviewer);
            return Results.Json(VerdictJson(saved));
        });

        api.MapPut("/alerts/{id:long}/review", async (HttpContext context, IAntiforgery antiforgery, ISignalStore store, TimeProvider time, ILoggerFactory logs,
            long id, StatusRequest request, CancellationToken ct) =>
        {
            if (await ReviewEndpoints.Forged(context, antiforgery)) return ReviewEndpoints.Forbidden();
            if (ReviewVocabulary.ParseStatus(request.Status) is not { } status)
                return Results.BadRequest(new { error = $"status is one of {string.Join(", ", ReviewVocabulary.Statuses.Select(s => s.Code))}" });
            var review = new AlertReview(id, status, string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim(), ReviewAccess.Reviewer(context), time.GetUtcNow());
            if (!await store.SaveAlertReviewAsync(review, ct)) return Results.NotFound(new { error = $"no alert {id}" });
            logs.CreateLogger("Signals.Review").AlertReviewed(id, status.Code(), review.Reviewer);
            return Results.Json(ReviewJson(review));
        });
    }

    public sealed record VerdictRequest(string? Verdict);
    public sealed record StatusRequest(string? Status, string? Comment);

    private static object AlertJson(ReviewedAlert r) => new
    {
        id = r.Alert.Id,
        product = r.Alert.Product,
        @event = r.Alert.Event,
        firstDay = r.Alert.FirstDay,
        lastDay = r.Alert.LastDay,
        peakDayAuthors = r.Alert.Observed,
        expected = r.Alert.Expected,
        score = r.Alert.Score,
        oneDayAlarmFrom = r.Alert.Threshold, // people: from this many on one day, that day alone alarms (the e-mail's "alarm from N people"), not a score
        delivery = r.Alert.Status switch { AlertStatus.Pending => "pending", AlertStatus.Sent => "sent", _ => "covered" },
        status = r.Status.Code(),
        review = r.Review is null ? null : ReviewJson(r.Review),
    };

    private static object ReviewJson(AlertReview r) => new { status = r.Status.Code(), comment = r.Comment, reviewer = r.Reviewer, updatedAt = r.UpdatedAt };

    private static object VerdictJson(PostVerdict v) => new { postId = v.PostId, verdict = v.Verdict.Code(), reviewer = v.Reviewer, decidedAt = v.DecidedAt };

    private static object PostJson(EvidencePost p) => new
    {
        id = p.Id,
        source = p.Scored.Post.Source,
        createdAt = p.Scored.Post.CreatedAt,
        url = p.Scored.Post.Url,
        author = p.Scored.Post.Author,
        text = p.Scored.Post.Text,
        adverseEventProbability = p.Scored.AdverseEventProbability,
        events = p.Scored.Events,
        verdict = p.Verdict is null ? null : VerdictJson(p.Verdict),
    };
}
