using System.Security.Cryptography;
using System.Text;
using Signals.Alerts;

namespace Signals.Storage;

/// <summary>Ids, sources and log lines without handles (see <see cref="PostPrivacy"/>).</summary>
public static partial class PostPrivacy
{
    private static string Hashed(string id, string key) =>
        "h:" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(id)).AsSpan(0, 16));

    /// <summary>
    /// <c>at://marie.bsky.social/app.bsky.feed.post/3k…</c> names the person; the same record under the author's DID does not, and is the
    /// id Jetstream and search give when they know the DID (so the post stays one post). Without a DID: null (the id is hashed).
    /// </summary>
    private static bool AtUriUnderHandle(string id, string? author, out string? underDid)
    {
        underDid = null;
        if (!id.StartsWith("at://", StringComparison.OrdinalIgnoreCase)) return false;
        var rest = id[5..];
        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        if (authority.StartsWith("did:", StringComparison.Ordinal)) return false;
        if (author is not null && author.StartsWith("did:", StringComparison.Ordinal)) underDid = "at://" + author + (slash < 0 ? "" : rest[slash..]);
        return true;
    }

    /// <summary>
    /// The source to store: a feed or host name. A replay file may give a profile as its source (<c>mastodon.social/@user</c>,
    /// <c>user@mastodon.social</c>, <c>reddit.com/user/x</c>): its host is kept, the person is not.
    /// </summary>
    public static string Source(string source, string? author)
    {
        var slash = source.IndexOf('/');
        var path = slash < 0 ? "" : source[slash..];
        var at = source.IndexOf('@');
        var personal = at >= 0 || source.Contains('~') || (path.Length > 0 && ProfilePath().IsMatch(path)) || (path.Length > 0 && ContainsHandle(path, author));
        if (!personal) return source;
        var host = slash < 0 ? source : source[..slash];
        if (host.LastIndexOf('@') is var a && a >= 0) host = host[(a + 1)..];
        return host.Length == 0 || ContainsHandle(host, author) ? "unknown" : host;
    }

    /// <summary>A post's id as log lines may show it: as stored when that names nobody, else only its link's safe form or its kind.</summary>
    public static string LoggableId(string id, string? author)
    {
        if (AtUriUnderHandle(id, author, out var underDid)) return underDid ?? "(an AT URI naming its author)";
        var isLink = SafeLink.HrefOf(id) is not null;
        if (!isLink && !ContainsHandle(id, author) && !HandleShaped().IsMatch(id)) return id;
        return isLink && Link(id, author) is { } clean ? clean : "(an id naming its author)";
    }
}
