using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;

namespace Signals.Review;

/// <summary>
/// Signed-in sessions, kept on the server so that signing out ends them: a cookie is only a signed ticket, which would otherwise
/// stay valid for its 8 hours after logout (a copy taken from a shared machine or a proxy log would still open the page). Each
/// sign-in gets a random session id in its ticket; a ticket whose id is not here is refused. In memory, like the cookie keys
/// (<see cref="ReviewServer"/>): a restart ends every session either way.
/// </summary>
public sealed class ReviewSessions
{
    public const string ClaimType = "signals:sid";
    private readonly ConcurrentDictionary<string, string> _sessions = new(StringComparer.Ordinal);

    public ClaimsPrincipal Open(string user)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _sessions[id] = user;
        return new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user), new Claim(ClaimType, id)], CookieAuthenticationDefaults.AuthenticationScheme));
    }

    public void Close(ClaimsPrincipal user)
    {
        if (user.FindFirst(ClaimType)?.Value is { } id) _sessions.TryRemove(id, out _);
    }

    private bool IsOpen(ClaimsPrincipal user) =>
        user.FindFirst(ClaimType)?.Value is { } id && _sessions.TryGetValue(id, out var name) && name == user.Identity?.Name;

    /// <summary>The cookie handler's check of every request's ticket.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is { } principal && context.HttpContext.RequestServices.GetRequiredService<ReviewSessions>().IsOpen(principal)) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
