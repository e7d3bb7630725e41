using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Signals.Matching;
using Signals.Storage;

namespace Signals.Alerts;

/// <summary>
/// The daily digest: one e-mail listing the signals open on a day (alarmed within the episode's quiet period), for analysts
/// who read signals once a day. Every value is as of that day — the episode as the detector had judged it up to then
/// (<see cref="EpisodeReporter.FiguresAsync"/>), not as it stands today. An event that alarmed on its own during its
/// product's open episode is part of that signal, so it is listed under the product (the same events, in the same order,
/// as the e-mails name them: <see cref="EpisodeEvents.Select"/>), not as a signal of its own. The day's row in the store
/// is claimed before sending, so several replicas send it once; a failed send releases the claim. With nothing open it
/// is not sent unless <see cref="EmailOptions.SendEmptyDigest"/> is on.
/// </summary>
public sealed class DigestSender(
    ISignalStore store, IMailTransport transport, EpisodeReporter reporter, IOptions<EmailOptions> options, EventLexicon? lexicon,
    TimeProvider time, ILogger<DigestSender> logger, IOptions<Review.ReviewOptions>? review = null, ProductCatalog? catalog = null)
{
    private readonly EmailTemplates _templates = new(options.Value, "digest");

    /// <summary>Sends the digest of <paramref name="day"/> unless it was sent (or is being sent) already, or nothing is open.</summary>
    public async Task<DigestOutcome> SendAsync(DateOnly day, CancellationToken ct)
    {
        if (!await store.ClaimDigestAsync(day, ct)) return DigestOutcome.AlreadySent;
        try
        {
            var words = new EmailWords(_templates.Labels);
            var (rows, ownAlarms) = await RowsAsync(day, words, ct);
            if (rows.Count == 0 && !options.Value.SendEmptyDigest)
            {
                await store.CompleteDigestAsync(day, null, CancellationToken.None); // checked again later that day: an alert may still open
                logger.DigestEmpty(day);
                return DigestOutcome.NothingOpen;
            }
            var count = rows.Count == 1 ? words["digest_count_1"] : words.Format("digest_count", ("n", rows.Count));
            if (ownAlarms > 0) count += ownAlarms == 1 ? words["digest_events_1"] : words.Format("digest_events_n", ("n", ownAlarms));
            var (subject, body) = _templates.Render(new Dictionary<string, object?>
            {
                ["day"] = words.Date(day), ["as_of"] = words.Format("digest_as_of", ("day", words.Date(day))), ["alerts"] = rows, ["count"] = count,
            });
            var message = new MimeMessage { Subject = subject, Body = body.ToMessageBody(), MessageId = $"digest-{day:yyyyMMdd}@signals" };
            message.From.Add(MailboxAddress.Parse(options.Value.From));
            foreach (var to in options.Value.To) message.To.Add(MailboxAddress.Parse(to));
            await transport.SendAsync(message, ct);
            await store.CompleteDigestAsync(day, time.GetUtcNow(), CancellationToken.None);
            logger.DigestSent(day, rows.Count, transport.Destination);
            return DigestOutcome.Sent;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            await store.CompleteDigestAsync(day, null, CancellationToken.None);
            logger.DigestFailed(day, ex.Message);
            throw;
        }
    }

    /// <summary>One row per open signal: a product episode with its events, or an event alert whose product had no episode open.</summary>
    private async Task<(List<Dictionary<string, object?>> Rows, int OwnAlarms)> RowsAsync(DateOnly day, EmailWords words, CancellationToken ct)
    {
        var products = new ProductNames(catalog, _templates.Language);
        string Name(string term) => lexicon?.Label(term, _templates.Language) ?? term;
        var open = new List<(Alert Alert, EpisodeReport Figures)>();
        foreach (var alert in (await store.ListAlertsAsync(ct)).Where(a => a.FirstDay <= day && a.LastDay >= day.AddDays(-reporter.QuietDays(a.Product))))
        {
            var figures = await reporter.FiguresAsync(alert, day, ct);
            if (reporter.HasEnded(alert with { LastDay = figures.LastAlarmDay }, day)) continue; // over on that day, though it alarmed again later
            open.Add((alert, figures));
        }
        var episodes = open.Where(o => o.Alert.Event is null).ToDictionary(o => o.Alert.Product, StringComparer.Ordinal);
        var rows = new List<Dictionary<string, object?>>();
        var ownAlarms = 0;
        foreach (var (alert, figures) in open.OrderBy(o => o.Alert.Product, StringComparer.Ordinal).ThenBy(o => o.Alert.Event, StringComparer.Ordinal))
        {
            var covered = alert.Event is not null && episodes.ContainsKey(alert.Product);
            if (covered) { ownAlarms++; continue; } // named under its product's row
            var row = new Dictionary<string, object?>
            {
                ["product"] = products.Name(alert.Product), ["event"] = alert.Event is null ? null : Name(alert.Event),
                ["first_day"] = words.Date(alert.FirstDay), ["last_day"] = words.Date(figures.LastAlarmDay),
                ["peak_day"] = words.Date(figures.Peak.Day), ["peak"] = figures.Peak.Observed, ["expected"] = words.Approx(figures.Peak.Expected),
                ["total"] = words.Whole(figures.Total), ["events"] = null, ["events_more"] = null, ["review_url"] = review?.Value.AlertUrl(alert.Id),
            };
            if (alert.Event is null)
            {
                var events = EpisodeEvents.Select(await reporter.EventsAsync(alert, figures.LastAlarmDay, ct));
                row["events"] = events.Shown.Count == 0 ? null : string.Join(words["list_separator"], events.Shown.Select(e => EpisodeEvents.Text(e, words, Name)));
                row["events_more"] = events.More == 0 ? null : words.Format(row["review_url"] is null ? "events_more" : "events_more_link", ("n", events.More));
            }
            rows.Add(row);
        }
        return (rows, ownAlarms);
    }
}

/// <summary>What <see cref="DigestSender.SendAsync"/> did.</summary>
public enum DigestOutcome { Sent, AlreadySent, NothingOpen }

/// <summary>Sends the day's digest once the configured hour (UTC) has passed, when the digest is enabled.</summary>
public sealed class DigestService(DigestSender sender, IOptions<EmailOptions> options, TimeProvider time, ILogger<DigestService> logger) : PeriodicService(time)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        if (options.Value.DailyDigest && now.Hour >= options.Value.DigestHour) await sender.SendAsync(DateOnly.FromDateTime(now.UtcDateTime), ct);
    }

    protected override void OnRoundFailed(Exception exception) => logger.DispatchFailed(exception);
}
