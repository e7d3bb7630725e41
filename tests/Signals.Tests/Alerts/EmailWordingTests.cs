using System.Text.RegularExpressions;
using MimeKit;
using Signals.Alerts;

namespace Signals.Tests.Alerts;

/// <summary>
/// The demo's e-mails and digest as a pharmacovigilance analyst reads them (issue 23, items 10, 11, 13, 14, 15): every
/// event named or counted, one meaning per phrase, the terms explained, a resend called a resend, a digest that says
/// what it counts, French written as French, and docs/alerts.md quoting what the code sends.
/// </summary>
[NonParallelizable]
public sealed partial class EmailWordingTests
{
    private DemoAlerts _demo = null!;
    private const char Nnbsp = '\u202f';

    [OneTimeSetUp]
    public async Task Replay() => _demo = await DemoAlerts.GetAsync();

    private static string Text(MimeMessage m) => m.TextBody ?? "";

    /// <summary>The text part's events line, split into what it names.</summary>
    private static List<string> EventsLine(string text, string label)
    {
        var line = text.Split('\n').Single(l => l.StartsWith(label, StringComparison.Ordinal));
        return line[(line.IndexOf(':') + 1)..].Split(';').Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
    }

    [Test]
    public async Task Item10_every_event_of_the_episode_is_named_in_the_email_and_the_digest_of_that_day_in_the_same_order()
    {
        var update = _demo.LastUpdate;
        Assert.That(update.Subject, Does.Contain("update: 50 people on 31 Jul 2017"));
        var report = await _demo.ReportAsync(1, EpisodeEmailKind.Update, new DateOnly(2017, 7, 31));
        Assert.That(report.Events, Has.Count.EqualTo(11), "the demo's episode names 11 events by 31 Jul");
        var named = EventsLine(Text(update), "Events named (people-days)");
        Assert.That(named.Select(n => n.Split(' ')[0]), Is.SupersetOf(new[] { "nausea", "alopecia", "dizziness" }), "the three the old e-mail dropped");
        Assert.That(named, Has.Count.EqualTo(report.Events.Count), string.Join("\n", named));

        var digest = await _demo.DigestAsync(new DateOnly(2017, 7, 31), "en");
        var digestEvents = EventsLine(Text(digest).Replace("  Events named", "Events named"), "Events named (people-days)");
        Assert.That(digestEvents, Is.EqualTo(named), "the digest of the same day names the same events, in the same order, with the same numbers");
    }

    [Test]
    public void Item10_beyond_twelve_events_the_first_are_named_and_the_rest_counted_with_a_link()
    {
        var events = Enumerable.Range(1, 15).Select(i => new EpisodeEvent($"event{i:00}", 100 - i, null)).Reverse().ToList();
        var selection = EpisodeEvents.Select(events);
        Assert.That(selection.Shown.Select(e => e.Term), Is.EqualTo(Enumerable.Range(1, 12).Select(i => $"event{i:00}")), "most people-days first");
        Assert.That(selection.More, Is.EqualTo(3));
        Assert.That(selection.Total, Is.EqualTo(15));
    }

    [Test]
    public async Task Item10_an_email_with_more_events_than_it_names_says_how_many_more_and_links_to_the_page()
    {
        var report = await _demo.ReportAsync(1, EpisodeEmailKind.Update, new DateOnly(2017, 7, 31));
        var many = report with { Events = report.Events.Concat(Enumerable.Range(1, 4).Select(i => new EpisodeEvent($"rare{i}", 1, null))).ToList() };
        var message = _demo.Composer("en").Compose(many);
        var named = EventsLine(Text(message), "Events named (people-days)");
        Assert.That(named, Has.Count.EqualTo(EpisodeEvents.Listed + 1));
        Assert.That(named[^1], Is.EqualTo($"and 3 more on the review page: {_demo.ReviewUrl}/alerts/1"));
        Assert.That(message.HtmlBody, Does.Contain($"<a class=\"events-more\" href=\"{_demo.ReviewUrl}/alerts/1\""));
    }

    [Test]
    public async Task Item11_the_bound_is_people_everywhere_and_the_first_email_s_two_sentences_agree()
    {
        var text = Text(_demo.First);
        var report = await _demo.ReportAsync(1, EpisodeEmailKind.Opened, DemoAlerts.Opened);
        var day = report.Opening;
        Assert.That(day.Window, Is.GreaterThan(1), "the demo's first alarm is the 2-day total: the case that read as a contradiction");
        Assert.That(day.Observed, Is.GreaterThanOrEqualTo(day.Threshold));
        Assert.That(text, Does.Contain($"On 16 Jul 2017, 7 people posted about adverse events with levothyroxine; fewer than 0.1 were expected that day. A single day raises an alarm from {day.Threshold:0} people."));
        Assert.That(text, Does.Contain("Counting the 2 days to 16 Jul 2017 together (9 people-days), the chance of a total this high if nothing had changed is less than 1 in a million."));
        Assert.That(text, Does.Not.Contain("the alarm came from"), "the day alone reached the bound: the 2-day total is not where the alarm came from");
        // The other case: a day below the bound that alarmed through its run of days says so.
        var below = report.Opening with { Observed = 2 };
        Assert.That(_demo.Composer("en").Sentences(report).OddsLine(below), Does.StartWith("That day alone stayed below 3 people; the alarm came from the 2 days to 16 Jul 2017 taken together"));
        // The page's sentences are the e-mail's: the bound in people, never a score.
        var page = _demo.Composer("en").Sentences(report);
        Assert.That(page.Headline(report.Peak), Does.Match(@"A single day raises an alarm from \d+ people\.$"));
        foreach (var m in _demo.Emails) Assert.That(Text(m), Does.Not.Contain("about 0.0").And.Not.Contain("about 0.08").And.Not.Contain("score"), m.Subject);
    }

    [Test]
    public async Task Item11_the_examples_are_from_the_days_the_page_shows_and_every_term_is_explained()
    {
        var alert = (await _demo.Store.GetAlertAsync(1, CancellationToken.None))!;
        foreach (var m in _demo.Emails)
        {
            var text = Text(m);
            foreach (Match example in ExampleDay().Matches(text))
                Assert.That(DateOnly.Parse(example.Groups[1].Value), Is.InRange(alert.FirstDay, alert.LastDay), $"{m.Subject}: an example outside the page's evidence days");
            Assert.That(ExampleDay().Matches(text), Is.Not.Empty, m.Subject);
            Assert.That(text, Does.Contain("P(adverse event): the classifier's probability, from 0 to 1"));
            Assert.That(text, Does.Contain("Own alarm: the people naming that event, counted on their own"));
            Assert.That(text, Does.Contain("* marks an alarm day. In brackets: the expected number of people that day."));
            Assert.That(text, Does.Contain("  Day · People · (Expected)"), "the daily lines say what their numbers are");
            Assert.That(System.Net.WebUtility.HtmlDecode(m.HtmlBody), Does.Contain("P(adverse event): the classifier's probability"), "the HTML part explains it too");
        }
    }

    [Test]
    public async Task Item13_a_resend_is_titled_as_a_resend_and_the_digest_says_what_it_counts_with_event_alarms_under_their_product()
    {
        var resent = _demo.Composer("en").Compose(await _demo.ReportAsync(1, EpisodeEmailKind.Update, change: a => a with { NotifiedObserved = 49 }), resent: true);
        Assert.That(resent.Subject, Does.StartWith("Resent: Signal: levothyroxine (from 16 Jul 2017) — update: "));
        Assert.That(Text(resent), Does.StartWith("Sent again on request, with the figures as they stand now — Update"));

        var digest = await _demo.DigestAsync(new DateOnly(2017, 7, 20), "en");
        Assert.That(digest.Subject, Is.EqualTo("Open signals — 20 Jul 2017 — 1 open signal, 11 events with their own alarm"));
        var rows = Text(digest).Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.That(rows, Has.Count.EqualTo(1), "one product episode, its events under it, not 12 separate signals");
        Assert.That(rows[0], Does.StartWith("- levothyroxine: First alarm 16 Jul 2017"));
        Assert.That(EventsLine(Text(digest).Replace("  Events named", "Events named"), "Events named (people-days)"), Has.Count.EqualTo(11));
    }

    [Test]
    public async Task Resend_through_the_worker_sends_a_mail_titled_as_a_resend()
    {
        var dir = TestPaths.TempDirectory();
        try
        {
            File.Copy(_demo.Worker.DatabasePath, Path.Combine(dir, "signals.db"));
            var worker = new EndToEnd.WorkerProcess(dir);
            var (exit, stdout, stderr) = await worker.RunAsync("alerts", "resend", "1");
            Assert.That(exit, Is.EqualTo(0), stdout + stderr);
            var mail = MimeMessage.Load(Directory.GetFiles(worker.OutboxPath, "*.eml").Single());
            Assert.That(mail.Subject, Does.StartWith("Resent: Signal: levothyroxine (from 16 Jul 2017) — "));
            Assert.That(mail.MessageId, Does.StartWith("resent-"));
        }
        finally { Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); Directory.Delete(dir, recursive: true); }
    }

    [Test]
    public async Task Item14_french_reads_as_french_names_articles_typography_and_one_word_for_alarm()
    {
        // Without the example posts: they are shown as their authors wrote them, typography and all; these are the e-mail's own words.
        var composer = _demo.Composer("fr");
        var opened = composer.Compose(await _demo.ReportAsync(1, EpisodeEmailKind.Opened, DemoAlerts.Opened) with { Examples = [] });
        var update = composer.Compose(await _demo.ReportAsync(1, EpisodeEmailKind.Update, new DateOnly(2017, 7, 31), a => a with { NotifiedObserved = 23, Observed = 49 }) with { Examples = [] });
        Assert.That(opened.Subject, Is.EqualTo($"Signal{Nnbsp}: lévothyroxine (depuis le 16 juil. 2017) — 7 personnes le 16 juil. 2017, attendu{Nnbsp}: moins de 0,1"));
        var text = Text(opened);
        Assert.That(text, Does.Contain($"Le 16 juil. 2017, 7 personnes ont signalé des effets indésirables de la lévothyroxine{Nnbsp}; on en attendait moins de 0,1 ce jour-là."));
        Assert.That(text, Does.Contain("moins d'une chance sur un million"));
        Assert.That(Text(update), Does.StartWith($"Mise à jour{Nnbsp}: le signal s'est renforcé depuis le précédent courriel"));
        Assert.That(Text(update), Does.Contain("alarme spécifique depuis le"));
        var all = string.Join("\n", new[] { opened, update }.SelectMany(m => new[] { m.Subject, Text(m), Visible(m.HtmlBody) }));
        foreach (var calque in new[] { "alarme propre", "a grandi", "moins de 1 sur", "levothyroxine", "alerte", "grisé" })
            Assert.That(all, Does.Not.Contain(calque), $"«{calque}»");
        // French typography: a narrow no-break space before every colon, semicolon, ? and ! of the words (URLs and times aside).
        var bare = UrlsAndTimes().Replace(all, "");
        foreach (Match m in TightPunctuation().Matches(bare))
            Assert.Fail($"no narrow no-break space before '{m.Value[^1]}': …{bare[Math.Max(0, m.Index - 40)..Math.Min(bare.Length, m.Index + 20)]}…");
        // The legend's words are the text's: the chart says "alarme" and "signal", as the sentences do.
        Assert.That(Visible(opened.HtmlBody), Does.Contain("jour d'alarme").And.Contain("seuil d'alarme (un jour)").And.Contain("ouverture du signal"));
        // The alt text names the colours the picture has.
        var alt = AltText().Match(opened.HtmlBody!).Groups[1].Value;
        Assert.That(alt, Does.Contain("barres bleues").And.Contain("rouges").And.Contain("tirets orange").And.Contain("fond orange clair"));
    }

    [Test]
    public void Item14_french_product_names_come_with_their_article_and_accents()
    {
        var names = new ProductNames(_demo.Catalog, "fr");
        Assert.That(names.Of("levothyroxine"), Is.EqualTo("de la lévothyroxine"));
        Assert.That(names.Of("finasteride"), Is.EqualTo("du finastéride"));
        Assert.That(names.Of("isotretinoin"), Is.EqualTo("de l'isotrétinoïne"));
        Assert.That(names.Name("interferon beta-1a"), Is.EqualTo("interféron bêta-1a"));
        Assert.That(names.Of("ibuprofen"), Is.EqualTo("sous ibuprofen"), "no French name known: no article guessed");
        Assert.That(new ProductNames(_demo.Catalog, "en").Name("levothyroxine"), Is.EqualTo("levothyroxine"));
    }

    [Test]
    public void Item15_docs_alerts_md_quotes_the_subjects_the_demo_sends()
    {
        var doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "alerts.md"));
        foreach (var m in _demo.Emails) Assert.That(doc, Does.Contain(m.Subject), "docs/alerts.md shows the demo's subjects as the code writes them");
        foreach (Match quoted in DocSubject().Matches(doc))
            Assert.That(_demo.Emails.Select(m => m.Subject), Does.Contain(quoted.Groups[1].Value), "every demo subject the doc quotes is one the code sends");
    }

    /// <summary>The HTML part's text as a reader sees it (tags and attribute values out, entities decoded).</summary>
    private static string Visible(string? html) => System.Net.WebUtility.HtmlDecode(Tags().Replace(Style().Replace(html ?? "", ""), " "));

    [GeneratedRegex(@"^- (\d{4}-\d\d-\d\d) \d\d:\d\d · ", RegexOptions.Multiline)]
    private static partial Regex ExampleDay();

    [GeneratedRegex(@"https?://\S+|\d\d:\d\d")]
    private static partial Regex UrlsAndTimes();

    [GeneratedRegex(@"[^\u202f][:;?!]")]
    private static partial Regex TightPunctuation();

    [GeneratedRegex("alt=\"([^\"]*)\"")]
    private static partial Regex AltText();

    [GeneratedRegex(@"^(Signal: levothyroxine \(from [^`\n]+)$", RegexOptions.Multiline)]
    private static partial Regex DocSubject();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("<style[^<]*</style>|<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Style();
}
