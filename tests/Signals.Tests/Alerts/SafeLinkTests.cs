using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Signals.Alerts;
using Signals.Classification;
using Signals.Feeds;
using Signals.Storage;

namespace Signals.Tests.Alerts;

/// <summary>Only http(s) links, length-capped and showing their host, reach an e-mail; anything else is text.</summary>
public sealed partial class SafeLinkTests
{
    /// <summary>What posts put in their links, from the harmless to the hostile.</summary>
    public static readonly string[] Hostile =
    [
        "javascript:alert(document.cookie)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative/path",
        "https://bank.example@evil.example/login",
        "https://example.org/" + new string('a', 20_000),
        "not a url at all",
    ];

    [TestCaseSource(nameof(Hostile))]
    public void A_link_that_is_not_a_short_absolute_http_url_is_no_link(string url)
    {
        var link = SafeLink.Of(url);
        Assert.That(link.Href, Is.Null);
        Assert.That(link.Text.Length, Is.LessThanOrEqualTo(SafeLink.MaxTextLength + 1));
    }

    [TestCase("https://bsky.app/profile/did:plc:abc/post/3k", "bsky.app")]
    [TestCase("HTTPS://Mastodon.Social/statuses/110446183735368325", "mastodon.social")]
    [TestCase("HtTp://www.reddit.com/comments/abc/", "www.reddit.com")]
    public void An_http_link_stays_a_link_with_a_lower_case_scheme_and_shows_its_host(string url, string host)
    {
        var link = SafeLink.Of(url);
        Assert.That(link.Href, Does.StartWith("http://").Or.StartWith("https://"));
        Assert.That(link.Text, Is.EqualTo(host));
    }

    [Test]
    public void A_link_of_exactly_the_limit_passes_and_one_more_character_does_not()
    {
        var prefix = "https://example.org/";
        Assert.That(SafeLink.HrefOf(prefix + new string('a', SafeLink.MaxLength - prefix.Length)), Has.Length.EqualTo(SafeLink.MaxLength));
        Assert.That(SafeLink.HrefOf(prefix + new string('a', SafeLink.MaxLength - prefix.Length + 1)), Is.Null);
    }

    [Test]
    public void An_email_whose_examples_carry_hostile_links_has_only_short_http_hrefs()
    {
        var alert = new Alert(7, "levothyroxine|*|2017-07-16", "levothyroxine", null, new DateOnly(2017, 7, 16), new DateOnly(2017, 7, 18),
            41, 6.2, 12.5, AlertStatus.Pending, 0, null, DateTimeOffset.UtcNow, null);
        var examples = Hostile.Append("https://bsky.app/profile/did:plc:abc/post/3k").Select((url, i) => new ScoredPost(
            new Post("test", $"{i}", url, "p:abc", new DateTimeOffset(2017, 7, 16, 9, 0, 0, TimeSpan.Zero), "fr", "Levothyrox: je perds mes cheveux"),
            ["levothyroxine"], ["alopecia"], 0.8f, PostCategory.AdverseEvent, "m@1")).ToList();
        var day = new ChartDay(alert.FirstDay, 41, 6.2, 12.5, Alarm: true, Score: 5);
        var report = new EpisodeReport(alert, EpisodeEmailKind.Opened, alert.LastDay, [day], alert.FirstDay, day, day, null,
            [new EpisodeEvent("alopecia", 12, null)], examples, "m@1");

        var message = new AlertEmailComposer(Options.Create(new EmailOptions())).Compose(report);

        var hrefs = HrefsOf(message.HtmlBody!);
        Assert.That(hrefs, Is.EqualTo(new[] { "https://bsky.app/profile/did:plc:abc/post/3k" }), "the one http link, and no other");
        Assert.That(message.HtmlBody, Does.Not.Contain("<a href=\"javascript").IgnoreCase.And.Not.Contain(new string('a', 3000)));
        Assert.That(message.TextBody, Does.Not.Contain(new string('a', 3000)), "an overlong link is shortened in the text part too");
    }

    /// <summary>Every href value in an HTML document, decoded of the five entities the templates write.</summary>
    public static IReadOnlyList<string> HrefsOf(string html) =>
        Href().Matches(html).Select(m => m.Groups[2].Value.Replace("&quot;", "\"").Replace("&#39;", "'").Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&")).ToList();

    [GeneratedRegex("""href\s*=\s*(["']?)([^"'\s>]*)\1""", RegexOptions.IgnoreCase)]
    private static partial Regex Href();
}
