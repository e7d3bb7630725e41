using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Signals.Feeds;

/// <summary>
/// The one HTTP client every web feed reader uses: a descriptive User-Agent, the standard
/// resilience pipeline (total and per-attempt timeouts, retries with jittered exponential
/// back-off on transient errors, 429 and 503 retried after their Retry-After), one circuit
/// breaker per feed so a failing feed does not trip the others, even on its own host, and a cap on requests in flight per host.
/// </summary>
public static class FeedHttp
{
    public const string ClientName = "feeds";

    /// <summary>The request option naming the feed a request is for: its retries and circuit breaker are the feed's own.</summary>
    public static readonly HttpRequestOptionsKey<string> FeedKey = new("signals.feed");

    public static IServiceCollection AddSignalsFeedHttp(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new HostSlots(sp.GetRequiredService<IOptions<FeedsOptions>>().Value.MaxRequestsPerHost));
        services.TryAddTransient<PerHostConcurrencyLimiter>();
        var client = services.AddHttpClient(ClientName, (sp, http) =>
        {
            http.DefaultRequestHeaders.UserAgent.Clear();
            http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", sp.GetRequiredService<IOptions<FeedsOptions>>().Value.UserAgent);
            http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/atom+xml"));
            http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/rss+xml"));
            http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml", 0.9));
            http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.1));
        });
        // Redirects are followed by FeedRedirects, hop by hop, so each is judged before it is requested (private addresses, file:).
        services.TryAddTransient<FeedRedirects>();
        client.ConfigurePrimaryHttpMessageHandler((handler, _) =>
        {
            if (handler is HttpClientHandler classic) classic.AllowAutoRedirect = false;
            else if (handler is SocketsHttpHandler sockets) sockets.AllowAutoRedirect = false;
        });
        client.AddHttpMessageHandler<FeedRedirects>(); // outermost: each hop goes through the resilience pipeline below
        client.AddStandardResilienceHandler()
            .Configure((resilience, sp) => Configure(resilience, sp.GetRequiredService<IOptions<FeedsOptions>>().Value))
            // One breaker per feed, not per host: a forum's broken tag feed (404s, 500s) must not pause its healthy feeds
            // on the same host and port. A host that is really down fails each of its feeds' reads anyway, and the per-host
            // limiter below still keeps us polite to it. A request without a feed (none today) falls back to its host.
            .SelectPipelineBy(_ => request => request.Options.TryGetValue(FeedKey, out var feed) ? "feed:" + feed : request.RequestUri?.Authority ?? "");
        client.AddHttpMessageHandler<PerHostConcurrencyLimiter>(); // added after: inside the retries, per attempt
        return services;
    }

    private static void Configure(HttpStandardResilienceOptions resilience, FeedsOptions feeds)
    {
        resilience.TotalRequestTimeout.Timeout = feeds.RequestTimeout;
        resilience.AttemptTimeout.Timeout = feeds.AttemptTimeout;
        resilience.Retry.MaxRetryAttempts = feeds.Retries;
        resilience.Retry.Delay = feeds.RetryDelay;
        resilience.Retry.ShouldRetryAfterHeader = true;
        var transient = resilience.Retry.ShouldHandle;
        // A server asking for a long pause gets it from the scheduler (the feed's next check), not from a request held open.
        resilience.Retry.ShouldHandle = args =>
            RetryAfter(args.Outcome.Result) > feeds.MaxRetryAfterWait ? PredicateResult.False() : transient(args);
        // Feeds are low-traffic: judge a host on a handful of requests, not the default hundred.
        resilience.CircuitBreaker.MinimumThroughput = 5;
        resilience.CircuitBreaker.FailureRatio = 0.5;
        resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(2).Ticks, 2 * feeds.AttemptTimeout.Ticks));
        resilience.CircuitBreaker.BreakDuration = feeds.CircuitBreakDuration;
    }

    /// <summary>The wait a 429 or 503 asks for, as a delay or a date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, DateTimeOffset? now = null)
    {
        if (response is null || response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)) return null;
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - (now ?? DateTimeOffset.UtcNow) is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        return null;
    }
}
