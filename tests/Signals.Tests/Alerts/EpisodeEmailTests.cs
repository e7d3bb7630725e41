using System.Text.RegularExpressions;
using MimeKit;
using Signals.Alerts;
using Signals.Tests.Feeds;

namespace Signals.Tests.Alerts;

/// <summary>
/// The e-mails of one episode on a generated replay (<see cref="SurgeReplay"/>) through a real SMTP server on loopback:
/// their numbers are the stored and plotted ones, they form one thread, and the episode is closed by an e-mail.
/// </summary>
public sealed class EpisodeEmailTests
{
    private SurgeReplay _replay = null!;
    private SmtpSink _sink = null!;
    private IReadOnlyList<MimeMessage> _messages = null!;
    private IReadOnlyList<MimeMessage> _all = null!;
    private Alert _alert = null!;
    private readonly EmailWords _words = SurgeReplay.Composer(new EmailOptions()).Words;

    [OneTimeSetUp]
    public async Task ReplayTheSurge()
    {
        _replay = await SurgeReplay.CreateAsync();
        var port = LoopbackHttpServer.FreePort();
        _sink = await SmtpSink.StartAsync(port, Path.Combine(_replay.Directory, "maildir"));
        var email = new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = port, Timeout = TimeSpan.FromSeconds(10), Retries = 1 };
        await _replay.RunAsync(_replay.Dispatcher(email, new SmtpMailTransport(Microsoft.Extensions.Options.Options.Create(email))), SurgeReplay.End);
        _alert = (await _replay.Store.ListAlertsAsync(CancellationToken.None)).Single(a => a.Event is null);
        _all = _sink.Messages();
        // The product's thread (an event that alarmed a day before the product has its own).
        _messages = _all.Where(m => m.Headers["X-Signals-Alert"] == _alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(m => m.Date).ThenBy(m => m.MessageId!.Contains("-closed") ? 2 : m.MessageId!.Contains("-update-") ? 1 : 0).ToList();
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _sink.Dispose();
        _replay.Dispose();
    }

    private MimeMessage First => _messages.Single(m => m.MessageId == AlertEmailComposer.MessageIdFor(_alert));
    private MimeMessage Closing => _messages.Single(m => m.MessageId!.EndsWith("-closed@signals"));

    private static readonly Regex Headline = new(@"On (\d+ \w+ \d{4}), (\d+) people posted about adverse events with levothyroxine; (about [\d.]+|fewer than 0\.1) were expected that day\. A single day raises an alarm from (\d+) people\.");
    private static readonly Regex PeakFact = new(@"Peak day: (\d+ \w+ \d{4}): (\d+) people \((about [\d.]+|fewer than 0\.1) expected; a single day alarms from (\d+) people\)");

    [Test]
    public void The_replay_sends_an_opening_e_mail_updates_and_a_closing_e_mail_for_one_episode()
    {
        Assert.That(_alert.FirstDay, Is.InRange(SurgeReplay.Onset, SurgeReplay.Onset.AddDays(2)), "the surge is caught");
        Assert.That(_messages.Select(m => m.MessageId), Is.Unique);
        Assert.That(_messages.Count(m => m.MessageId!.Contains("-update-")), Is.InRange(1, 3), string.Join("\n", _messages.Select(m => m.Subject)));
        Assert.That(_messages.Count(m => m.MessageId!.EndsWith("-closed@signals")), Is.EqualTo(1));
        Assert.That(_all.Select(m => m.MessageId), Is.Unique);
        Assert.That(_all.Where(m => m.InReplyTo is null).Select(m => m.Headers["X-Signals-Alert"]), Is.Unique, "one first e-mail per alert thread");
    }

    [Test]
    public async Task The_first_e_mail_quotes_the_alert_day_as_stored_and_plotted()
    {
        var match = Headline.Match(First.TextBody!);
        Assert.That(match.Success, First.TextBody!);
        var opened = _replay.AtOpening[_alert.Id];
        var plotted = (await _replay.Reporter.LoadAsync(opened, EpisodeEmailKind.Opened, null, CancellationToken.None)).Days.Single(d => d.Day == opened.FirstDay);

        Assert.That(match.Groups[1].Value, Is.EqualTo(_words.Date(opened.FirstDay)));
        // Stored by detection the day it alarmed = said in the e-mail = drawn in the chart.
        Assert.That((int.Parse(match.Groups[2].Value), match.Groups[3].Value, match.Groups[4].Value),
            Is.EqualTo((opened.Observed, _words.Approx(opened.Expected), _words.Count(opened.Threshold))));
        Assert.That((plotted.Observed, plotted.Expected, plotted.Threshold), Is.EqualTo((opened.Observed, opened.Expected, opened.Threshold)));
        Assert.That(plotted.Alarm, Is.True, "the alert day is drawn as an alarm day");
        Assert.That(First.Subject, Does.Contain($"{opened.Observed} people on {_words.Date(opened.FirstDay)}, {_words.Approx(opened.Expected)} expected"));
    }

    [Test]
    public async Task The_closing_e_mail_quotes_the_stored_peak_and_totals_that_add_up_to_the_plotted_days()
    {
        var text = Closing.TextBody!;
        var match = PeakFact.Match(text);
        Assert.That(match.Success, text);
        var report = await _replay.Reporter.LoadAsync(_alert, EpisodeEmailKind.Closing, _replay.Reporter.EndDay(_alert), CancellationToken.None);
        var plotted = report.Days.Single(d => d.Day == report.Peak.Day);

        Assert.That((int.Parse(match.Groups[2].Value), match.Groups[3].Value, match.Groups[4].Value),
            Is.EqualTo((_alert.Observed, _words.Approx(_alert.Expected), _words.Count(_alert.Threshold))), "the stored peak");
        Assert.That((plotted.Observed, plotted.Expected, plotted.Threshold, plotted.Alarm), Is.EqualTo((_alert.Observed, _alert.Expected, _alert.Threshold, true)), "the plotted peak");
        Assert.That(match.Groups[1].Value, Is.EqualTo(_words.Date(plotted.Day)));
        Assert.That(report.LastAlarmDay, Is.EqualTo(_alert.LastDay));

        var total = report.Days.Where(d => d.Day >= _alert.FirstDay && d.Day <= _alert.LastDay).Sum(d => d.Observed);
        var counts = await _replay.Store.GetDailyCountsAsync("levothyroxine", null, _alert.FirstDay, _alert.LastDay, CancellationToken.None);
        Assert.That(total, Is.EqualTo(counts.Sum(c => c.Count)), "plotted bars are the stored daily counts");
        Assert.That(text, Does.Contain($"Total: {total} people-days from {_words.Date(_alert.FirstDay)} to {_words.Date(_alert.LastDay)}"));
        Assert.That(text, Does.Contain($"Episode: {_words.Date(_alert.FirstDay)} to {_words.Date(_alert.LastDay)}").And.Contain($"ended {_words.Date(_replay.Reporter.EndDay(_alert))}"));
    }

    [Test]
    public void Updates_and_the_closing_e_mail_reply_to_the_first_with_the_same_subject_stem()
    {
        var first = First;
        var stem = first.Subject![..first.Subject!.IndexOf(" — ", StringComparison.Ordinal)];
        Assert.That(stem, Is.EqualTo($"Signal: levothyroxine (from {_words.Date(_alert.FirstDay)})"));
        Assert.That(first.InReplyTo, Is.Null);
        foreach (var reply in _messages.Where(m => m != first))
        {
            Assert.That(reply.InReplyTo, Is.EqualTo(first.MessageId), reply.Subject);
            Assert.That(reply.References, Does.Contain(first.MessageId), reply.Subject);
            Assert.That(reply.Subject!, Does.StartWith(stem + " — ").And.Not.StartWith("Re:"));
        }
    }

    [Test]
    public void An_update_states_its_window_peak_total_and_what_changed_since_the_last_e_mail()
    {
        var update = _messages.Where(m => m.MessageId!.Contains("-update-")).MinBy(m => int.Parse(Regex.Match(m.MessageId!, @"-update-(\d+)@").Groups[1].Value))!;
        Assert.That(update.TextBody!, Does.Contain("Update: this signal has risen since the last e-mail"));
        Assert.That(update.TextBody!, Does.Match(@"Episode: since \d+ \w+ 2017, last alarm \d+ \w+ 2017"));
        Assert.That(update.TextBody!, Does.Match(@"Peak day: \d+ \w+ 2017: \d+ people"));
        Assert.That(update.TextBody!, Does.Match(@"Total: \d+ people-days from"));
        var firstPeople = int.Parse(Headline.Match(First.TextBody!).Groups[2].Value);
        Assert.That(update.TextBody!, Does.Match($@"Since the last e-mail: it reported a peak of {firstPeople} people on \d+ \w+ 2017; the peak is now \d+ on"));
    }

    [Test]
    public void Events_are_listed_once_each_with_their_people_days()
    {
        var line = Closing.TextBody!.Split('\n').Single(l => l.StartsWith("Events named (people-days): ", StringComparison.Ordinal));
        var names = line["Events named (people-days): ".Length..].Split("; ").Select(e => Regex.Match(e, @"^(.*?) (\d+)").Groups[1].Value).ToList();
        Assert.That(names, Is.Unique.And.Contains("alopecia").And.Contains("fatigue").And.Contains("muscle spasms"), line);
        Assert.That(line, Does.Contain("own alarm from"), "an event that alarmed on its own says from when");
    }

    [Test]
    public void The_score_is_said_as_odds_not_as_a_bare_number()
    {
        Assert.That(First.TextBody!, Does.Match(@"(Chance of a day this high if nothing had changed: |the chance of a total this high if nothing had changed is )(about 1 in [\d,]+|less than 1 in a million)\."));
        Assert.That(First.TextBody! + First.HtmlBody, Does.Not.Contain("log10").And.Not.Contain("Threshold"));
    }

    [Test]
    public async Task The_french_e_mail_names_events_in_french()
    {
        var composer = SurgeReplay.Composer(new EmailOptions { Language = "fr" });
        var report = await _replay.Reporter.LoadAsync(_alert, EpisodeEmailKind.Closing, _replay.Reporter.EndDay(_alert), CancellationToken.None);
        var message = composer.Compose(report);

        Assert.That(message.TextBody!, Does.Contain("chute de cheveux (alopécie)").And.Contain("crampes musculaires"));
        Assert.That(message.HtmlBody, Does.Contain("chute de cheveux (alopécie)"));
        Assert.That(message.TextBody!, Does.Not.Contain("alopecia").And.Not.Contain("muscle spasms"), "no English event name in the French e-mail");
        Assert.That(message.TextBody!, Does.Contain($"personnes-jours du {composer.Words.Date(_alert.FirstDay)}").And.Contain("Fin du signal"));
        Assert.That(composer.Words.Date(new DateOnly(2017, 7, 16)), Is.EqualTo("16 juil. 2017"));
        Assert.That(message.Subject, Does.StartWith("Signal\u202f: levothyroxine (depuis le "));
    }
}
