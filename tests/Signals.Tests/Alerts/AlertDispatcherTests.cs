using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Signals.Alerts;
using Signals.Classification;
using Signals.Storage;
using Signals.Tests.Storage;
using Signals.Tests.Feeds;
using static Signals.Tests.Storage.Posts;

namespace Signals.Tests.Alerts;

/// <summary>The outbox against a real SMTP server on loopback and a real (SQLite) store.</summary>
public sealed class AlertDispatcherTests
{
    private string _dir = null!;
    private SqliteSignalStore _store = null!;
    private readonly CancellationToken _none = CancellationToken.None;
    // The day the dispatcher judges "now" by: the alert's own day, so its episode is still open (no closing e-mail).
    private static readonly DateOnly AlertDay = new(2017, 7, 16);

    [SetUp]
    public async Task SetUp()
    {
        (_store, _dir) = await TempSqliteStore.CreateAsync();
        await _store.AddPostsAsync(
        [
            Scored("p1", "alice", Day(16, 9), text: "Depuis le nouveau Levothyrox je suis épuisée et je perds mes cheveux", events: ["fatigue", "alopecia"]),
            Scored("p2", "bob", Day(16, 10), text: "New Levothyrox formula <script>alert(1)</script> & terrible cramps", events: ["muscle spasms"]),
            Scored("p3", "carol", Day(15, 10), PostCategory.Other, text: "Levothyrox refill"),
        ], _none);
    }

    [TearDown]
    public void TearDown()
    {
        TempSqliteStore.Delete(_dir);
    }

    private EmailOptions Smtp(int port, TimeSpan? retryFor = null) => new()
    {
        SmtpHost = "127.0.0.1", SmtpPort = port, From = "signals@example.org", To = ["pv@example.org", "qppv@example.org"],
        RetryFor = retryFor ?? TimeSpan.FromHours(24), Timeout = TimeSpan.FromSeconds(5), Retries = 1, RetryDelay = TimeSpan.FromMilliseconds(10),
    };

    private AlertDispatcher Dispatcher(EmailOptions email, IMailTransport? transport = null, TimeProvider? time = null)
    {
        var options = Options.Create(email);
        return new AlertDispatcher(_store, SurgeReplay.Composer(email), SurgeReplay.ReporterFor(_store), transport ?? new SmtpMailTransport(options), options,
            time ?? TimeProvider.System, NullLogger<AlertDispatcher>.Instance, new LeaseOwner());
    }

    private Task<Alert> AddAlertAsync() => _store.AddAlertAsync(new Alert(0, "levothyroxine|*|2017-07-16", "levothyroxine", null,
        new DateOnly(2017, 7, 16), new DateOnly(2017, 7, 16), 41, 6.2, 13, AlertStatus.Pending, 0, null, Day(16), null), _none);

    [Test]
    public async Task Alert_is_delivered_over_smtp_and_parsed_back()
    {
        var port = LoopbackHttpServer.FreePort();
        using var sink = await SmtpSink.StartAsync(port, Path.Combine(_dir, "maildir"));
        var alert = await AddAlertAsync();

        Assert.That(await Dispatcher(Smtp(port)).DispatchPendingAsync(_none, asOf: AlertDay), Is.EqualTo(1), () => (_store.GetAlertAsync(alert.Id, _none).Result?.LastError) ?? "");

        var message = sink.Messages().Single();
        Assert.That(message.Subject, Is.EqualTo("Signal: levothyroxine (from 16 Jul 2017) — 41 people on 16 Jul 2017, about 6.2 expected"));
        Assert.That(message.To.Mailboxes.Select(m => m.Address), Is.EquivalentTo(new[] { "pv@example.org", "qppv@example.org" }));
        Assert.That(message.MessageId, Is.EqualTo(AlertEmailComposer.MessageIdFor(alert)));
        Assert.That(message.TextBody, Does.Contain(
            "On 16 Jul 2017, 41 people posted about adverse events with levothyroxine; about 6.2 were expected that day. A single day raises an alarm from 13 people."));
        Assert.That(message.TextBody, Does.Contain("Events named (people-days): ").And.Contain("alopecia 1").And.Contain("muscle spasms 1"));
        Assert.That(message.InReplyTo, Is.Null, "the first e-mail of its thread");
        Assert.That(message.TextBody, Does.Contain("je perds mes cheveux").And.Contain("https://example.org/p1"));
        Assert.That(message.TextBody, Does.Not.Contain("Levothyrox refill"), "only adverse-event posts are evidence");
        Assert.That(message.HtmlBody, Does.Contain("href=\"https://example.org/p2\"").And.Contain("épuisée").And.Contain("P(adverse event) 0.90"));
        Assert.That(message.TextBody, Does.Not.Contain("alice"), "authors appear only as pseudonyms");
        var chart = message.BodyParts.OfType<MimePart>().Single(p => p.ContentType.MimeType == "image/png");
        using (var png = new MemoryStream())
        {
            await chart.Content!.DecodeToAsync(png);
            var bytes = png.ToArray();
            Assert.That(bytes.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "a PNG");
            Assert.That((Png.Width(bytes), Png.Height(bytes)), Is.EqualTo((AlertChart.Width, AlertChart.Height)));
        }
        Assert.That(message.HtmlBody, Does.Contain($"cid:{chart.ContentId}"), "the chart is inline, referenced from the HTML");
        Assert.That((await _store.GetAlertAsync(alert.Id, _none))!.Status, Is.EqualTo(AlertStatus.Sent));
    }

    [Test]
    public async Task Once_the_episode_is_over_a_closing_e_mail_follows_in_its_thread_once()
    {
        var port = LoopbackHttpServer.FreePort();
        using var sink = await SmtpSink.StartAsync(port, Path.Combine(_dir, "maildir"));
        var alert = await AddAlertAsync();
        var dispatcher = Dispatcher(Smtp(port));
        Assert.That(await dispatcher.DispatchPendingAsync(_none, asOf: AlertDay.AddDays(14)), Is.EqualTo(1), "14 quiet days: still open");
        await _store.CloseAlertEpisodeAsync(alert.Id, AlertDay.AddDays(15), _none); // as detection stores it on the 15th quiet day
        Assert.That(await dispatcher.DispatchPendingAsync(_none, asOf: AlertDay.AddDays(14)), Is.Zero, "its stored end is not reached yet");
        Assert.That(await dispatcher.DispatchPendingAsync(_none, asOf: AlertDay.AddDays(15)), Is.EqualTo(1), "then it is over");
        Assert.That(await dispatcher.DispatchPendingAsync(_none, asOf: AlertDay.AddDays(16)), Is.Zero, "closed once");

        var closing = sink.Messages().Single(m => m.MessageId != AlertEmailComposer.MessageIdFor(alert));
        Assert.That(closing.InReplyTo, Is.EqualTo(AlertEmailComposer.MessageIdFor(alert)));
        Assert.That(closing.Subject, Is.EqualTo("Signal: levothyroxine (from 16 Jul 2017) — ended: 2 people-days, 16 Jul 2017 to 16 Jul 2017"));
        Assert.That(closing.TextBody, Does.Contain("No alarm since 16 Jul 2017: after 14 quiet days the episode is over."));
    }

    [Test]
    public async Task A_closing_e_mail_that_fails_is_tried_again_by_time_not_every_round()
    {
        var port = LoopbackHttpServer.FreePort();
        var alert = await AddAlertAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var dispatcher = Dispatcher(Smtp(port), time: time);
        using (await SmtpSink.StartAsync(port, Path.Combine(_dir, "first")))
            Assert.That(await dispatcher.DispatchPendingAsync(_none, asOf: AlertDay), Is.EqualTo(1), "the alert itself");
        await _store.CloseAlertEpisodeAsync(alert.Id, AlertDay.AddDays(15), _none);

        Assert.That(await dispatcher.DispatchPendingAsync(_none, asOf: AlertDay.AddDays(15)), Is.Zero, "server down");
        using var sink = await SmtpSink.StartAsync(port, Path.Combine(_dir, "maildir"));
        Assert.That(await dispatcher.DispatchPendingAsync(_none, asOf: AlertDay.AddDays(15)), Is.Zero, "not before its next attempt");
        time.Advance(TimeSpan.FromSeconds(31)); // the first back-off is the dispatch interval
        Assert.That(await dispatcher.DispatchPendingAsync(_none, asOf: AlertDay.AddDays(15)), Is.EqualTo(1), "sent once the wait is over");
        Assert.That(await dispatcher.DispatchPendingAsync(_none, asOf: AlertDay.AddDays(16)), Is.Zero, "and only once");
        Assert.That(sink.Messages().Single().InReplyTo, Is.EqualTo(AlertEmailComposer.MessageIdFor(alert)));
    }

    [Test]
    public async Task An_episode_that_ended_long_before_gets_no_late_closing_e_mail()
    {
        var email = new EmailOptions { PickupDirectory = Path.Combine(_dir, "outbox") };
        var alert = await AddAlertAsync();
        var dispatcher = Dispatcher(email, new PickupDirectoryMailTransport(Options.Create(email)));
        Assert.That(await dispatcher.DispatchPendingAsync(_none, asOf: AlertDay), Is.EqualTo(1));
        await _store.CloseAlertEpisodeAsync(alert.Id, AlertDay.AddDays(15), _none);
        Assert.That(await dispatcher.DispatchPendingAsync(_none, asOf: AlertDay.AddDays(14 + 31)), Is.Zero, "ended 31 days before: not announced late");
        Assert.That(Directory.GetFiles(email.PickupDirectory), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Html_part_encodes_post_text()
    {
        var port = LoopbackHttpServer.FreePort();
        using var sink = await SmtpSink.StartAsync(port, Path.Combine(_dir, "maildir"));
        await AddAlertAsync();
        await Dispatcher(Smtp(port)).DispatchPendingAsync(_none, asOf: AlertDay);

        var html = sink.Messages().Single().HtmlBody;
        Assert.That(html, Does.Not.Contain("<script>"));
        Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; terrible cramps"));
    }

    [Test]
    public async Task Unreachable_smtp_records_the_failure_and_keeps_the_alert_pending()
    {
        var port = LoopbackHttpServer.FreePort(); // nothing listens there
        var alert = await AddAlertAsync();

        Assert.That(await Dispatcher(Smtp(port)).DispatchPendingAsync(_none, asOf: AlertDay), Is.Zero);

        var stored = await _store.GetAlertAsync(alert.Id, _none);
        Assert.That(stored!.Status, Is.EqualTo(AlertStatus.Pending));
        Assert.That(stored.Attempts, Is.EqualTo(1));
        Assert.That(stored.LastError, Does.Contain($"127.0.0.1:{port}"));
    }

    [Test]
    public async Task Alert_is_delivered_once_the_smtp_server_is_back_exactly_once()
    {
        var port = LoopbackHttpServer.FreePort();
        var alert = await AddAlertAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var dispatcher = Dispatcher(Smtp(port), time: time);
        Assert.That(await dispatcher.DispatchPendingAsync(_none), Is.Zero, "server down");
        time.Advance(TimeSpan.FromSeconds(30)); // the first back-off
        Assert.That(await dispatcher.DispatchPendingAsync(_none), Is.Zero, "still down");

        using var sink = await SmtpSink.StartAsync(port, Path.Combine(_dir, "maildir"));
        Assert.That(await dispatcher.DispatchPendingAsync(_none), Is.Zero, "not before its next attempt");
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.That(await dispatcher.DispatchPendingAsync(_none), Is.EqualTo(1));
        Assert.That(await dispatcher.DispatchPendingAsync(_none), Is.Zero);

        Assert.That(sink.Messages(), Has.Count.EqualTo(1));
        var stored = await _store.GetAlertAsync(alert.Id, _none);
        Assert.That((stored!.Status, stored.Attempts), Is.EqualTo((AlertStatus.Sent, 2)));
    }

    [Test]
    public async Task A_server_that_comes_back_within_the_retries_gets_the_alert_in_the_same_delivery()
    {
        var port = LoopbackHttpServer.FreePort();
        var alert = await AddAlertAsync();
        var options = Smtp(port);
        options.Retries = 6;
        options.RetryDelay = TimeSpan.FromMilliseconds(400); // 0.4, 0.8, 1.6, 3.2 s … with jitter
        var starting = Task.Run(async () =>
        {
            await Task.Delay(300);
            return await SmtpSink.StartAsync(port, Path.Combine(_dir, "maildir"));
        });

        var sent = await Dispatcher(options).DispatchPendingAsync(_none, asOf: AlertDay);
        using var sink = await starting;

        Assert.That(sent, Is.EqualTo(1));
        Assert.That(sink.Messages(), Has.Count.EqualTo(1));
        Assert.That((await _store.GetAlertAsync(alert.Id, _none))!.Attempts, Is.Zero, "no failed delivery was recorded: the retry did it");
    }

    [Test]
    public async Task Alert_past_its_retry_period_is_left_for_an_operator()
    {
        var port = LoopbackHttpServer.FreePort();
        var alert = await AddAlertAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var dispatcher = Dispatcher(Smtp(port, retryFor: TimeSpan.FromMinutes(10)), time: time);
        await dispatcher.DispatchPendingAsync(_none);
        time.Advance(TimeSpan.FromMinutes(11)); // past the retry period: this failure is the last
        await dispatcher.DispatchPendingAsync(_none);

        using var sink = await SmtpSink.StartAsync(port, Path.Combine(_dir, "maildir"));
        time.Advance(TimeSpan.FromHours(2));
        Assert.That(await dispatcher.DispatchPendingAsync(_none), Is.Zero);
        Assert.That(sink.Messages(), Is.Empty);
        var stuck = await _store.GetAlertAsync(alert.Id, _none);
        Assert.That((stuck!.Status, stuck.Attempts, stuck.GaveUpAt), Is.EqualTo((AlertStatus.Pending, 2, (DateTimeOffset?)time.GetUtcNow().AddHours(-2))));
    }

    [Test]
    public async Task A_short_smtp_outage_is_retried_by_time_however_many_rounds_run_meanwhile()
    {
        // A replay dispatches once per replayed day, many times a second: 50 rounds while the server is down must not use up the retries.
        var port = LoopbackHttpServer.FreePort();
        var alert = await AddAlertAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var email = Smtp(port);
        var dispatcher = Dispatcher(email, time: time);
        for (var round = 0; round < 50; round++)
        {
            await dispatcher.DispatchPendingAsync(_none);
            time.Advance(TimeSpan.FromSeconds(1));
        }
        var waiting = await _store.GetAlertAsync(alert.Id, _none);
        Assert.That(waiting!.Attempts, Is.InRange(1, 2), "tried again only when its back-off (30 s, then 60 s) had passed");
        Assert.That(waiting.GaveUpAt, Is.Null);

        using var sink = await SmtpSink.StartAsync(port, Path.Combine(_dir, "maildir"));
        time.Advance(email.MaxRetryInterval);
        Assert.That(await dispatcher.DispatchPendingAsync(_none), Is.EqualTo(1), "delivered once the server is back and the wait is over");
        Assert.That(sink.Messages(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Pickup_folder_gets_one_eml_per_alert_even_when_sent_twice()
    {
        var email = new EmailOptions { PickupDirectory = Path.Combine(_dir, "outbox") };
        var transport = new PickupDirectoryMailTransport(Options.Create(email));
        var alert = await AddAlertAsync();
        Assert.That(await Dispatcher(email, transport).DispatchPendingAsync(_none, asOf: AlertDay), Is.EqualTo(1));

        // A crash between sending and marking sent means the same e-mail is sent again.
        var again = SurgeReplay.Composer(email).Compose(await SurgeReplay.ReporterFor(_store).LoadAsync(alert, EpisodeEmailKind.Opened, null, _none));
        await transport.SendAsync(again, _none);

        var files = Directory.GetFiles(email.PickupDirectory);
        Assert.That(files, Has.Length.EqualTo(1));
        Assert.That((await MimeMessage.LoadAsync(files[0])).Subject, Does.StartWith("Signal: levothyroxine"));
    }

    [Test]
    public async Task The_posts_an_email_cites_are_recorded_and_keep_their_text_after_the_retention_period()
    {
        var email = new EmailOptions { PickupDirectory = Path.Combine(_dir, "outbox") };
        await AddAlertAsync();
        Assert.That(await Dispatcher(email, new PickupDirectoryMailTransport(Options.Create(email))).DispatchPendingAsync(_none), Is.EqualTo(1));

        foreach (var day in await _store.GetUnjudgedDaysAsync(DateOnly.MaxValue, _none)) await _store.MarkDayJudgedAsync(day, _none);
        Assert.That(await _store.PurgeOldTextAsync(Day(30), _none), Is.EqualTo(1), "only p3, which the e-mail did not cite");

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir, "s.db")};Pooling=False");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT p.external_id, p.text <> '' FROM posts p LEFT JOIN alert_examples e ON e.post_id = p.id ORDER BY p.external_id";
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<(string, bool)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetBoolean(1)));
        Assert.That(rows, Is.EqualTo(new[] { ("p1", true), ("p2", true), ("p3", false) }));
    }
}
