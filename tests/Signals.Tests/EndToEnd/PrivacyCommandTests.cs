using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using MimeKit;
using Signals.Alerts;

namespace Signals.Tests.EndToEnd;

/// <summary>The executable's privacy behaviour: hostile links in a replay never become links in e-mails; <c>forget</c> erases an author.</summary>
public sealed class PrivacyCommandTests
{
    private string _dir = null!;

    [SetUp] public void SetUp() => _dir = TestPaths.TempDirectory();
    [TearDown] public void TearDown() { SqliteConnection.ClearAllPools(); Directory.Delete(_dir, recursive: true); }

    private static readonly string[] Links =
    [
        "javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DaTa:text/html,<script>alert(1)</script>", "HtTpS://Example.ORG/demo/mixed-case", "https://example.org/" + new string('a', 20_000),
        "vbscript:msgbox(1)",
    ];

    private static object? Scalar(WorkerProcess worker, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={worker.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Test]
    public async Task A_replay_with_hostile_links_produces_emails_whose_every_href_is_http_and_at_most_2000_characters()
    {
        // The demo, with the links of every post naming Levothyrox (the alert's examples) replaced by hostile ones in turn.
        var replay = Path.Combine(_dir, "hostile.jsonl");
        var n = 0;
        await File.WriteAllLinesAsync(replay, File.ReadLines(DemoReplay.Demo).Select(line =>
        {
            var post = JsonNode.Parse(line)!.AsObject();
            if (post["text"]!.GetValue<string>().Contains("levo", StringComparison.OrdinalIgnoreCase)) post["url"] = Links[n++ % Links.Length];
            return post.ToJsonString();
        }));
        Assert.That(n, Is.GreaterThan(Links.Length * 10));
        var worker = new WorkerProcess(_dir);

        var (exit, stdout, stderr) = await worker.RunAsync("replay", replay);

        Assert.That(exit, Is.EqualTo(0), stdout + stderr);
        var emails = Directory.GetFiles(worker.OutboxPath, "*.eml").Select(f => MimeMessage.Load(f)).ToList();
        Assert.That(emails, Is.Not.Empty);
        var hrefs = emails.SelectMany(m => Alerts.SafeLinkTests.HrefsOf(m.HtmlBody ?? "")).ToList();
        Assert.That(hrefs, Is.Not.Empty, "the mixed-case https links are links");
        Assert.That(hrefs.Where(h => !Regex.IsMatch(h, "^https?://") || h.Length > SafeLink.MaxLength), Is.Empty);
        Assert.That(hrefs, Has.Some.EqualTo("https://example.org/demo/mixed-case"), "scheme and host lower-cased");
        foreach (var email in emails)
            Assert.That(email.HtmlBody + email.TextBody, Does.Not.Contain("javascript:").IgnoreCase.And.Not.Contain("data:text").IgnoreCase.And.Not.Contain(new string('a', 2000)));
        Assert.That(Convert.ToInt64(Scalar(worker, "SELECT COUNT(*) FROM posts WHERE url IS NOT NULL AND (lower(url) NOT LIKE 'http%' OR length(url) > 2000)")), Is.Zero,
            "the store keeps no such link either");
    }

    [Test]
    public async Task Forget_removes_an_authors_texts_and_links_keeps_the_others_and_logs_without_the_handle()
    {
        var replay = Path.Combine(_dir, "posts.jsonl");
        await File.WriteAllLinesAsync(replay,
        [
            """{"id":"f1","author":"marie.dupont","url":"https://example.org/f1","createdAt":"2017-07-01T10:00:00Z","lang":"fr","text":"Depuis le Levothyrox je suis épuisée"}""",
            """{"id":"f2","author":"Marie.Dupont","url":"https://example.org/f2","createdAt":"2017-07-02T10:00:00Z","lang":"fr","text":"Levothyrox: crampes et fatigue"}""",
            """{"id":"f3","author":"bob","url":"https://example.org/f3","createdAt":"2017-07-02T11:00:00Z","lang":"fr","text":"Levothyrox: je perds mes cheveux"}""",
        ]);
        var worker = new WorkerProcess(_dir);
        Assert.That((await worker.RunAsync("replay", replay)).ExitCode, Is.EqualTo(0));
        Assert.That(Convert.ToInt64(Scalar(worker, "SELECT COUNT(*) FROM posts")), Is.EqualTo(3));

        var (exit, stdout, stderr) = await worker.RunAsync("forget", "--author", "marie.dupont");

        Assert.That(exit, Is.EqualTo(0), stdout + stderr);
        Assert.That(stdout, Does.Contain("2 posts"));
        Assert.That(stderr, Does.Contain("Forget:"), "logged");
        Assert.That(stdout + stderr, Does.Not.Contain("marie").IgnoreCase, "without the handle");
        Assert.That(Convert.ToInt64(Scalar(worker, "SELECT COUNT(*) FROM posts WHERE text = '' AND url IS NULL")), Is.EqualTo(2));
        Assert.That(Scalar(worker, "SELECT text FROM posts WHERE external_id = 'f3'"), Is.EqualTo("Levothyrox: je perds mes cheveux"));
        Assert.That(Convert.ToInt64(Scalar(worker, "SELECT COUNT(*) FROM posts")), Is.EqualTo(3), "rows (and counts) stay");
        Assert.That((await worker.RunAsync("forget")).ExitCode, Is.EqualTo(64));
    }

    [Test]
    public async Task Forget_of_a_handle_that_matches_nothing_says_so_changes_nothing_and_exits_1()
    {
        var replay = Path.Combine(_dir, "posts.jsonl");
        await File.WriteAllLinesAsync(replay,
            ["""{"id":"f1","author":"marie.dupont","url":"https://example.org/f1","createdAt":"2017-07-01T10:00:00Z","lang":"fr","text":"Depuis le Levothyrox je suis épuisée"}"""]);
        var worker = new WorkerProcess(_dir);
        Assert.That((await worker.RunAsync("replay", replay)).ExitCode, Is.EqualTo(0));

        var (exit, stdout, stderr) = await worker.RunAsync("forget", "--author", "marie.dupond", "--author", "marie.dupont");

        Assert.That(exit, Is.EqualTo(1), stdout + stderr);
        Assert.That(stdout, Does.Contain("author name 1 of 2 matched no stored post; nothing was changed for it"));
        Assert.That(stdout, Does.Contain("texts and links of 1 posts deleted (1 author name)"));
        Assert.That(stderr, Does.Contain("Forget: no stored post matched the author name given"));
        Assert.That(stdout + stderr, Does.Not.Contain("marie").IgnoreCase, "without the handles");
        Assert.That(Convert.ToInt64(Scalar(worker, "SELECT COUNT(*) FROM posts WHERE text = ''")), Is.EqualTo(1));
    }
}
