namespace Signals.Feeds;

/// <summary>
/// One public post as every reader normalises it. <see cref="Author"/> is the handle as the
/// source gives it; the store keeps only a pseudonym of it.
/// </summary>
public sealed record Post(
    string Source,
    string ExternalId,
    string? Url,
    string? Author,
    DateTimeOffset CreatedAt,
    string? Language,
    string Text);
