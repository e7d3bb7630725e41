using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Signals.Alerts;
using Signals.Detection;
using Signals.Storage;
using Signals.Tests.Storage;
using Signals.Tests.Feeds;

namespace Signals.Tests.Alerts;

public sealed class DigestTests
{
    private string _dir = null!;
    private SqliteSignalStore _store = null!;
    private readonly CancellationToken _none = CancellationToken.None;
    private static readonly DateOnly Day = new(2017, 7, 20);

    [SetUp]
    public async Task SetUp()
    {
        (_store, _dir) = await TempSqliteStore.CreateAsync();
        await Add("levothyroxine", null, new DateOnly(2017, 7, 16), new DateOnly(2017, 7, 19));
        await Add("levothyroxine", "alopecia", new DateOnly(2017, 7, 17), new DateOnly(2017, 7, 18));
        await Add("metformin", null, new DateOnly(2017, 6, 1), new DateOnly(2017, 6, 2)); // closed long ago
    }

    [TearDown]
    public void TearDown()
    {
        TempSqliteStore.Delete(_dir);
    }

    private Task<Alert> Add(string product, string? ev, DateOnly first, DateOnly last) => _store.AddAlertAsync(new Alert(0, $"{product}|{ev}|{first}", product, ev,
        first, last, 9, 1.5, 4, ev is null ? AlertStatus.Pending : AlertStatus.Covered, 0, null, DateTimeOffset.UtcNow, null), _none);

    private DigestSender Sender(EmailOptions email, IMailTransport transport, DetectionOptions? detection = null) =>
        new(_store, transport, Options.Create(email), Options.Create(detection ?? new DetectionOptions()), TimeProvider.System, NullLogger<DigestSender>.Instance);

    [Test]
    public async Task The_digest_lists_open_episodes_and_is_sent_once_a_day()
    {
        var email = new EmailOptions { PickupDirectory = Path.Combine(_dir, "outbox") };
        var sender = Sender(email, new PickupDirectoryMailTransport(Options.Create(email)));

        Assert.That(await sender.SendAsync(Day, _none), Is.True);
        Assert.That(await sender.SendAsync(Day, _none), Is.False, "once a day");

        var message = await MimeMessage.LoadAsync(Directory.GetFiles(email.PickupDirectory).Single());
        Assert.That(message.Subject, Is.EqualTo("Open signals — 2017-07-20 — 2"));
        Assert.That(message.TextBody, Does.Contain("levothyroxine: 2017-07-16 → 2017-07-19").And.Contain("levothyroxine / alopecia"));
        Assert.That(message.TextBody, Does.Not.Contain("metformin"), "closed episodes are not listed");
    }

    [Test]
    public async Task A_product_s_own_quiet_days_keep_its_episode_open_in_the_digest()
    {
        var email = new EmailOptions { PickupDirectory = Path.Combine(_dir, "outbox") };
        var detection = new DetectionOptions { Products = { ["metformin"] = new ProductDetectionOptions { EpisodeQuietDays = 60 } } };
        Assert.That(await Sender(email, new PickupDirectoryMailTransport(Options.Create(email)), detection).SendAsync(Day, _none), Is.True);

        var message = await MimeMessage.LoadAsync(Directory.GetFiles(email.PickupDirectory).Single());
        Assert.That(message.TextBody, Does.Contain("metformin: 2017-06-01 → 2017-06-02"), "48 quiet days, within metformin's 60");
    }

    [Test]
    public async Task A_failed_digest_is_sent_when_the_server_is_back()
    {
        var port = LoopbackHttpServer.FreePort();
        var email = new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = port, Retries = 0, Timeout = TimeSpan.FromSeconds(5) };
        var sender = Sender(email, new SmtpMailTransport(Options.Create(email)));
        await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Day, _none));

        using var sink = await SmtpSink.StartAsync(port, Path.Combine(_dir, "maildir"));
        Assert.That(await sender.SendAsync(Day, _none), Is.True, "the failed claim was released");
        Assert.That(sink.Messages(), Has.Count.EqualTo(1));
    }
}
