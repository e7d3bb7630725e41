using System.Collections.Concurrent;

namespace Signals.Feeds;

/// <summary>
/// At most N requests in flight to one host (scheme, host and port) at a time, however many of
/// its feeds are due together: a forum with twenty tag feeds must not see twenty parallel
/// requests from us. It sits inside the retry pipeline, so a request waiting out a back-off
/// does not hold a slot.
/// </summary>
public sealed class PerHostConcurrencyLimiter(HostSlots slots) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var slot = slots.For(request.RequestUri!);
        await slot.WaitAsync(ct);
        try { return await base.SendAsync(request, ct); }
        finally { slot.Release(); }
    }
}

/// <summary>The per-host semaphores, shared by every handler instance the client factory creates (one per handler lifetime).</summary>
public sealed class HostSlots(int perHost)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _slots = new(StringComparer.OrdinalIgnoreCase);

    public SemaphoreSlim For(Uri uri) => _slots.GetOrAdd(uri.GetLeftPart(UriPartial.Authority), _ => new SemaphoreSlim(perHost, perHost));
}
