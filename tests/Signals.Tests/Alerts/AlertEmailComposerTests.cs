using Microsoft.Extensions.Options;
using Signals.Alerts;
using Signals.Classification;
using Signals.Feeds;
using Signals.Storage;

namespace Signals.Tests.Alerts;

/// <summary>The e-mail's language, recipients and templates (config/templates).</summary>
public sealed class AlertEmailComposerTests
{
    private static readonly Alert Alert = new(7, "levothyroxine|*|2017-07-16", "levothyroxine", null, new DateOnly(2017, 7, 16), new DateOnly(2017, 7, 18),
        41, 6.2, 12.5, AlertStatus.Pending, 0, null, DateTimeOffset.UtcNow, null);

    private static readonly AlertEvidence Evidence = new([], [], [new ScoredPost(
            new Post("mastodon.social", "1", "https://mastodon.social/@x/1", "p:abc", new DateTimeOffset(2017, 7, 16, 9, 0, 0, TimeSpan.Zero), "fr",
                "Depuis le nouveau Levothyrox je perds mes cheveux & <b>je suis épuisée</b>"),
            ["levothyroxine"], ["alopecia", "fatigue"], 0.8f, PostCategory.AdverseEvent, "m@1")],
        [("alopecia", 12), ("fatigue", 9)], [], "m@1");

    private static AlertEmailComposer Composer(EmailOptions options) => new(Options.Create(options));

    [Test]
    public void French_email_has_french_words_and_the_post_as_written()
    {
        var message = Composer(new EmailOptions { Language = "fr" }).Compose(Alert, Evidence);
        Assert.That(message.Subject, Is.EqualTo("Signal: levothyroxine — alopecia, fatigue — 41 auteurs pour 6.2 attendus (2017-07-16 → 2017-07-18)"));
        Assert.That(message.TextBody, Does.Contain("Période : 2017-07-16 → 2017-07-18").Or.Contain("Période: 2017-07-16 → 2017-07-18"));
        Assert.That(message.TextBody, Does.Contain("Depuis le nouveau Levothyrox je perds mes cheveux & <b>je suis épuisée</b>"), "plain text is not escaped");
        Assert.That(message.HtmlBody, Does.Contain("Auteurs observés").And.Contain("je perds mes cheveux &amp; &lt;b&gt;je suis épuisée&lt;/b&gt;"));
    }

    [Test]
    public void English_is_the_default()
    {
        var message = Composer(new EmailOptions()).Compose(Alert, Evidence);
        Assert.That(message.Subject, Does.Contain("41 authors vs 6.2 expected"));
        Assert.That(message.HtmlBody, Does.Contain("Observed authors").And.Contain("lang=\"en\""));
    }

    [Test]
    public void Product_recipients_are_added_to_the_analysts()
    {
        var options = new EmailOptions { To = ["pv@example.org"], ProductRecipients = new() { ["levothyroxine"] = ["thyroid-safety@example.org", "PV@example.org"] } };
        var to = Composer(options).Compose(Alert, Evidence).To.Mailboxes.Select(m => m.Address);
        Assert.That(to, Is.EqualTo(new[] { "pv@example.org", "thyroid-safety@example.org" }));
    }

    [Test]
    public void A_broken_template_is_named_at_start()
    {
        var dir = TestPaths.TempDirectory();
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "config", "templates"))) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(dir, "alert.html.liquid"), "{% for p in examples %} never closed");
        var ex = Assert.Throws<InvalidDataException>(() => Composer(new EmailOptions { TemplatesDirectory = dir }));
        Assert.That(ex!.Message, Does.Contain(Path.Combine(dir, "alert.html.liquid")));
    }
}
