using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;
using Signals.Tests.EndToEnd;
using Signals.Tests.Faults;
using Signals.Tests.Feeds;

namespace Signals.Tests.Review;

/// <summary>
/// The review page as an analyst uses it, in Debian's Chromium driven by Playwright (no browser download): a generated
/// surge is replayed, the worker (<c>signals run</c> with <c>Signals:Review:Port</c>) serves the page, and the test opens
/// the alert e-mail's link, pages through the evidence, records a verdict and a status, and reloads.
/// </summary>
[NonParallelizable]
public sealed partial class ReviewBrowserTests
{
    private const int PageSize = 20;
    private string _dir = null!;
    private WorkerProcess _worker = null!;
    private RunningWorker _running = null!;
    private int _port;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task ReplayASurgeAndServeTheReviewPage()
    {
        if (!File.Exists("/usr/bin/chromium")) Assert.Fail("This test needs Debian's chromium (/usr/bin/chromium); scripts/test.sh installs it.");
        _dir = TestPaths.TempDirectory();
        _port = LoopbackHttpServer.FreePort();
        _worker = new WorkerProcess(_dir);
        _worker.Environment["Signals__Review__BaseUrl"] = $"http://127.0.0.1:{_port}/";
        _worker.Environment["Signals__Review__PageSize"] = PageSize.ToString();
        // The surge is of 2017: with the default 90-day retention the running worker would empty every post's text but the
        // e-mail's examples (issue 18), and there would be no evidence to page through.
        _worker.Environment["Signals__Storage__TextRetention"] = "0";
        var (exit, stdout, stderr) = await _worker.RunAsync("replay", await SurgeFile.WriteAsync(_dir));
        Assert.That(exit, Is.EqualTo(0), stdout + stderr);

        // The worker itself serves the page, beside its feeds (one drop folder that stays empty).
        var empty = Path.Combine(_dir, "none.jsonl");
        await File.WriteAllTextAsync(empty, "");
        var feeds = Path.Combine(_dir, "feeds.json");
        await File.WriteAllTextAsync(feeds, $$"""{ "feeds": [ { "name": "drop", "type": "jsonl", "location": "{{empty}}", "interval": "01:00:00" } ] }""");
        _worker.Environment["Signals__Review__Port"] = _port.ToString();
        _running = RunningWorker.Start(_worker, feeds);
        using var http = new HttpClient();
        await _running.WaitUntilAsync(async () =>
        {
            try { return (await http.GetAsync($"http://127.0.0.1:{_port}/")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(60), "the review page");

        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        _running?.Dispose();
        if (_dir is not null && Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The link of the first alert e-mail, read from the .eml the worker left in the pickup folder.</summary>
    private string EmailLink()
    {
        var eml = Directory.GetFiles(_worker.OutboxPath, "*.eml").Single(f => !f.Contains("-update-"));
        var html = MimeMessage.Load(eml).HtmlBody ?? "";
        var link = AlertLink().Match(html);
        Assert.That(link.Success, Is.True, $"the e-mail links to its episode page:\n{html}");
        return WebUtility.HtmlDecode(link.Groups[1].Value);
    }

    [Test]
    public async Task An_analyst_opens_the_emails_link_pages_through_the_evidence_and_the_verdict_and_status_are_kept()
    {
        var link = EmailLink();
        Assert.That(link, Does.StartWith($"http://127.0.0.1:{_port}/alerts/"));
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        await page.GotoAsync(link);
        Assert.That(await page.Locator("h1").InnerTextAsync(), Does.StartWith("levothyroxine"));
        var total = int.Parse(TotalPosts().Match(await page.Locator(".evidence .count").InnerTextAsync()).Groups[1].Value);
        Assert.That(total, Is.GreaterThan(PageSize * 2), "enough evidence for several pages");
        var chart = await page.EvaluateAsync<int>("() => document.querySelector('img.chart').naturalWidth");
        Assert.That(chart, Is.EqualTo(Signals.Alerts.AlertChart.Width), "the chart PNG loaded");

        // Page through every page of evidence, older each time: every post appears once, newest first.
        var seen = new List<string>();
        var times = new List<DateTimeOffset>();
        string? hostilePage = null;
        for (var n = 1; ; n++)
        {
            var ids = await page.Locator("article.post").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.postId)");
            var stamps = await page.Locator("article.post time").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('datetime'))");
            Assert.That(ids, Has.Length.EqualTo(n * PageSize <= total ? PageSize : total - (n - 1) * PageSize), $"page {n}");
            seen.AddRange(ids);
            times.AddRange(stamps.Select(s => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture)));
            if (await page.Locator("article.post p.text", new() { HasText = "<script>" }).CountAsync() > 0) hostilePage ??= page.Url;
            var older = page.Locator("nav.pager a[rel=next]").First;
            if (await older.CountAsync() == 0) break;
            await older.ClickAsync();
            await page.WaitForURLAsync($"**/alerts/*?page={n + 1}");
        }
        Assert.That(seen, Has.Count.EqualTo(total).And.Unique);
        Assert.That(times, Is.Ordered.Descending);
        Assert.That(hostilePage, Is.Not.Null, "the hostile post is among the evidence");

        // The hostile post: its markup is shown as text, nothing ran and no image element was made from it.
        await page.GotoAsync(hostilePage!);
        var hostile = page.Locator("article.post", new() { Has = page.Locator("p.text", new() { HasText = "<script>" }) });
        Assert.That(await hostile.Locator("p.text").InnerTextAsync(), Is.EqualTo(SurgeFile.Hostile));
        Assert.That(await hostile.Locator("p.text img, p.text script").CountAsync(), Is.Zero);
        Assert.That(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), Is.True);
        Assert.That(dialogs, Is.Zero);

        // A verdict on the hostile post and one on a post of the last page, then the alert's status.
        var hostileId = await hostile.GetAttributeAsync("data-post-id");
        await hostile.GetByRole(AriaRole.Button, new() { Name = "adverse event", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**#post-{hostileId}");
        await page.GotoAsync($"{link}?page={(total + PageSize - 1) / PageSize}");
        var lastPost = page.Locator("article.post").Last;
        var lastId = await lastPost.GetAttributeAsync("data-post-id");
        await lastPost.GetByRole(AriaRole.Button, new() { Name = "usage question" }).ClickAsync();
        await page.WaitForURLAsync($"**#post-{lastId}");
        await page.GotoAsync(link);
        await page.Locator("select[name=status]").SelectOptionAsync("under_review");
        await page.Locator("textarea[name=comment]").FillAsync("Cramps & fatigue <b>cluster</b>; ask the MAH");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save status" }).ClickAsync();
        await page.WaitForLoadStateAsync();

        // Reload: all three are kept, with who.
        await page.ReloadAsync();
        Assert.That(await page.Locator("select[name=status]").InputValueAsync(), Is.EqualTo("under_review"));
        Assert.That(await page.Locator("textarea[name=comment]").InputValueAsync(), Is.EqualTo("Cramps & fatigue <b>cluster</b>; ask the MAH"));
        Assert.That(await page.Locator(".review .who").InnerTextAsync(), Does.StartWith("Set to under review by local"));
        Assert.That(await page.Locator("h1 .badge").InnerTextAsync(), Is.EqualTo("under review"));
        await page.GotoAsync(hostilePage!);
        var judged = page.Locator($"#post-{hostileId}");
        Assert.That(await judged.Locator("button[aria-pressed=true]").InnerTextAsync(), Is.EqualTo("adverse event"));
        Assert.That(await judged.Locator(".who").InnerTextAsync(), Does.StartWith("Judged adverse event by local"));
        await page.GotoAsync($"{link}?page={(total + PageSize - 1) / PageSize}");
        Assert.That(await page.Locator($"#post-{lastId} button[aria-pressed=true]").InnerTextAsync(), Is.EqualTo("usage question"));

        // The JSON API says the same, and the list filters by status.
        var api = await page.APIRequest.GetAsync($"http://127.0.0.1:{_port}/api/posts/{lastId}/verdict");
        Assert.That(await api.TextAsync(), Does.Contain("\"verdict\":\"usage_question\"").And.Contain("\"reviewer\":\"local\""));
        await page.GotoAsync($"http://127.0.0.1:{_port}/?status=under_review");
        Assert.That(await page.Locator("table.alerts tbody tr").CountAsync(), Is.EqualTo(1));
        await page.GotoAsync($"http://127.0.0.1:{_port}/?status=dismissed");
        Assert.That(await page.Locator("table.alerts tbody tr").CountAsync(), Is.Zero);

        await ScreenshotsAsync(link);

        // A PUT to the JSON API needs the anti-forgery token in its header, not just the cookies.
        var verdictUrl = $"http://127.0.0.1:{_port}/api/posts/{hostileId}/verdict";
        var body = new Dictionary<string, string> { ["verdict"] = "not_adverse_event" };
        var forged = await page.APIRequest.PutAsync(verdictUrl, new() { DataObject = body });
        Assert.That(forged.Status, Is.EqualTo(400));
        var token = (await (await page.APIRequest.GetAsync($"http://127.0.0.1:{_port}/api/antiforgery")).JsonAsync())!.Value.GetProperty("token").GetString()!;
        var put = await page.APIRequest.PutAsync(verdictUrl, new() { DataObject = body, Headers = new Dictionary<string, string> { ["X-CSRF-TOKEN"] = token } });
        Assert.That(put.Status, Is.EqualTo(200), await put.TextAsync());
        Assert.That(await (await page.APIRequest.GetAsync(verdictUrl)).TextAsync(), Does.Contain("\"verdict\":\"not_adverse_event\""));
        await page.CloseAsync();
    }

    /// <summary>
    /// The alert page (its top, and its evidence posts) at a phone's width and a desktop's: checked here, written to a temporary
    /// folder (a test changes no tracked file); scripts/screenshots.sh sets SIGNALS_SCREENSHOTS_DIR=docs/screenshots to
    /// refresh the pictures of docs/review.md.
    /// </summary>
    private async Task ScreenshotsAsync(string link)
    {
        var dir = Environment.GetEnvironmentVariable("SIGNALS_SCREENSHOTS_DIR") is { Length: > 0 } asked ? asked : TestPaths.TempDirectory();
        Directory.CreateDirectory(dir);
        foreach (var (name, width, height, section) in new[]
                 {
                     ("review-alert-phone.png", 390, 844, "h1"), ("review-alert-desktop.png", 1280, 900, "h1"),
                     ("review-evidence-phone.png", 390, 844, ".evidence"), ("review-evidence-desktop.png", 1280, 900, ".evidence"),
                 })
        {
            var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, DeviceScaleFactor = 1 });
            await page.GotoAsync(link);
            await page.EvaluateAsync($"() => document.querySelector('{section}').scrollIntoView()");
            var path = Path.Combine(dir, name);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
            var png = await File.ReadAllBytesAsync(path);
            Assert.That((Signals.Tests.Alerts.Png.Width(png), Signals.Tests.Alerts.Png.Height(png)), Is.EqualTo((width, height)));
            Assert.That(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(width), $"{name}: no sideways scrolling");
            await page.CloseAsync();
        }
    }

    [GeneratedRegex("href=\"(http://[^\"]+/alerts/\\d+)\"")]
    private static partial Regex AlertLink();

    [GeneratedRegex(@"of (\d+)")]
    private static partial Regex TotalPosts();
}
