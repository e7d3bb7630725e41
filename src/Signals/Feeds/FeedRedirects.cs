using System.Net;
using System.Net.Sockets;

namespace Signals.Feeds;

/// <summary>
/// Follows a feed's redirects itself (the handler's own following is off), so that each hop is judged before it is requested:
/// only http and https (a <c>file:</c> or <c>ftp:</c> Location is one error naming the feed, not a crash), at most
/// <see cref="MaxRedirects"/>, and never from a public address to a private or loopback one — a public feed redirecting to
/// 127.0.0.1 or 10.x would make the worker read its own admin ports or the internal network and store the answer as posts. A feed
/// configured on a private address (an intranet forum) may redirect within the private network: its operator chose it.
/// Outermost handler of the feeds client: every hop gets the resilience pipeline (retries, breaker) of its own.
/// </summary>
public sealed class FeedRedirects : DelegatingHandler
{
    public const int MaxRedirects = 10;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var origin = request.RequestUri!;
        bool? originPrivate = null; // resolved only when a redirect comes
        var response = await base.SendAsync(request, ct);
        for (var hops = 0; IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hops++)
        {
            var target = location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location);
            response.Dispose();
            if (hops >= MaxRedirects) throw new HttpRequestException($"more than {MaxRedirects} redirects (the last to {target.GetLeftPart(UriPartial.Path)})");
            if (target.Scheme is not ("http" or "https"))
                throw new HttpRequestException($"redirect to a {target.Scheme}: address refused; only http and https are followed");
            originPrivate ??= await NetworkScope.IsPrivateAsync(origin.Host, ct);
            if (originPrivate == false && await NetworkScope.IsPrivateAsync(target.Host, ct))
                throw new HttpRequestException($"redirect from the public address {origin.Host} to the private or loopback address {target.Host} refused");
            var next = new HttpRequestMessage(HttpMethod.Get, target) { Version = request.Version, VersionPolicy = request.VersionPolicy };
            foreach (var header in request.Headers)
                if (!(header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase)))
                    next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            foreach (var option in request.Options) ((IDictionary<string, object?>)next.Options)[option.Key] = option.Value;
            request = next;
            response = await base.SendAsync(request, ct);
        }
        return response;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect
            or HttpStatusCode.MultipleChoices;
}

/// <summary>Whether a host is on this machine or a private network: loopback, RFC 1918, link-local, CGNAT, unique-local IPv6 and the like.</summary>
public static class NetworkScope
{
    /// <summary>A name counts as private when any of its addresses is (a name that does not resolve is left to fail on its own).</summary>
    public static async Task<bool> IsPrivateAsync(string host, CancellationToken ct)
    {
        host = host.Trim('[', ']');
        if (IPAddress.TryParse(host, out var literal)) return IsPrivate(literal);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)) return true;
        try { return (await Dns.GetHostAddressesAsync(host, ct)).Any(IsPrivate); }
        catch (SocketException) { return false; }
    }

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || (b[0] & 0xFE) == 0xFC || address.IsIPv6Multicast;
        }
        var v = address.GetAddressBytes();
        return v[0] switch
        {
            0 or 10 or 127 => true,
            100 => v[1] is >= 64 and < 128,       // carrier-grade NAT
            169 => v[1] == 254,                   // link-local (cloud metadata endpoints)
            172 => v[1] is >= 16 and < 32,
            192 => v[1] == 168 || (v[1] == 0 && v[2] == 0),
            198 => v[1] is 18 or 19,              // benchmarking networks
            >= 224 => true,                       // multicast, reserved, broadcast
            _ => false,
        };
    }
}
