namespace Signals.Feeds;

/// <summary>
/// One public post as every reader normalises it. <see cref="Author"/> is the handle as the
/// source gives it; the store keeps only a pseudonym of it. Every string is cleaned and capped by
/// <see cref="PostLimits"/> when the post is made (an over-long id or source is replaced by its hash) (or copied with <c>with</c>), so no reader, file or store can forget it.
/// </summary>
public sealed record Post(
    string Source,
    string ExternalId,
    string? Url,
    string? Author,
    DateTimeOffset CreatedAt,
    string? Language,
    string Text)
{
    public string Source { get; init => field = CleanSource(value); } = CleanSource(Source);
    public string ExternalId { get; init => field = CleanId(value); } = CleanId(ExternalId);
    public string? Url { get; init => field = PostLimits.CleanField(value); } = PostLimits.CleanField(Url);
    public string? Author { get; init => field = PostLimits.CleanField(value); } = PostLimits.CleanField(Author);
    public string? Language { get; init => field = PostLimits.CleanField(value); } = PostLimits.CleanField(Language);
    public string Text { get; init => field = PostLimits.Clean(value, PostLimits.MaxTextLength); } = PostLimits.Clean(Text, PostLimits.MaxTextLength);

    private static string CleanSource(string value) => PostLimits.Bounded(PostLimits.Clean(value, PostLimits.MaxFieldLength), PostLimits.MaxSourceBytes);
    private static string CleanId(string value) => PostLimits.Bounded(PostLimits.Clean(value, int.MaxValue), PostLimits.MaxIdBytes);
}
