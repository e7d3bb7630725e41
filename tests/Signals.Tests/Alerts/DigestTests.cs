using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Signals.Alerts;
using Signals.Tests.Feeds;

namespace Signals.Tests.Alerts;

/// <summary>The daily digest on a generated replay (<see cref="SurgeReplay"/>): values as of its day, once a day, not sent empty.</summary>
public sealed class DigestTests
{
    private SurgeReplay _replay = null!;
    private readonly CancellationToken _none = CancellationToken.None;
    private static readonly DateOnly Early = SurgeReplay.Onset.AddDays(3);

    [OneTimeSetUp]
    public async Task Replay()
    {
        _replay = await SurgeReplay.CreateAsync();
        await _replay.RunAsync(null, SurgeReplay.End);
    }

    [OneTimeTearDown]
    public void TearDown() => _replay.Dispose();

    private EmailOptions Pickup(string name, bool sendEmpty = false) => new()
    {
        PickupDirectory = Path.Combine(_replay.Directory, name), SendEmptyDigest = sendEmpty,
    };

    private DigestSender Sender(EmailOptions email, IMailTransport? transport = null) =>
        new(_replay.Store, transport ?? new PickupDirectoryMailTransport(Options.Create(email)), _replay.Reporter, Options.Create(email),
            SurgeReplay.Lexicon, TimeProvider.System, NullLogger<DigestSender>.Instance);

    private static async Task<MimeMessage> Single(EmailOptions email) => await MimeMessage.LoadAsync(Directory.GetFiles(email.PickupDirectory).Single());

    [Test]
    public async Task The_digest_gives_each_open_episode_as_it_stood_on_the_digest_s_day_and_is_sent_once()
    {
        var email = Pickup("early");
        var sender = Sender(email);
        Assert.That(await sender.SendAsync(Early, _none), Is.EqualTo(DigestOutcome.Sent));
        Assert.That(await sender.SendAsync(Early, _none), Is.EqualTo(DigestOutcome.AlreadySent), "once a day");

        var text = (await Single(email)).TextBody;
        var words = SurgeReplay.Composer(new EmailOptions()).Words;
        var then = _replay.StoredOn[Early].Single(a => a.Event is null);
        var now = (await _replay.Store.ListAlertsAsync(_none)).Single(a => a.Event is null);
        Assert.That(now.LastDay, Is.GreaterThan(Early), "the episode went on after the digest's day");
        // As detection had it at the end of that day, not as it stands now.
        Assert.That(text, Does.Contain($"- levothyroxine: First alarm {words.Date(then.FirstDay)}, Last alarm {words.Date(then.LastDay)}; "));
        Assert.That(text, Does.Contain($": {then.Observed} people ({words.Approx(then.Expected)})"));
        Assert.That(text, Does.Not.Contain($"Last alarm {words.Date(now.LastDay)}"));
        Assert.That(text, Does.Contain("As of " + words.Date(Early)));
    }

    [Test]
    public async Task An_empty_digest_is_not_sent_unless_configured()
    {
        var quiet = SurgeReplay.Onset.AddDays(-5);
        var email = Pickup("quiet");
        Assert.That(await Sender(email).SendAsync(quiet, _none), Is.EqualTo(DigestOutcome.NothingOpen));
        Assert.That(Directory.Exists(email.PickupDirectory) ? Directory.GetFiles(email.PickupDirectory) : [], Is.Empty);

        var always = Pickup("always", sendEmpty: true);
        Assert.That(await Sender(always).SendAsync(quiet, _none), Is.EqualTo(DigestOutcome.Sent), "the empty claim was released");
        Assert.That((await Single(always)).TextBody, Does.Contain("No open signal."));
    }

    [Test]
    public async Task An_ended_episode_is_not_in_the_digest()
    {
        var email = Pickup("late");
        Assert.That(await Sender(email).SendAsync(SurgeReplay.End, _none), Is.EqualTo(DigestOutcome.NothingOpen));
    }

    [Test]
    public async Task A_failed_digest_is_sent_when_the_server_is_back()
    {
        var port = LoopbackHttpServer.FreePort();
        var email = new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = port, Retries = 0, Timeout = TimeSpan.FromSeconds(5) };
        var sender = Sender(email, new SmtpMailTransport(Options.Create(email)));
        var day = Early.AddDays(1);
        await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(day, _none));

        using var sink = await SmtpSink.StartAsync(port, Path.Combine(_replay.Directory, "maildir"));
        Assert.That(await sender.SendAsync(day, _none), Is.EqualTo(DigestOutcome.Sent), "the failed claim was released");
        Assert.That(sink.Messages(), Has.Count.EqualTo(1));
    }
}
