using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Signals.Alerts;

namespace Signals.Storage;

/// <summary>
/// What the store keeps of a post besides the author's pseudonym: a link, an id and a text that do not name people.
/// Readers already build links without handles where the platform allows it; this is the last guard for every path in
/// (readers, replay files written by anyone), applied by both engines the same way.
/// <list type="bullet">
/// <item>Links: only http(s) of at most 2,000 characters (<see cref="SafeLink"/>). Known platform forms are rewritten to a form
/// without the handle — Bluesky <c>bsky.app/profile/{handle}/post/{rkey}</c> to the author's DID when the post has it,
/// Mastodon <c>/@user/{id}</c> and <c>/users/user/statuses/{id}</c> to <c>/statuses/{id}</c> on the same instance, Reddit
/// permalinks under <c>/user/</c> or <c>r/u_…</c> to <c>/comments/{id}</c>; any other link that names its author or a
/// profile is not kept.</item>
/// <item>Ids (the dedupe key): an http id that carries a handle (Mastodon's <c>uri</c>) is rewritten the same way, or
/// replaced by a keyed hash (stable, so a post is still stored once).</item>
/// <item>Text: @mentions and <c>u/name</c> become <c>@user</c> / <c>u/user</c>, and the author's own handle is masked — the
/// people a post names are not the signal; the drugs and effects are. (Matching and classification ran on the text before.)</item>
/// </list>
/// DIDs (<c>did:plc:…</c>) are kept: they are pseudonymous identifiers and the only stable link to a Bluesky post.
/// </summary>
public static partial class PostPrivacy
{
    public const string MaskedMention = "@user";

    /// <summary>The link to store, or null.</summary>
    public static string? Link(string? url, string? author)
    {
        if (SafeLink.HrefOf(url) is not { } href) return null;
        var rewritten = Rewrite(new Uri(href), author);
        if (rewritten is null) return null;
        return NamesPerson(rewritten, author) ? null : rewritten;
    }

    /// <summary>The external id to store: as given unless it is a link that carries a handle, or an AT URI under a handle instead of a DID.</summary>
    public static string ExternalId(string id, string? author, string key)
    {
        if (AtUriUnderHandle(id, author, out var underDid)) return underDid ?? Hashed(id, key);
        var isLink = SafeLink.HrefOf(id) is not null;
        if (!isLink && !ContainsHandle(id, author)) return id; // t3_…, at://did…/…, tag:…, demo-000020
        if (isLink && Link(id, author) is { } clean) return clean;
        return Hashed(id, key);
    }

    /// <summary>The text to store: mentions and the author's own handle masked.</summary>
    public static string Text(string text, string? author)
    {
        var masked = Mention().Replace(text, MaskedMention);
        masked = RedditUser().Replace(masked, m => m.Groups[1].Value + "u/user");
        // Handles written without an @: reddit.com/user/x and reddit.com/u/x, bsky.app/profile/x, and Bluesky's x.bsky.social.
        masked = RedditProfile().Replace(masked, "${site}u/user");
        masked = BlueskyProfile().Replace(masked, "bsky.app/profile/user");
        masked = HandleShaped().Replace(masked, MaskedMention);
        foreach (var handle in Handles(author))
            if (masked.Contains(handle, StringComparison.OrdinalIgnoreCase)) // cheap test first: a pattern per author is built only when needed
                masked = Regex.Replace(masked, $@"(?<![\w.-]){Regex.Escape(handle)}(?![\w-])", MaskedMention, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return masked;
    }

    private static string? Rewrite(Uri uri, string? author)
    {
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var origin = $"{uri.Scheme}://{uri.Authority}";
        if (uri.Host is "bsky.app" or "www.bsky.app" && segments is ["profile", var actor, "post", var rkey])
        {
            if (actor.StartsWith("did:", StringComparison.Ordinal)) return uri.AbsoluteUri;
            return author is not null && author.StartsWith("did:", StringComparison.Ordinal) ? $"https://bsky.app/profile/{author}/post/{rkey}" : null;
        }
        // Mastodon (and other ActivityPub servers with its URL scheme): the status id on the instance is enough.
        if (segments is [var at, var id] && at.StartsWith('@') && IsStatusId(id)) return $"{origin}/statuses/{id}";
        if (segments is [.., "users", _, "statuses", var sid] && IsStatusId(sid)) return $"{origin}/statuses/{sid}";
        if (uri.Host == "reddit.com" || uri.Host.EndsWith(".reddit.com", StringComparison.Ordinal))
        {
            var personal = segments.Length > 1 && (segments[0] is "user" or "u" || (segments[0] == "r" && segments[1].StartsWith("u_", StringComparison.OrdinalIgnoreCase)));
            if (!personal) return uri.AbsoluteUri;
            var comments = Array.IndexOf(segments, "comments");
            if (comments < 0 || comments + 1 >= segments.Length) return null;
            return comments + 3 < segments.Length
                ? $"https://www.reddit.com/comments/{segments[comments + 1]}/_/{segments[comments + 3]}/"
                : $"https://www.reddit.com/comments/{segments[comments + 1]}/";
        }
        return uri.AbsoluteUri;
    }

    /// <summary>A profile path, or the author's handle anywhere in the link.</summary>
    private static bool NamesPerson(string url, string? author)
    {
        var uri = new Uri(url);
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        if (path.StartsWith("/@", StringComparison.Ordinal) || path.StartsWith("/~", StringComparison.Ordinal)) return true;
        if (ProfilePath().IsMatch(path)) return true;
        return ContainsHandle(Uri.UnescapeDataString(url), author);
    }

    private static bool ContainsHandle(string value, string? author) =>
        Handles(author).Any(h => value.Contains(h, StringComparison.OrdinalIgnoreCase) && Regex.IsMatch(value, $@"(?<![\p{{L}}\p{{N}}_]){Regex.Escape(h)}(?![\p{{L}}\p{{N}}_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));

    /// <summary>The handle and, for <c>user@instance</c>, the user part; DIDs are pseudonymous and too short names too generic to mask.</summary>
    private static IEnumerable<string> Handles(string? author)
    {
        if (string.IsNullOrWhiteSpace(author)) yield break;
        var handle = author.Trim().TrimStart('@');
        if (handle.StartsWith("did:", StringComparison.Ordinal) || handle.Length < 3) yield break;
        yield return handle;
        var at = handle.IndexOf('@');
        if (at >= 3) yield return handle[..at];
        var dot = handle.IndexOf('.');
        if (dot >= 3 && handle.EndsWith(".bsky.social", StringComparison.OrdinalIgnoreCase)) yield return handle[..dot];
    }

    private static bool IsStatusId(string id) => id.Length is > 0 and <= 40 && id.All(char.IsAsciiLetterOrDigit);

    // @name, @name@instance.tld, @name.bsky.social; not the middle of an e-mail address (a word character before the @).
    [GeneratedRegex(@"(?<![\w@.])@[\p{L}\p{N}_](?:[\p{L}\p{N}_.-]*[\p{L}\p{N}_])?(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?")]
    private static partial Regex Mention();

    [GeneratedRegex(@"(^|[^\w/])/?u/[A-Za-z0-9_-]{3,20}\b")]
    private static partial Regex RedditUser();

    [GeneratedRegex(@"(?<site>reddit\.com/)(?:user|u)/[A-Za-z0-9_-]+", RegexOptions.IgnoreCase)]
    private static partial Regex RedditProfile();

    [GeneratedRegex(@"bsky\.app/profile/(?!did:)[^\s/?#]+", RegexOptions.IgnoreCase)]
    private static partial Regex BlueskyProfile();

    // A Bluesky handle under the shared domain (jeanne.bsky.social), written without its @.
    [GeneratedRegex(@"(?<![\p{L}\p{N}_.@-])[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)*\.bsky\.social(?![\p{L}\p{N}_-])", RegexOptions.IgnoreCase)]
    private static partial Regex HandleShaped();

    [GeneratedRegex(@"^/(users?|u|profile|people|members?|author|authors)/(?!did:)[^/]+", RegexOptions.IgnoreCase)]
    private static partial Regex ProfilePath();
}
