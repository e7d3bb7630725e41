using System.Globalization;

namespace Signals.Feeds;

/// <summary>
/// The rules every post obeys, whatever reader or file it came from. Text: NUL characters (PostgreSQL refuses them in
/// text, and one would abort its whole batch) are removed and unpaired surrogates (no UTF-8 encoding exists for them)
/// become U+FFFD, in every string field; a post's text is cut at <see cref="MaxTextLength"/> characters and its other
/// fields at <see cref="MaxFieldLength"/>, so one hostile 50 MB post costs no more memory downstream than a long forum
/// post. Dates: a post dated before <see cref="Earliest"/> or more than <see cref="FutureSlack"/> after now is refused
/// (skipped with a message naming it): such a date is a broken clock or a forged field, and kept it would make a
/// replay judge every day of centuries.
/// </summary>
public static class PostLimits
{
    /// <summary>Reddit's limit for a self post, the longest of the sources read; a longer text is cut here.</summary>
    public const int MaxTextLength = 40_000;

    /// <summary>Source, URL, author and language are identifiers, never long.</summary>
    public const int MaxFieldLength = 2_048;

    /// <summary>
    /// Longest id kept as given, in UTF-8 bytes; a longer one (a guid of a few KB of random characters) is replaced by
    /// <see cref="HashedPrefix"/> and its SHA-256, stable so the post is still stored once. The pair (source, id) is the
    /// unique key, and PostgreSQL refuses a btree entry over 2,704 bytes — the whole batch with it — where SQLite does not:
    /// bounding ids here keeps both engines alike. Real ids (URLs, at:// URIs, t3_…, tag:…) are well under.
    /// </summary>
    public const int MaxIdBytes = 512;

    /// <summary>Longest source (a feed's name, a replay file's "source") kept as given, in UTF-8 bytes; longer ones are hashed as ids are.</summary>
    public const int MaxSourceBytes = 256;

    /// <summary>What an over-long id or source starts with once replaced by its hash.</summary>
    public const string HashedPrefix = "sha256:";

    /// <summary>No social-media post is older: dates before this are refused.</summary>
    public static readonly DateTimeOffset Earliest = new(1990, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// How far in the future a post may be dated before it is refused: a year, so skewed clocks, time zones and
    /// synthetic test streams pass, while 2999 and 9999 (and the centuries a replay would judge for them) do not.
    /// </summary>
    public static readonly TimeSpan FutureSlack = TimeSpan.FromDays(366);

    /// <summary>The text with NULs removed, unpaired surrogates replaced, cut at <paramref name="max"/> characters (never inside a surrogate pair).</summary>
    public static string Clean(string value, int max)
    {
        if (value.Length > max) value = value[..(char.IsHighSurrogate(value[max - 1]) ? max - 1 : max)];
        if (value.AsSpan().IndexOf('\0') < 0 && value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0) return value; // the usual case: no copy
        var clean = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0') continue;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { clean.Append(c).Append(value[++i]); continue; }
            clean.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
        }
        return clean.ToString();
    }

    /// <summary>The value as given when it fits in <paramref name="maxBytes"/> UTF-8 bytes, else <see cref="HashedPrefix"/> and its SHA-256 in hex.</summary>
    public static string Bounded(string value, int maxBytes)
    {
        if (value.Length <= maxBytes / 3 || System.Text.Encoding.UTF8.GetByteCount(value) <= maxBytes) return value; // a char is at most 3 bytes
        return HashedPrefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)));
    }

    public static string? CleanField(string? value) => value is null ? null : Clean(value, MaxFieldLength);

    /// <summary>Why the post's date is refused, or null when it is within range.</summary>
    public static string? DateProblem(Post post, DateTimeOffset now)
    {
        if (post.CreatedAt < Earliest)
            return $"post {Storage.PostPrivacy.LoggableId(post.ExternalId, post.Author)}: createdAt {Iso(post.CreatedAt)} is before {Iso(Earliest)}; post refused";
        if (post.CreatedAt > now + FutureSlack)
            return $"post {Storage.PostPrivacy.LoggableId(post.ExternalId, post.Author)}: createdAt {Iso(post.CreatedAt)} is more than {FutureSlack.TotalDays:0} days after now ({Iso(now)}); post refused";
        return null;
    }

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
