using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Signals.Detection;
using Signals.Storage;

namespace Signals.Alerts;

/// <summary>
/// The daily digest: one e-mail listing the alert episodes open on a day (alarmed within the
/// episode's quiet period), for analysts who read signals once a day. The day's row in the store
/// is claimed before sending, so several replicas send it once; a failed send releases the claim.
/// </summary>
public sealed class DigestSender(
    ISignalStore store, IMailTransport transport, IOptions<EmailOptions> options, IOptions<DetectionOptions> detection,
    TimeProvider time, ILogger<DigestSender> logger)
{
    private readonly EmailTemplates _templates = new(options.Value, "digest");

    /// <summary>Sends the digest of <paramref name="day"/> unless it was sent (or is being sent) already. True when this call sent it.</summary>
    public async Task<bool> SendAsync(DateOnly day, CancellationToken ct)
    {
        if (!await store.ClaimDigestAsync(day, ct)) return false;
        try
        {
            // Each product's episodes close after its own quiet days (Signals:Detection:Products:{id}:EpisodeQuietDays).
            var open = (await store.ListAlertsAsync(ct))
                .Where(a => a.FirstDay <= day && a.LastDay >= day.AddDays(-detection.Value.For(a.Product).EpisodeQuietDays))
                .OrderBy(a => a.Product, StringComparer.Ordinal).ThenBy(a => a.Event is not null).ThenBy(a => a.Event, StringComparer.Ordinal).ToList();
            var model = new Dictionary<string, object?>
            {
                ["day"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["alerts"] = open.Select(a => new Dictionary<string, object?>
                {
                    ["product"] = a.Product, ["event"] = a.Event, ["first_day"] = $"{a.FirstDay:yyyy-MM-dd}", ["last_day"] = $"{a.LastDay:yyyy-MM-dd}",
                    ["observed"] = a.Observed, ["expected"] = AlertEmailComposer.Number(a.Expected), ["status"] = a.Status.ToString().ToLowerInvariant(),
                }).ToList(),
            };
            var (subject, body) = _templates.Render(model);
            var message = new MimeMessage { Subject = subject, Body = body.ToMessageBody(), MessageId = $"digest-{day:yyyyMMdd}@signals" };
            message.From.Add(MailboxAddress.Parse(options.Value.From));
            foreach (var to in options.Value.To) message.To.Add(MailboxAddress.Parse(to));
            await transport.SendAsync(message, ct);
            await store.CompleteDigestAsync(day, time.GetUtcNow(), CancellationToken.None);
            logger.DigestSent(day, open.Count, transport.Destination);
            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            await store.CompleteDigestAsync(day, null, CancellationToken.None);
            logger.DigestFailed(day, ex.Message);
            throw;
        }
    }
}

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
