using Microsoft.Extensions.Logging;

namespace Signals.Storage;

/// <summary>
/// A data-subject request (GDPR art. 17): <c>signals forget --author HANDLE</c>. The handle is turned into its pseudonym with the
/// configured key; that author's stored texts and links are deleted and their pseudonym is replaced by a random one, the same for
/// all their posts — so distinct-author counts, baselines and alerts do not change, but the key no longer leads to them. The post
/// rows and ids stay, so reading the same posts again does not store them again. E-mails already sent cannot be recalled.
/// </summary>
public sealed class AuthorErasure(ISignalStore store, ILogger<AuthorErasure> logger)
{
    /// <summary>Forgets the author as the source names them (see docs/operations.md: a Bluesky DID, a Mastodon acct, a Reddit username…). Returns how many posts were theirs.</summary>
    public async Task<int> ForgetAsync(string author, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(author)) throw new ArgumentException("an author handle is required", nameof(author));
        var posts = await store.ForgetAuthorAsync(author, ct);
        // Neither the handle nor its pseudonym is logged: the log would otherwise say who asked to be forgotten.
        if (posts == 0) logger.AuthorNotFound();
        else logger.AuthorForgotten(posts);
        return posts;
    }
}

internal static partial class Log
{
    [LoggerMessage(3002, LogLevel.Warning, "Forget: texts and links of {Posts} posts of one author deleted at their request; their pseudonym was replaced, counts unchanged")]
    public static partial void AuthorForgotten(this ILogger logger, int posts);

    [LoggerMessage(3003, LogLevel.Warning, "Forget: no stored post matched the author name given; nothing was changed (the handle must be written as the source names it, see docs/operations.md#privacy)")]
    public static partial void AuthorNotFound(this ILogger logger);
}
