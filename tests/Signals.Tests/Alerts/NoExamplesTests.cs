using System.Text.Json;
using Signals.Alerts;

namespace Signals.Tests.Alerts;

/// <summary>An e-mail whose posts' texts are gone (retention, an author's request) says so instead of an empty "Example posts" (issue 23, item 1).</summary>
public sealed class NoExamplesTests
{
    private static readonly Alert Alert = new(7, "levothyroxine|*|2017-07-16", "levothyroxine", null, new DateOnly(2017, 7, 16), new DateOnly(2017, 7, 16),
        41, 6.2, 13, AlertStatus.Pending, 0, null, DateTimeOffset.UtcNow, null) { Score = 3.3 };

    private static readonly ChartDay Peak = new(new DateOnly(2017, 7, 16), 41, 6.2, 13, true, 3.3, 1);

    [TestCase("en")]
    [TestCase("fr")]
    public void An_email_without_example_posts_says_why_in_both_parts(string language)
    {
        var report = new EpisodeReport(Alert, EpisodeEmailKind.Opened, Alert.LastDay, [Peak], Alert.LastDay, Peak, Peak, null, [], [], null);

        var message = SurgeReplay.Composer(new EmailOptions { Language = language }).Compose(report);

        var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "config", "templates", $"labels.{language}.json")))!;
        // The setting that deleted the texts is named (in French without its section path: its colons would break French typography).
        Assert.That(labels["no_examples"], Does.Contain("TextRetention"));
        Assert.That(message.TextBody, Does.Contain(labels["no_examples"]));
        Assert.That(System.Net.WebUtility.HtmlDecode(message.HtmlBody), Does.Contain(labels["no_examples"]));
    }
}
