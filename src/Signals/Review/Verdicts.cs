using Signals.Storage;

namespace Signals.Review;

/// <summary>
/// What an analyst says a post is. Only <see cref="AdverseEvent"/> is a positive example for the adverse-event
/// classifier; the other four are negatives that also say why (the classifier's categories), so they can train
/// a category model later.
/// </summary>
public enum Verdict
{
    AdverseEvent = 1,
    NotAdverseEvent = 2,
    ProductComplaint = 3,
    UsageQuestion = 4,
    MedicalQuestion = 5,
}

/// <summary>Where an analyst is with an alert.</summary>
public enum ReviewStatus
{
    New = 0,
    UnderReview = 1,
    SignalConfirmed = 2,
    Dismissed = 3,
}

/// <summary>The words and codes of verdicts and statuses, shared by the page, the JSON API and the export.</summary>
public static class ReviewVocabulary
{
    public static readonly IReadOnlyList<(Verdict Verdict, string Code, string Words)> Verdicts =
    [
        (Verdict.AdverseEvent, "adverse_event", "adverse event"),
        (Verdict.NotAdverseEvent, "not_adverse_event", "not an adverse event"),
        (Verdict.ProductComplaint, "product_complaint", "product complaint"),
        (Verdict.UsageQuestion, "usage_question", "usage question"),
        (Verdict.MedicalQuestion, "medical_question", "medical question"),
    ];

    public static readonly IReadOnlyList<(ReviewStatus Status, string Code, string Words)> Statuses =
    [
        (ReviewStatus.New, "new", "new"),
        (ReviewStatus.UnderReview, "under_review", "under review"),
        (ReviewStatus.SignalConfirmed, "signal_confirmed", "signal confirmed"),
        (ReviewStatus.Dismissed, "dismissed", "dismissed"),
    ];

    public static string Code(this Verdict v) => Verdicts.Single(x => x.Verdict == v).Code;
    public static string Words(this Verdict v) => Verdicts.Single(x => x.Verdict == v).Words;
    public static string Code(this ReviewStatus s) => Statuses.Single(x => x.Status == s).Code;
    public static string Words(this ReviewStatus s) => Statuses.Single(x => x.Status == s).Words;

    public static Verdict? ParseVerdict(string? code) => Verdicts.FirstOrDefault(x => x.Code == code) is { Code: not null } v ? v.Verdict : null;
    public static ReviewStatus? ParseStatus(string? code) => Statuses.FirstOrDefault(x => x.Code == code) is { Code: not null } s ? s.Status : null;
}

/// <summary>An analyst's verdict on one post: who said it and when (the latest replaces earlier ones).</summary>
public sealed record PostVerdict(long PostId, Verdict Verdict, string Reviewer, DateTimeOffset DecidedAt);

/// <summary>An analyst's status of one alert, with a comment.</summary>
public sealed record AlertReview(long AlertId, ReviewStatus Status, string? Comment, string Reviewer, DateTimeOffset UpdatedAt);

/// <summary>One post behind an alert, with its store id and the verdict given to it, if any.</summary>
public sealed record EvidencePost(long Id, ScoredPost Scored, PostVerdict? Verdict);

/// <summary>A judged post whose text is still kept: one row of training data.</summary>
public sealed record JudgedPost(long PostId, Verdict Verdict, string Text, string Reviewer, DateTimeOffset DecidedAt)
{
    /// <summary>The author's pseudonym (null when the source gave none): training splits keep one person's posts on one side.</summary>
    public string? Author { get; init; }

    public string? Language { get; init; }
}

/// <summary>A post the "help the classifier" queue asks about: its probability, the threshold it was judged at and the distance between.</summary>
public sealed record QueuedPost(long Id, Feeds.Post Post, float Probability, double Threshold, double Margin);
