using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signals.Storage;

namespace Signals.Review;

/// <summary>
/// The review page as a hosted service of the worker, like the health endpoint: it listens only when
/// <c>Signals:Review:Port</c> is set, and a port it cannot open is logged, not fatal. Inside, a small ASP.NET Core app
/// (Kestrel, minimal APIs) shares the worker's store, clock and logging; <c>signals review</c> runs the same app alone.
/// </summary>
public sealed class ReviewServer(IServiceProvider services, IOptions<ReviewOptions> options, ILogger<ReviewServer> logger) : BackgroundService
{
    public const int DefaultPort = 8081;
    internal const string SignInLimit = "sign-in";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Port == 0) return;
        await ServeAsync(services, options.Value.Port, logger, stoppingToken);
    }

    /// <summary>Serves the page on <paramref name="port"/> until cancelled; false when the port cannot be opened.</summary>
    /// <param name="alone"><c>signals review</c>: there is no worker to go on without the page, so a failure says what to change.</param>
    public static async Task<bool> ServeAsync(IServiceProvider services, int port, ILogger logger, CancellationToken ct, bool alone = false)
    {
        var host = services.GetRequiredService<IOptions<ReviewOptions>>().Value.Host;
        var url = Url(services.GetRequiredService<IOptions<ReviewOptions>>().Value, port);
        void Failed(string error)
        {
            if (alone) logger.ReviewAloneListenFailed(url, error);
            else logger.ReviewListenFailed(url, error);
        }
        // Tried first: Kestrel's own failure comes with the inner host's error and a 25-line trace in the shared log.
        if (PortTaken(host, port) is { } taken)
        {
            Failed(taken);
            return false;
        }
        await using var app = Build(services, port);
        try { await app.StartAsync(ct); }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            Failed(ex.Message);
            return false;
        }
        logger.ReviewListening(url);
        try { await Task.Delay(Timeout.Infinite, ct); }
        catch (OperationCanceledException) { /* stopping */ }
        await app.StopAsync(CancellationToken.None);
        return true;
    }

    /// <summary>Why the address cannot be listened on ("address already in use"), or null when it can.</summary>
    private static string? PortTaken(string host, int port)
    {
        var address = host == "*" ? IPAddress.Any : host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(host);
        try
        {
            var probe = new System.Net.Sockets.TcpListener(address, port);
            probe.Start();
            probe.Stop();
            return null;
        }
        catch (System.Net.Sockets.SocketException ex) { return ex.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse ? "address already in use" : ex.Message; }
    }

    private static string Url(ReviewOptions options, int port) => $"http://{(options.Host == "*" ? "0.0.0.0" : options.Host)}:{port}/";

    /// <summary>The review app over the worker's services (store, clock, options, logging), listening on <paramref name="port"/>.</summary>
    public static WebApplication Build(IServiceProvider services, int port)
    {
        var options = services.GetRequiredService<IOptions<ReviewOptions>>();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear(); // the worker's configuration decides; ASPNETCORE_URLS and friends do not
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(services.GetRequiredService<ILoggerFactory>());
        builder.Services.AddSingleton(services.GetRequiredService<ISignalStore>());
        builder.Services.AddSingleton(services.GetRequiredService<TimeProvider>());
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(services.GetRequiredService<Alerts.EpisodeReporter>());
        builder.Services.AddSingleton(services.GetRequiredService<Alerts.AlertEmailComposer>());
        builder.Services.AddSingleton<ReviewData>();
        builder.Services.AddSingleton<ReviewAccess>();
        builder.Services.AddSingleton<ReviewSessions>();
        // Keys live in memory: a restart signs analysts out and an open form must be reloaded, which is the price of
        // keeping no key file beside the database.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = "X-CSRF-TOKEN";
            o.Cookie.Name = "signals-review-csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "signals-review";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = "/login";
            o.Events.OnValidatePrincipal = ReviewSessions.ValidateAsync; // logout ends the session, not only the browser's copy of the cookie
        });
        // Each sign-in costs a PBKDF2 hash (600 000 rounds): ten tries a minute per address slow password guessing and keep it from eating the CPU.
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInLimit, context => RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) }));
        });
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true); // the worker says it is running, not this inner app
        builder.WebHost.ConfigureKestrel(k =>
        {
            var host = options.Value.Host;
            if (host == "*") k.ListenAnyIP(port);
            else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) k.ListenLocalhost(port);
            else k.Listen(IPAddress.Parse(host), port);
            k.AddServerHeader = false;
        });

        var app = builder.Build();
        if (Uri.TryCreate(options.Value.BaseUrl, UriKind.Absolute, out var baseUrl) && baseUrl.AbsolutePath.TrimEnd('/') is { Length: > 0 } prefix)
            app.UsePathBase(prefix); // behind a proxy that keeps the prefix, links stay under it
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            // No script runs on these pages at all; even if a post's markup slipped through, the browser would not run it.
            headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            await next(context);
        });
        app.Use(async (context, next) =>
        {
            // DNS rebinding: a page on evil.example whose name is made to resolve to 127.0.0.1 reaches this port from the analyst's
            // browser with "Host: evil.example". Only names this page is known by are served (ReviewOptions.IsAllowedHost).
            if (!options.Value.IsAllowedHost(context.Request.Host.Host))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("Unknown host name: add it to Signals:Review:AllowedHosts if this page is reached by it.");
                return;
            }
            await next(context);
        });
        // Whatever still ends without a body (an unknown address, a JSON body that cannot be read) says what happened.
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var what = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => $"Not found: nothing at {http.Request.Path}. The review pages are / (all alerts) and /alerts/N.",
                StatusCodes.Status400BadRequest => $"Bad request to {http.Request.Path}: its parameters or its JSON body could not be read.",
                StatusCodes.Status405MethodNotAllowed => $"Method {http.Request.Method} is not allowed on {http.Request.Path}.",
                var code => $"{code} for {http.Request.Path}.",
            };
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync(what, http.RequestAborted);
        });
        app.UseRateLimiter();
        app.UseAuthentication();
        var access = app.Services.GetRequiredService<ReviewAccess>();
        app.Use((HttpContext context, RequestDelegate next) => access.InvokeAsync(context, next));
        app.MapReviewPages();
        app.MapReviewApi();
        return app;
    }
}
