using Signals.Alerts;
using Signals.Detection;
using Signals.Review;

namespace Signals.Storage;

/// <summary>
/// The one storage seam: PostgreSQL in production, SQLite embedded. Both engines pass the
/// same contract tests. Every write is idempotent so a crash and rerun never doubles data.
/// </summary>
public interface ISignalStore
{
    /// <summary>Applies the numbered migrations not yet applied. Safe to call at every start.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>
    /// Stores the posts in one transaction; a post already stored (same source and external id) is skipped. Returns how many
    /// were new. Posts the database refuses are left out and the rest stored: then <see cref="PostsRefusedException"/> names them.
    /// </summary>
    Task<int> AddPostsAsync(IReadOnlyList<ScoredPost> posts, CancellationToken ct);

    Task<long> CountPostsAsync(CancellationToken ct);

    /// <summary>
    /// Deletes the text and link of posts created before <paramref name="cutoff"/>, except the evidence: posts an alert's e-mail
    /// cited (<see cref="RecordAlertExamplesAsync"/>) and posts in the window of an alert not e-mailed yet. Rows, pseudonyms,
    /// products and events stay, so counts, baselines and alerts do not change. Returns how many posts were emptied.
    /// </summary>
    Task<int> PurgeOldTextAsync(DateTimeOffset cutoff, CancellationToken ct);

    /// <summary>The days whose counts changed after they were last judged, up to <paramref name="through"/>, oldest first.</summary>
    Task<IReadOnlyList<UnjudgedDay>> GetUnjudgedDaysAsync(DateOnly through, CancellationToken ct);

    /// <summary>Takes a judged day off the queue, unless posts arrived for it since it was read (a newer version).</summary>
    Task MarkDayJudgedAsync(UnjudgedDay day, CancellationToken ct);

    /// <summary>
    /// Distinct authors per day with an adverse-event post about the product — naming <paramref name="event"/> too
    /// when it is given — for days in [from, to]; days without posts are absent.
    /// </summary>
    Task<IReadOnlyList<DailyCount>> GetDailyCountsAsync(string product, string? @event, DateOnly from, DateOnly to, CancellationToken ct);

    /// <summary>
    /// Distinct authors per day of any post naming the product (every category: adverse events, complaints, the rest) for days in
    /// [from, to]; days without posts are absent. The product's mention volume, against which the adverse-event share is judged.
    /// </summary>
    Task<IReadOnlyList<DailyCount>> GetDailyMentionCountsAsync(string product, DateOnly from, DateOnly to, CancellationToken ct);

    /// <summary>The events named in adverse-event posts about the product in [from, to] by at least <paramref name="minimumAuthors"/> distinct authors.</summary>
    /// <summary>The products with adverse-event authors from <paramref name="from"/> to <paramref name="to"/>, or with an episode not yet closed.</summary>
    Task<IReadOnlySet<string>> GetProductsToJudgeAsync(DateOnly from, DateOnly to, CancellationToken ct);

    Task<IReadOnlyList<string>> GetActiveEventsAsync(string product, DateOnly from, DateOnly to, int minimumAuthors, CancellationToken ct);

    /// <summary>
    /// Deletes the text and link of every post by <paramref name="author"/> (a handle as the source names it; the store computes its
    /// pseudonym) and replaces their pseudonym by a random one shared by those posts, so counts do not change. Returns how many posts.
    /// </summary>
    Task<int> ForgetAuthorAsync(string author, CancellationToken ct);

    /// <summary>Remembers the posts an alert's e-mail cites (as <see cref="GetExamplePostsAsync"/> returned them), so retention keeps their text. Idempotent.</summary>
    Task RecordAlertExamplesAsync(long alertId, IReadOnlyList<ScoredPost> examples, CancellationToken ct);

    /// <summary>Top adverse-event posts about the product in [from, to] for the alert's evidence, newest first; posts whose text retention emptied are not examples.</summary>
    Task<IReadOnlyList<ScoredPost>> GetExamplePostsAsync(string product, DateOnly from, DateOnly to, int limit, CancellationToken ct);

    Task<FeedState?> GetFeedStateAsync(string feedName, CancellationToken ct);
    Task SaveFeedStateAsync(FeedState state, CancellationToken ct);
    Task<IReadOnlyList<FeedState>> ListFeedStatesAsync(CancellationToken ct);

    /// <summary>
    /// Leases the feeds among <paramref name="names"/> that are due (next check passed or never read) and not leased by a live
    /// lease of another owner, to <paramref name="owner"/> until <paramref name="leaseUntil"/>. Concurrent callers (replicas) never get
    /// the same feed; a lease that ran out (its holder crashed), or one the same owner failed to give back, can be claimed again.
    /// Returns the names claimed.
    /// </summary>
    Task<IReadOnlyList<string>> ClaimDueFeedsAsync(IReadOnlyCollection<string> names, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);
    /// <summary>Ends <paramref name="owner"/>'s lease of the feed (no effect if another holds it now).</summary>
    Task ReleaseFeedAsync(string name, string owner, CancellationToken ct);

    /// <summary>The owners named on feed leases and alert claims.</summary>
    Task<IReadOnlyList<string>> ListLeaseOwnersAsync(CancellationToken ct);
    /// <summary>Ends every feed lease and alert claim of <paramref name="owners"/> (workers known to be dead). Returns how many.</summary>
    Task<int> ReleaseLeasesAsync(IReadOnlyCollection<string> owners, CancellationToken ct);

    /// <summary>
    /// Waits for the named lock, exclusive among every process using this store (PostgreSQL: an advisory lock held by a
    /// session, so a crashed holder's lock goes with its connection), and holds it until the result is disposed.
    /// </summary>
    Task<IAsyncDisposable> LockAsync(string name, CancellationToken ct);

    /// <summary>Inserts the alert (with its status: pending, or covered by a product alert) unless one with the same key exists. Returns the stored alert (new or existing).</summary>
    Task<Alert> AddAlertAsync(Alert alert, CancellationToken ct);

    /// <summary>
    /// The latest alert of the product (and event, null for product-level) that started on or before <paramref name="day"/>,
    /// to extend an open episode. "On or before" keeps a rerun of past days from seeing episodes that began later.
    /// </summary>
    Task<Alert?> GetLatestAlertAsync(string product, string? @event, DateOnly day, CancellationToken ct);

    /// <summary>Extends an episode: new last day, observed, expected, threshold, score. Does not change delivery state.</summary>
    Task UpdateAlertEpisodeAsync(long id, DateOnly lastDay, int observed, double expected, double threshold, double score, CancellationToken ct);

    /// <summary>Stores the day an episode was judged over (no effect if it is stored already); extending the episode clears it.</summary>
    Task CloseAlertEpisodeAsync(long id, DateOnly closedOn, CancellationToken ct);

    /// <summary>The alerts of the product and of its events whose episodes overlap [from, to], oldest first.</summary>
    Task<IReadOnlyList<Alert>> GetProductAlertsAsync(string product, DateOnly from, DateOnly to, CancellationToken ct);

    Task<IReadOnlyList<Alert>> ListAlertsAsync(CancellationToken ct);
    Task<Alert?> GetAlertAsync(long id, CancellationToken ct);

    /// <summary>Pending alerts due for delivery (attempts below the limit), oldest first.</summary>
    Task<IReadOnlyList<Alert>> GetPendingAlertsAsync(int maxAttempts, int limit, CancellationToken ct);
    /// <summary>
    /// Claims up to <paramref name="limit"/> pending alerts due for an attempt (not given up, next attempt not in the future, not
    /// claimed by another owner's live lease) for <paramref name="owner"/> until <paramref name="leaseUntil"/>, oldest first.
    /// Concurrent callers never get the same alert.
    /// </summary>
    Task<IReadOnlyList<Alert>> ClaimPendingAlertsAsync(int limit, DateTimeOffset now, DateTimeOffset leaseUntil, string owner, CancellationToken ct);
    /// <summary>Marks the alert sent, remembering the observed count the e-mail reported.</summary>
    Task MarkAlertSentAsync(long id, DateTimeOffset sentAt, int observed, CancellationToken ct);
    /// <summary>Puts a sent alert back in the outbox because its episode grew materially (an update e-mail); attempts start over.</summary>
    Task RenotifyAlertAsync(long id, CancellationToken ct);
    /// <summary>
    /// Records a failed delivery and ends the claim: the next attempt not before <paramref name="retryAt"/>, or, when it is null, none
    /// (given up, left pending for an operator). The first failure since the last success is kept as <see cref="Alert.FailingSince"/>.
    /// </summary>
    Task RecordAlertFailureAsync(long id, string error, DateTimeOffset failedAt, DateTimeOffset? retryAt, CancellationToken ct);
    /// <summary>Claims the digest of <paramref name="day"/>: true for the one caller that gets it, false when it is claimed or sent already.</summary>
    Task<bool> ClaimDigestAsync(DateOnly day, CancellationToken ct);
    /// <summary>Marks the day's digest sent, or releases the claim (<paramref name="sent"/> false) so it is tried again.</summary>
    Task CompleteDigestAsync(DateOnly day, DateTimeOffset? sent, CancellationToken ct);

    /// <summary>
    /// Claims the closing e-mail of an ended episode for <paramref name="owner"/> until <paramref name="leaseUntil"/>: null when it
    /// is sent, given up, not due again yet, or held by another owner whose lease has not run out.
    /// </summary>
    Task<ClosingClaim?> ClaimClosingAsync(long alertId, DateTimeOffset now, DateTimeOffset leaseUntil, string owner, CancellationToken ct);
    /// <summary>Marks the episode's closing e-mail sent (and releases the claim).</summary>
    Task CompleteClosingAsync(long alertId, DateTimeOffset sent, CancellationToken ct);
    /// <summary>Records a failed closing e-mail and releases the claim: tried again from <paramref name="retryAt"/>, or given up when null.</summary>
    Task RecordClosingFailureAsync(long alertId, string error, DateTimeOffset failedAt, DateTimeOffset? retryAt, CancellationToken ct);
    /// <summary>The alerts whose closing e-mail is sent or given up.</summary>
    Task<IReadOnlySet<long>> GetClosedAlertIdsAsync(CancellationToken ct);

    /// <summary>Puts a sent alert back to pending, for an analyst's deliberate resend.</summary>
    Task ResetAlertAsync(long id, CancellationToken ct);

    /// <summary>How many posts stand behind the alert: adverse-event posts about the product (naming the event, for an event alert) in [from, to].</summary>
    Task<int> CountEvidencePostsAsync(string product, string? @event, DateOnly from, DateOnly to, CancellationToken ct);
    /// <summary>One page of those posts, newest first, each with its verdict if it has one.</summary>
    Task<IReadOnlyList<EvidencePost>> GetEvidencePostsAsync(string product, string? @event, DateOnly from, DateOnly to, int offset, int limit, CancellationToken ct);
    /// <summary>Records (or replaces) the verdict on a post. False when no post has that id.</summary>
    Task<bool> SaveVerdictAsync(PostVerdict verdict, CancellationToken ct);
    /// <summary>The verdict on a post, if any (e.g. for a retention rule that keeps judged posts).</summary>
    Task<PostVerdict?> GetVerdictAsync(long postId, CancellationToken ct);
    /// <summary>Every judged post whose text is still kept, oldest verdict first: the training data analysts made.</summary>
    Task<IReadOnlyList<JudgedPost>> ListJudgedPostsAsync(CancellationToken ct);
    /// <summary>The "help the classifier" queue: its posts not judged yet whose text is kept, in <paramref name="languages"/> (all when empty), least sure first.</summary>
    Task<IReadOnlyList<QueuedPost>> ListQueueAsync(IReadOnlyCollection<string> languages, CancellationToken ct);
    /// <summary>Up to <paramref name="limit"/> posts not queued, not judged, with their text and decision threshold, closest to that threshold first.</summary>
    Task<IReadOnlyList<QueuedPost>> ListQueueCandidatesAsync(IReadOnlyCollection<string> languages, int limit, CancellationToken ct);
    /// <summary>Adds the posts to the queue (a post already queued stays as it is); retention keeps their text while they wait.</summary>
    Task EnqueueAsync(IReadOnlyList<QueuedPost> posts, CancellationToken ct);
    /// <summary>Records (or replaces) an alert's review status and comment. False when no alert has that id.</summary>
    Task<bool> SaveAlertReviewAsync(AlertReview review, CancellationToken ct);
    Task<AlertReview?> GetAlertReviewAsync(long alertId, CancellationToken ct);
    Task<IReadOnlyList<AlertReview>> ListAlertReviewsAsync(CancellationToken ct);
}
