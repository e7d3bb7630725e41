using Microsoft.Extensions.Options;
using Signals.Alerts;
using Signals.Classification;
using Signals.Feeds;
using Signals.Storage;

namespace Signals.Tests.Alerts;

/// <summary>The e-mail's language, recipients and templates (config/templates), on a hand-made report.</summary>
public sealed class AlertEmailComposerTests
{
    private static readonly Alert Alert = new(7, "levothyroxine|*|2017-07-16", "levothyroxine", null, new DateOnly(2017, 7, 16), new DateOnly(2017, 7, 18),
        41, 6.2, 13, AlertStatus.Pending, 0, null, DateTimeOffset.UtcNow, null) { Score = 3.3 };

    private static readonly ChartDay Peak = new(new DateOnly(2017, 7, 16), 41, 6.2, 13, true, 3.3, 1);

    private static readonly EpisodeReport Report = new(Alert, EpisodeEmailKind.Opened, Alert.LastDay,
        [Peak, new ChartDay(new DateOnly(2017, 7, 17), 12, 6.0, 13), new ChartDay(new DateOnly(2017, 7, 18), 20, 6.1, 13, true, 4, 3)],
        Alert.LastDay, Peak, Peak, null, [new EpisodeEvent("alopecia", 12, new DateOnly(2017, 7, 17)), new EpisodeEvent("fatigue", 9, null)],
        [new ScoredPost(new Post("mastodon.social", "1", "https://mastodon.social/@x/1", "p:abc", new DateTimeOffset(2017, 7, 16, 9, 0, 0, TimeSpan.Zero), "fr",
            "Depuis le nouveau Levothyrox je perds mes cheveux & <b>je suis épuisée</b>"), ["levothyroxine"], ["alopecia", "fatigue"], 0.8f, PostCategory.AdverseEvent, "m@1")],
        "m@1");

    private static AlertEmailComposer Composer(EmailOptions options) => SurgeReplay.Composer(options);

    [Test]
    public void French_email_has_french_words_french_event_names_and_the_post_as_written()
    {
        var message = Composer(new EmailOptions { Language = "fr" }).Compose(Report);
        Assert.That(message.Subject, Is.EqualTo("Signal\u202f: levothyroxine (depuis le 16 juil. 2017) — 41 personnes le 16 juil. 2017, attendu\u202f: environ 6,2"));
        Assert.That(message.TextBody, Does.Contain(
            "Le 16 juil. 2017, 41 personnes ont signalé des effets indésirables sous levothyroxine\u202f; on en attendait environ 6,2 ce jour-là. Une alarme est déclenchée dès 13 personnes en un seul jour."));
        Assert.That(message.TextBody, Does.Contain("Probabilité d'un tel nombre si rien n'avait changé\u202f: environ une chance sur 2\u202f000."));
        Assert.That(message.TextBody, Does.Contain("chute de cheveux (alopécie) 12 (alarme spécifique depuis le 17 juil. 2017)\u202f; fatigue 9"));
        Assert.That(message.TextBody, Does.Contain("Depuis le nouveau Levothyrox je perds mes cheveux & <b>je suis épuisée</b>"), "plain text is not escaped");
        Assert.That(message.HtmlBody, Does.Contain("lang=\"fr\"").And.Contain("je perds mes cheveux &amp; &lt;b&gt;je suis épuisée&lt;/b&gt;"));
        Assert.That(message.TextBody + message.HtmlBody, Does.Not.Contain("alopecia"));
    }

    [Test]
    public void English_is_the_default_and_every_number_says_what_it_counts()
    {
        var message = Composer(new EmailOptions()).Compose(Report);
        Assert.That(message.Subject, Is.EqualTo("Signal: levothyroxine (from 16 Jul 2017) — 41 people on 16 Jul 2017, about 6.2 expected"));
        Assert.That(message.TextBody, Does.Contain("Chance of a day this high if nothing had changed: about 1 in 2,000."));
        Assert.That(message.TextBody, Does.Contain("Peak day: 16 Jul 2017: 41 people (about 6.2 expected; a single day alarms from 13 people)"));
        Assert.That(message.TextBody, Does.Contain("Total: 73 people-days from 16 Jul 2017 to 18 Jul 2017 (each person counted once a day); about 18 expected"));
        Assert.That(message.HtmlBody, Does.Contain("lang=\"en\"").And.Contain("P(adverse event) 0.80"));
    }

    [Test]
    public void An_alarm_from_a_run_of_days_says_which_days_and_their_total()
    {
        var lastDay = Report.Days[^1];
        var report = Report with { Opening = lastDay, Alert = Alert with { FirstDay = lastDay.Day } };
        var message = Composer(new EmailOptions()).Compose(report);
        Assert.That(message.TextBody, Does.Contain(
            "Counting the 3 days to 18 Jul 2017 together (73 people-days), the chance of a total this high if nothing had changed is about 1 in 10,000."));
    }

    [Test]
    public void Odds_keep_two_significant_digits_and_stop_at_a_million()
    {
        var words = Composer(new EmailOptions()).Words;
        Assert.That(new[] { 1.0, 2.0, 3.3, 4.57, 5.99, 6.0, 40 }.Select(words.Odds), Is.EqualTo(new[]
            { "about 1 in 10", "about 1 in 100", "about 1 in 2,000", "about 1 in 37,000", "about 1 in 980,000", "less than 1 in a million", "less than 1 in a million" }));
    }

    [Test]
    public void Product_recipients_are_added_to_the_analysts()
    {
        var options = new EmailOptions { To = ["pv@example.org"], ProductRecipients = new() { ["levothyroxine"] = ["thyroid-safety@example.org", "PV@example.org"] } };
        var to = Composer(options).Compose(Report).To.Mailboxes.Select(m => m.Address);
        Assert.That(to, Is.EqualTo(new[] { "pv@example.org", "thyroid-safety@example.org" }));
    }

    [Test]
    public void A_broken_template_is_named_at_start()
    {
        var dir = TestPaths.TempDirectory();
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "config", "templates"))) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(dir, "alert.html.liquid"), "{% for p in examples %} never closed");
        var ex = Assert.Throws<InvalidDataException>(() => new AlertEmailComposer(Options.Create(new EmailOptions { TemplatesDirectory = dir })));
        Assert.That(ex!.Message, Does.Contain(Path.Combine(dir, "alert.html.liquid")));
    }
}
