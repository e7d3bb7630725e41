using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Signals.Learning;
using Signals.Tests.EndToEnd;
using Signals.Tests.Feeds;

namespace Signals.Tests.Review;

/// <summary>
/// The "help the classifier" queue in Debian's Chromium: posts are replayed (varied texts and a burst of copies of one), a post
/// is judged before the queue is first opened, then an analyst opens /queue, judges from it, and a post is judged elsewhere.
/// </summary>
[NonParallelizable]
public sealed class QueueBrowserTests
{
    private const int QueueSize = 6;
    private string _dir = null!;
    private WorkerProcess _worker = null!;
    private Process _review = null!;
    private int _port;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task ReplayPostsAndServeTheReviewPage()
    {
        if (!File.Exists("/usr/bin/chromium")) Assert.Fail("This test needs Debian's chromium (/usr/bin/chromium); scripts/test.sh installs it.");
        _dir = TestPaths.TempDirectory();
        _port = LoopbackHttpServer.FreePort();
        _worker = new WorkerProcess(_dir);
        _worker.Environment["Signals__Storage__TextRetention"] = "0";
        _worker.Environment["Signals__Review__QueueSize"] = QueueSize.ToString(CultureInfo.InvariantCulture);
        var (exit, stdout, stderr) = await _worker.RunAsync("replay", await WritePostsAsync(_dir));
        Assert.That(exit, Is.EqualTo(0), stdout + stderr);
        _review = _worker.Start("review", "--port", _port.ToString(CultureInfo.InvariantCulture));
        await WorkerProcess.WaitForReviewAsync(_review, _port);
        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_review is { HasExited: false }) _review.Kill(entireProcessTree: true);
        _review?.Dispose();
        if (_dir is not null && Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Forty posts of different words about Levothyrox, and eight copies of one post by eight people.</summary>
    private static async Task<string> WritePostsAsync(string dir)
    {
        string[] words = ["since", "my", "i", "headache", "tired", "doctor", "pharmacy", "dose", "new", "formula", "cramps", "box", "price", "weeks",
            "sleep", "hair", "falling", "question", "morning", "taking", "stopped", "better", "worse", "mg", "thyroid", "blood", "test", "feel", "dizzy", "not"];
        var random = new Random(26);
        var texts = Enumerable.Range(0, 40).Select(_ => "Levothyrox " + string.Join(' ', Enumerable.Range(0, 12).Select(_ => words[random.Next(words.Length)]))).ToList();
        texts.AddRange(Enumerable.Repeat("Levothyrox new formula and I feel dizzy every morning since", 8));
        var path = Path.Combine(dir, "posts.jsonl");
        await File.WriteAllLinesAsync(path, texts.Select((text, n) => JsonSerializer.Serialize(new
        {
            id = $"q-{n}", source = "generated", url = $"https://forum.example.net/t/{n}", author = $"user{n}",
            createdAt = new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc).AddMinutes(n * 7).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            lang = "en", text,
        })));
        return path;
    }

    /// <summary>Every stored post's id, text and distance from its threshold, read from the database the worker wrote.</summary>
    private List<(long Id, string Text, double Margin)> StoredPosts()
    {
        using var connection = new SqliteConnection($"Data Source={_worker.DatabasePath};Mode=ReadOnly");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT id, text, abs(ae_probability - decision_threshold) FROM posts ORDER BY id";
        using var reader = cmd.ExecuteReader();
        var posts = new List<(long, string, double)>();
        while (reader.Read()) posts.Add((reader.GetInt64(0), reader.GetString(1), reader.GetDouble(2)));
        return posts;
    }

    private static async Task<long[]> QueuedIdsAsync(IPage page) =>
        (await page.Locator("article.post").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.postId)")).Select(long.Parse).ToArray();

    [Test]
    public async Task The_queue_lists_the_least_sure_posts_once_and_a_post_judged_anywhere_leaves_it()
    {
        var stored = StoredPosts();
        Assert.That(stored, Has.Count.EqualTo(48), "every post stored, each with its decision threshold");
        var page = await _browser.NewPageAsync();
        var api = page.APIRequest;
        var root = $"http://127.0.0.1:{_port}";

        // Judged before the queue was ever shown: the least sure post of all never appears.
        var leastSure = stored.MinBy(p => p.Margin);
        var token = (await (await api.GetAsync($"{root}/api/antiforgery")).JsonAsync())!.Value.GetProperty("token").GetString()!;
        var put = await api.PutAsync($"{root}/api/posts/{leastSure.Id}/verdict", new()
        {
            DataObject = new Dictionary<string, string> { ["verdict"] = "not_adverse_event" }, Headers = new Dictionary<string, string> { ["X-CSRF-TOKEN"] = token },
        });
        Assert.That(put.Status, Is.EqualTo(200), await put.TextAsync());

        await page.GotoAsync($"{root}/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Help the classifier" }).ClickAsync();
        await page.WaitForURLAsync("**/queue");
        Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo("Help the classifier"));
        var first = await QueuedIdsAsync(page);
        Assert.That(first, Has.Length.EqualTo(QueueSize).And.Unique);
        Assert.That(first, Does.Not.Contain(leastSure.Id));
        // The least sure: none of the listed posts is further from its threshold than the unlisted posts that are no copy of a listed one.
        var byId = stored.ToDictionary(p => p.Id);
        var listedMargins = first.Select(id => byId[id].Margin).ToList();
        Assert.That(listedMargins, Is.Ordered, "least sure first");
        var shingles = first.Select(id => NearCopies.Shingles(byId[id].Text)).ToList();
        for (var i = 0; i < shingles.Count; i++)
            for (var j = i + 1; j < shingles.Count; j++)
                Assert.That(NearCopies.Jaccard(shingles[i], shingles[j]), Is.LessThan(NearCopies.Similar), "no near-copies on the page");
        var passedOver = stored.Where(p => p.Id != leastSure.Id && !first.Contains(p.Id)
            && shingles.All(s => NearCopies.Jaccard(s, NearCopies.Shingles(p.Text)) < NearCopies.Similar)
            && NearCopies.Jaccard(NearCopies.Shingles(leastSure.Text), NearCopies.Shingles(p.Text)) < NearCopies.Similar).ToList();
        Assert.That(passedOver.Min(p => p.Margin), Is.GreaterThanOrEqualTo(listedMargins.Max() - 1e-6), "the queue holds the least sure posts");

        // A verdict from the queue: stored, and the post leaves the queue (another takes its place).
        var judged = first[0];
        await page.Locator($"#post-{judged}").GetByRole(AriaRole.Button, new() { Name = "adverse event", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/queue");
        var verdict = await api.GetAsync($"{root}/api/posts/{judged}/verdict");
        Assert.That(await verdict.TextAsync(), Does.Contain("\"verdict\":\"adverse_event\"").And.Contain("\"reviewer\":\"local\""));
        var second = await QueuedIdsAsync(page);
        Assert.That(second, Does.Not.Contain(judged).And.Unique);
        Assert.That(second, Has.Length.EqualTo(QueueSize), "topped up again");
        Assert.That(first.Skip(1), Is.SubsetOf(second), "the other queued posts stay until judged");

        // Judged elsewhere (the JSON API, as the evidence page would): it leaves the queue too.
        var elsewhere = second[^1];
        put = await api.PutAsync($"{root}/api/posts/{elsewhere}/verdict", new()
        {
            DataObject = new Dictionary<string, string> { ["verdict"] = "usage_question" }, Headers = new Dictionary<string, string> { ["X-CSRF-TOKEN"] = token },
        });
        Assert.That(put.Status, Is.EqualTo(200), await put.TextAsync());
        await page.ReloadAsync();
        var third = await QueuedIdsAsync(page);
        Assert.That(third, Does.Not.Contain(elsewhere).And.Not.Contain(judged).And.Not.Contain(leastSure.Id).And.Unique);
        await page.CloseAsync();
        await ScreenshotsAsync($"{root}/queue");
    }

    /// <summary>The queue at a desktop's and a phone's width, no sideways scrolling; written to docs/screenshots only by scripts/screenshots.sh.</summary>
    private async Task ScreenshotsAsync(string url)
    {
        var dir = Environment.GetEnvironmentVariable("SIGNALS_SCREENSHOTS_DIR") is { Length: > 0 } asked ? asked : TestPaths.TempDirectory();
        Directory.CreateDirectory(dir);
        foreach (var (name, width, height) in new[] { ("review-queue-desktop.png", 1280, 900), ("review-queue-phone.png", 390, 844) })
        {
            var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, DeviceScaleFactor = 1 });
            await page.GotoAsync(url);
            var path = Path.Combine(dir, name);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
            var png = await File.ReadAllBytesAsync(path);
            Assert.That((Signals.Tests.Alerts.Png.Width(png), Signals.Tests.Alerts.Png.Height(png)), Is.EqualTo((width, height)));
            Assert.That(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(width), $"{name}: no sideways scrolling");
            await page.CloseAsync();
        }
    }
}
