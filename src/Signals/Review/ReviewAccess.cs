using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Signals.Review;

/// <summary>
/// Who may use the page. A request is <i>local</i> when its connection comes from a loopback address and carries no
/// proxy header (X-Forwarded-For, Forwarded, X-Real-IP): someone on this machine, who could read the database anyway.
/// Local requests are served as the user <c>local</c> (unless <c>AllowLocalWithoutSignIn</c> is off); every other request
/// must have signed in with a configured user, or is refused — 401 for the JSON API, a redirect to the sign-in form
/// for pages. A proxy header is never trusted to make a request local; it only ever makes one non-local.
/// </summary>
public sealed class ReviewAccess(IOptions<ReviewOptions> options)
{
    public const string LocalUser = "local";
    private static readonly string[] ProxyHeaders = ["X-Forwarded-For", "Forwarded", "X-Real-IP"];

    public bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
        && !ProxyHeaders.Any(h => context.Request.Headers.ContainsKey(h));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/login") || path.StartsWithSegments("/static") || context.User.Identity?.IsAuthenticated == true)
        {
            await next(context);
            return;
        }
        if (options.Value.AllowLocalWithoutSignIn && IsLocal(context))
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, LocalUser)], authenticationType: "loopback"));
            await next(context);
            return;
        }
        if (path.StartsWithSegments("/api") || !HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new { error = "sign in first (POST /login), or use the page from this machine" });
            return;
        }
        context.Response.Redirect($"{context.Request.PathBase}/login?returnUrl={Uri.EscapeDataString(context.Request.PathBase + path + context.Request.QueryString)}");
    }

    /// <summary>The name recorded with verdicts and statuses.</summary>
    public static string Reviewer(HttpContext context) => context.User.Identity?.Name ?? LocalUser;
}
